import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createFakeLockManager, createMemoryStorage } from '../testing/fakes.js'
import { createStorageLock, withLock } from './lock.js'
import type { LockManagerLike } from './lock.js'
import type { Timers } from './types.js'

const timers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
const clock = { now: () => Date.now() }

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Type-level: the browser's own objects fit the edges as they are. */
export function _typeCheck(locks: LockManager): LockManagerLike {
  return locks
}

async function exclusive(locks: LockManagerLike, contenders: number) {
  let inside = 0
  let most = 0
  const order: number[] = []
  await Promise.all(
    Array.from({ length: contenders }, (_, index) =>
      locks.request('name', {}, async () => {
        inside += 1
        most = Math.max(most, inside)
        await new Promise((resolve) => setTimeout(resolve, 100))
        order.push(index)
        inside -= 1
      }),
    ),
  )
  return { most, order }
}

describe('withLock', () => {
  test('default: runs holding the lock and returns the result', async () => {
    const locks = createFakeLockManager()
    await expect(withLock(locks, 'a', async () => (locks.isHeld('a') ? 'held' : 'free'), { timeout: 1_000, timers })).resolves.toBe('held')
    expect(locks.isHeld('a')).toBe(false)
  })

  test('behavior: errors from the callback propagate and are not mistaken for a timeout', async () => {
    const locks = createFakeLockManager()
    await expect(withLock(locks, 'a', async () => Promise.reject(new Error('boom')), { timeout: 1_000, timers })).rejects.toThrow('boom')
  })

  test('behavior: an orphaned lock is stolen after the bounded wait', async () => {
    const locks = createFakeLockManager()
    locks.hold('a')
    const onOrphaned = vi.fn()
    const result = withLock(locks, 'a', async () => 'mine', { timeout: 5_000, timers, onOrphaned })
    await vi.advanceTimersByTimeAsync(4_999)
    expect(onOrphaned).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    await expect(result).resolves.toBe('mine')
    expect(onOrphaned).toHaveBeenCalledTimes(1)
  })

  test('behavior: recover() can settle without stealing', async () => {
    const locks = createFakeLockManager()
    locks.hold('a')
    const fn = vi.fn(async () => 'stole')
    const result = withLock(locks, 'a', fn, { timeout: 5_000, timers, recover: () => 'recovered' })
    await vi.advanceTimersByTimeAsync(5_000)
    await expect(result).resolves.toBe('recovered')
    expect(fn).not.toHaveBeenCalled()
    expect(locks.isHeld('a')).toBe(true)
  })
})

describe('createFakeLockManager', () => {
  test('behavior: exclusive, granted in request order', async () => {
    const pending = exclusive(createFakeLockManager(), 5)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await pending).toEqual({ most: 1, order: [0, 1, 2, 3, 4] })
  })

  test('parameters: ifAvailable gets null while held', async () => {
    const locks = createFakeLockManager()
    locks.hold('a')
    await expect(locks.request('a', { ifAvailable: true }, (lock) => lock)).resolves.toBeNull()
  })
})

describe('createStorageLock', () => {
  test('behavior: tabs sharing one storage are mutually exclusive', async () => {
    const storage = createMemoryStorage()
    // One manager per tab, as each tab would create its own.
    const tabs = Array.from({ length: 4 }, () => createStorageLock(storage, { clock, timers }))
    let inside = 0
    let most = 0
    let done = 0
    for (const tab of tabs) {
      void tab.request('refresh', {}, async () => {
        inside += 1
        most = Math.max(most, inside)
        await new Promise((resolve) => setTimeout(resolve, 500))
        inside -= 1
        done += 1
      })
    }
    await vi.advanceTimersByTimeAsync(10_000)
    expect(done).toBe(4)
    expect(most).toBe(1)
    expect(storage.size).toBe(0)
  })

  test('behavior: a lease left by a closed tab lapses', async () => {
    const storage = createMemoryStorage({ 'refresh.lock': JSON.stringify({ owner: 'gone', expiresAt: Date.now() + 30_000 }) })
    const lock = createStorageLock(storage, { clock, timers })
    const ran = vi.fn()
    void lock.request('refresh', {}, ran)
    await vi.advanceTimersByTimeAsync(29_000)
    expect(ran).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(ran).toHaveBeenCalledTimes(1)
  })

  test('behavior: junk in the lease key reads as free; abort ends the wait', async () => {
    const storage = createMemoryStorage({ 'a.lock': '{nope' })
    const lock = createStorageLock(storage, { clock, timers })
    const first = lock.request('a', {}, () => new Promise<void>(() => {}))
    void first
    await vi.advanceTimersByTimeAsync(100)
    const controller = new AbortController()
    const second = lock.request('a', { signal: controller.signal }, () => 'no').catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(500)
    controller.abort()
    await vi.advanceTimersByTimeAsync(0)
    expect(await second).toMatchObject({ name: 'AbortError' })
  })
})
