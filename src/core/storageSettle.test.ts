import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from './record.js'
import { storageSettled } from './storageSettle.js'
import type { Timers } from './types.js'

const timers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

describe('storageSettled', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('default: other storages than the page\'s localStorage need no wait', () => {
    expect(storageSettled(createMemoryStorage(), 'latchkey.session', timers)).toBeNull()
  })

  test('behavior: ends when another tab\'s write of the key arrives', async () => {
    let settled = false
    void storageSettled(window.localStorage, 'latchkey.session', timers, 100)!.then(() => (settled = true))
    window.dispatchEvent(new StorageEvent('storage', { key: 'something.else' }))
    await vi.advanceTimersByTimeAsync(10)
    expect(settled).toBe(false)
    window.dispatchEvent(new StorageEvent('storage', { key: 'latchkey.session' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('behavior: ends after `ms` when no write comes', async () => {
    let settled = false
    void storageSettled(window.localStorage, 'latchkey.session', timers, 100)!.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(99)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(settled).toBe(true)
  })
})
