import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  createFakeAuthApi,
  createFakeChannelHub,
  createFakeLockManager,
  createFakeTime,
  createFakeVisibility,
  createMemoryStorage,
} from '../testing/fakes.js'
import type { FakeAuthApiOptions } from '../testing/fakes.js'
import { createAuthClient } from './createAuthClient.js'
import type { AuthClientOptions } from './createAuthClient.js'
import { createStorageLock } from './lock.js'
import type { FetchLike } from './transport.js'
import type { AuthClient, AuthEvent } from './types.js'

const T0 = Date.UTC(2026, 10, 21, 8, 0, 0)
const MIN = 60_000
const HOUR = 60 * MIN
const KEY = 'latchkey.session'

/**
 * One simulated browser profile: N tabs sharing storage, a lock manager and a channel hub,
 * talking to one fake auth API with real rotation and reuse detection.
 */
function profile(n: number, perTab: (index: number) => AuthClientOptions = () => ({}), apiOptions: FakeAuthApiOptions = {}) {
  const api = createFakeAuthApi(apiOptions)
  let okRefreshes = 0
  const fetch: FetchLike = async (input, init) => {
    const response = await api.fetch(input, init)
    if (String(input).endsWith('/refresh') && response.ok) okRefreshes += 1
    return response
  }
  const storage = createMemoryStorage()
  const locks = createFakeLockManager()
  const hub = createFakeChannelHub()
  const events: Array<{ tab: number; event: AuthEvent }> = []
  const tabs: AuthClient[] = []
  const stops: Array<() => void> = []
  for (let index = 0; index < n; index++) {
    const tab = createAuthClient({ fetch, storageAdapter: storage, lock: locks, channel: hub.factory, visibility: null, ...perTab(index) })
    stops.push(tab.onAuthStateChange((event) => events.push({ tab: index, event })))
    tabs.push(tab)
  }
  return {
    api,
    storage,
    locks,
    hub,
    tabs,
    events,
    okRefreshes: () => okRefreshes,
    signOuts: () => events.filter(({ event }) => event.type === 'SIGNED_OUT'),
    stored: () => JSON.parse(storage.getItem(KEY) ?? 'null') as { accessToken: string; refreshToken: string } | null,
    close: () => stops.forEach((stop) => stop()),
  }
}

async function signIn(browser: ReturnType<typeof profile>, tab = 0) {
  await browser.tabs[tab]!.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe.each([1, 5, 10])('%i tabs', (n) => {
  test('behavior: six hours, one refresh request per rotation, zero sign-outs', async () => {
    const browser = profile(n)
    await signIn(browser)
    expect(browser.tabs.every((tab) => tab.getState().status === 'authenticated')).toBe(true)
    await vi.advanceTimersByTimeAsync(6 * HOUR)
    // 15-minute tokens refreshed a minute early: one rotation every 14 minutes.
    expect(browser.api.rotations).toBe(Math.floor((6 * HOUR) / (14 * MIN)))
    expect(browser.api.count('/refresh')).toBe(browser.api.rotations)
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    expect(browser.api.reuseDetections).toBe(0)
    expect(browser.signOuts()).toEqual([])
    const token = browser.stored()?.accessToken
    for (const tab of browser.tabs) expect(await tab.getAccessToken()).toBe(token)
    // Every tab heard of every rotation.
    for (let index = 0; index < n; index++) {
      expect(browser.events.filter((entry) => entry.tab === index && entry.event.type === 'TOKEN_REFRESHED')).toHaveLength(browser.api.rotations)
    }
    browser.close()
  })

  test('behavior: the auth server unreachable for 20 minutes, then back: no sign-out, the session resumes', async () => {
    const browser = profile(n, () => ({ timeout: 5_000 }))
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(HOUR)
    const before = browser.api.rotations
    browser.api.fail('network')
    await vi.advanceTimersByTimeAsync(20 * MIN)
    expect(browser.tabs.every((tab) => tab.getState().status === 'authenticated')).toBe(true)
    expect(browser.tabs.some((tab) => { const state = tab.getState(); return state.status === 'authenticated' && state.network === 'offline' })).toBe(true)
    browser.api.fail(null)
    await vi.advanceTimersByTimeAsync(2 * MIN)
    expect(browser.api.rotations).toBe(before + 1)
    expect(browser.tabs.every((tab) => { const state = tab.getState(); return state.status === 'authenticated' && state.network === 'online' })).toBe(true)
    await vi.advanceTimersByTimeAsync(2 * HOUR)
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    expect(browser.api.reuseDetections).toBe(0)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })

  test('behavior: hanging requests (timeouts) for a while: no sign-out', async () => {
    const browser = profile(n, () => ({ timeout: 5_000 }))
    await signIn(browser)
    browser.api.fail('timeout')
    await vi.advanceTimersByTimeAsync(30 * MIN)
    browser.api.fail(null)
    await vi.advanceTimersByTimeAsync(2 * HOUR)
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    expect(browser.api.reuseDetections).toBe(0)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })

  test('behavior: a session revoked elsewhere ends in every tab with one refresh request, reason revoked', async () => {
    const browser = profile(n)
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(HOUR)
    const { session } = browser.tabs[0]!.getState() as { session: { id: string } }
    browser.api.revoke(session.id)
    const before = browser.api.count('/refresh')
    await vi.advanceTimersByTimeAsync(HOUR)
    // One tab learns of it at its next refresh; the others hear it, and ask nothing.
    expect(browser.api.count('/refresh') - before).toBe(1)
    expect(browser.tabs.every((tab) => tab.getState().status === 'unauthenticated')).toBe(true)
    expect(browser.signOuts().map(({ event }) => (event as { reason?: string }).reason)).toEqual(Array(n).fill('revoked'))
    expect(browser.stored()).toBeNull()
    browser.close()
  })

  test.each([HOUR, -HOUR])('behavior: one tab with its clock off by %i ms: no reuse, no sign-out', async (offset) => {
    const browser = profile(n, (index) => (index === n - 1 ? { clock: { now: () => Date.now() + offset } } : {}))
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(6 * HOUR)
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    // At most one early rotation while the skewed tab learns its own offset.
    expect(browser.api.rotations).toBeLessThanOrEqual(Math.floor((6 * HOUR) / (14 * MIN)) + 1)
    expect(browser.api.reuseDetections).toBe(0)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })
})

describe('cross-tab', () => {
  test('behavior: sign-in and sign-out reach every tab', async () => {
    const browser = profile(3)
    await vi.advanceTimersByTimeAsync(0)
    await signIn(browser, 1)
    expect(browser.tabs.map((tab) => tab.getState().status)).toEqual(['authenticated', 'authenticated', 'authenticated'])
    expect(browser.events.filter(({ event }) => event.type === 'SIGNED_IN').map(({ tab }) => tab).sort()).toEqual([0, 1, 2])
    await browser.tabs[2]!.signOut()
    await vi.advanceTimersByTimeAsync(0)
    expect(browser.tabs.map((tab) => tab.getState().status)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated'])
    const reasons = browser.signOuts().map(({ tab, event }) => [tab, event.type === 'SIGNED_OUT' && event.reason])
    expect(reasons.sort()).toEqual([[0, 'other_tab'], [1, 'other_tab'], [2, 'user']])
    expect(browser.api.logouts).toBe(1)
    browser.close()
  })

  test('behavior: expiry clears the session in every tab', async () => {
    const browser = profile(3, () => ({}), { sessionTtl: HOUR })
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(browser.tabs.map((tab) => tab.getState().status)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated'])
    expect(browser.signOuts().map(({ event }) => event.type === 'SIGNED_OUT' && event.reason)).toEqual(['expired', 'expired', 'expired'])
    expect(browser.storage.getItem(KEY)).toBeNull()
    browser.close()
  })

  test('behavior: a tab whose timers are frozen hears of the expiry from the others', async () => {
    const frozen = { setTimeout: () => 0, clearTimeout: () => {} }
    const browser = profile(2, (index) => (index === 1 ? { timers: frozen } : {}), { sessionTtl: HOUR })
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(browser.tabs[1]!.getState().status).toBe('unauthenticated')
    expect(browser.signOuts().map(({ tab, event }) => [tab, event.type === 'SIGNED_OUT' && event.reason])).toEqual([
      [0, 'expired'],
      [1, 'expired'],
    ])
    browser.close()
  })

  test('behavior: refreshes say active only after user input since the last one, in any tab', async () => {
    const inputs = [0, 1].map(() => {
      const listeners = new Set<() => void>()
      return {
        source: { subscribe: (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener)) },
        input: () => listeners.forEach((listener) => listener()),
      }
    })
    const browser = profile(2, (index) => ({ activity: inputs[index]!.source }))
    await signIn(browser)
    const actives = () => browser.api.requests.filter((request) => request.path === '/refresh').map((request) => (request.body as { active: boolean }).active)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    inputs[1]!.input() // the user works in tab 1; either tab may refresh
    await vi.advanceTimersByTimeAsync(14 * MIN)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    inputs[0]!.input()
    await vi.advanceTimersByTimeAsync(5 * MIN)
    inputs[0]!.input() // again, within the write throttle
    await vi.advanceTimersByTimeAsync(9 * MIN)
    expect(actives()).toEqual([false, true, false, true])
    browser.close()
  })

  test('behavior: no lock is held while user callbacks run', async () => {
    const browser = profile(3)
    const heldDuringCallbacks: boolean[] = []
    for (const tab of browser.tabs) {
      tab.onAuthStateChange((event) => {
        if (event.type === 'TOKEN_REFRESHED') heldDuringCallbacks.push(browser.locks.isHeld(`latchkey:${KEY}:refresh`))
      })
    }
    await signIn(browser)
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(heldDuringCallbacks.length).toBe(3 * browser.api.rotations)
    expect(heldDuringCallbacks.every((held) => !held)).toBe(true)
    browser.close()
  })

  test('behavior: a laptop sleeps for three hours; every tab wakes at once: one refresh, no sign-out', async () => {
    const time = createFakeTime(T0)
    const visibility = createFakeVisibility()
    const browser = profile(5, () => ({ clock: time.clock, timers: time.timers, visibility: visibility.source }), { now: time.clock.now })
    await browser.tabs[0]!.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    await time.advance(10 * MIN)
    time.jump(3 * HOUR) // asleep: no timer fired
    visibility.wake('visible')
    await time.advance(0)
    expect(browser.api.rotations).toBe(1)
    expect(browser.okRefreshes()).toBe(1)
    const token = browser.stored()?.accessToken
    for (const tab of browser.tabs) expect(await tab.getAccessToken()).toBe(token)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })

  test('behavior: an orphaned lock is recovered after the bounded wait', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const browser = profile(3, () => ({ lockTimeout: 10_000 }))
    await signIn(browser)
    const release = browser.locks.hold(`latchkey:${KEY}:refresh`)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(browser.api.rotations).toBe(0)
    await vi.advanceTimersByTimeAsync(12_000)
    expect(browser.api.rotations).toBe(1)
    expect(browser.okRefreshes()).toBe(1)
    expect(warn).toHaveBeenCalledTimes(1)
    release()
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })

  test('behavior: without Web Locks the storage lease keeps one refresh per rotation', async () => {
    const storage = createMemoryStorage()
    const browser = profile(5, () => ({
      storageAdapter: storage,
      lock: createStorageLock(storage, { clock: { now: () => Date.now() }, timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) } }),
    }))
    // profile() made its own storage; these tabs use the shared one above.
    await browser.tabs[0]!.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    await vi.advanceTimersByTimeAsync(3 * HOUR)
    expect(browser.api.rotations).toBe(Math.floor((3 * HOUR) / (14 * MIN)))
    expect(browser.okRefreshes()).toBe(browser.api.rotations)
    expect(browser.api.reuseDetections).toBe(0)
    expect(browser.signOuts()).toEqual([])
    browser.close()
  })

  test('behavior: a stored newer token is adopted without a request after the page wakes', async () => {
    const browser = profile(2)
    await signIn(browser)
    // Tab 1 is frozen (no channel messages): simulate by closing its listeners, then reopening.
    await vi.advanceTimersByTimeAsync(15 * MIN)
    expect(browser.api.rotations).toBe(1)
    expect(await browser.tabs[1]!.getAccessToken()).toBe(browser.stored()?.accessToken)
    expect(browser.api.count('/refresh')).toBe(1)
    browser.close()
  })
})
