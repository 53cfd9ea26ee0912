import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { AuthEventType } from '../core/index.js'
import { createTestAuth } from './createTestAuth.js'
import { createFakeTime } from './fakes.js'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('advanceToWarning / advanceToExpiry', () => {
  test('behavior: the client warns, then ends, and the server agrees — one clock for both', async () => {
    const auth = createTestAuth({ advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms) })
    await auth.signIn('ada@example.com')
    const events: AuthEventType[] = []
    auth.client.onAuthStateChange((event) => events.push(event.type))
    const start = Date.now()

    await auth.advanceToWarning()
    const state = auth.client.getState()
    expect(state).toMatchObject({ status: 'authenticated', expiring: true })
    expect(events).toContain('SESSION_EXPIRING')
    // The default 7-day session, warned 5 minutes before its end.
    expect(Date.now() - start).toBe(7 * 24 * 3600_000 - 5 * 60_000)
    // Still alive on the server at the warning: a refresh goes through.
    await auth.client.refresh()
    expect(auth.client.getState().status).toBe('authenticated')
    const token = await auth.client.getAccessToken()

    await auth.advanceToExpiry()
    expect(auth.client.getState()).toEqual({ status: 'unauthenticated' })
    expect(events).toContain('SIGNED_OUT')
    // The server's clock moved too: the last access token no longer opens /me.
    const me = await auth.fetch(`${auth.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
  })

  test('parameters: time — a createFakeTime drives server, client and timers', async () => {
    vi.useRealTimers()
    const time = createFakeTime(Date.UTC(2026, 10, 22, 9))
    const auth = createTestAuth({ time, server: { sessionTtl: 3600 }, client: { warnBefore: 60_000 } })
    await auth.signIn()
    await auth.advanceToWarning()
    expect(auth.client.getState()).toMatchObject({ expiring: true })
    expect(time.now()).toBe(Date.UTC(2026, 10, 22, 9) + 3600_000 - 60_000)
    await auth.advanceToExpiry()
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: without a way to move time, or signed out, it says what to do', async () => {
    const plain = createTestAuth()
    await expect(plain.advanceToWarning()).rejects.toThrow(/vi.advanceTimersByTimeAsync/)
    const timed = createTestAuth({ advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms) })
    await expect(timed.advanceToExpiry()).rejects.toThrow(/Call auth.signIn\(\) first/)
    expect(() => createTestAuth({ time: createFakeTime(), clock: { now: () => 0 } })).toThrow(TypeError)
  })
})
