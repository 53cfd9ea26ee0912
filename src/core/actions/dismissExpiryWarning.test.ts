import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createTestAuth } from '../../testing/index.js'
import { createAuthClient } from '../createAuthClient.js'
import { createMemoryStorage } from '../record.js'
import type { SessionBody } from '../protocol.js'
import type { AuthClient, AuthEvent, AuthState } from '../types.js'

const MIN = 60_000

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
})
afterEach(() => {
  vi.useRealTimers()
})

const signedIn = (client: AuthClient) => {
  const state = client.getState()
  if (state.status !== 'authenticated') throw new Error(`expected authenticated, got ${state.status}`)
  return state
}

function record(events: AuthEvent[], client: AuthClient) {
  return client.onAuthStateChange((event) => {
    if (event.type !== 'INITIAL_SESSION') events.push(event)
  })
}

describe('dismissExpiryWarning', () => {
  test('default: hides the warning of the current session; signed out it does nothing', async () => {
    const auth = createTestAuth()
    expect(() => auth.client.dismissExpiryWarning()).not.toThrow()
    expect(auth.client.getState().status).toBe('unauthenticated')

    await auth.signIn('ada@example.com')
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(false)
    auth.client.dismissExpiryWarning()
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(true)
  })

  test('behavior: the dismissal reaches every tab of the browser, and a reload keeps it', async () => {
    const auth = createTestAuth({ server: { sessionTtl: 10 * 60 } })
    await auth.signIn('ada@example.com')
    const tab = auth.openTab()
    const states: AuthState[] = []
    const stops = [auth.client.subscribe(() => {}), tab.subscribe(() => states.push(tab.getState()))]
    expect(signedIn(tab).expiryWarningDismissed).toBe(false)

    auth.client.dismissExpiryWarning()
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(true)
    await vi.advanceTimersByTimeAsync(0) // the channel delivers asynchronously
    expect(signedIn(tab).expiryWarningDismissed).toBe(true)
    // One change in the other tab: the flag, nothing else.
    expect(states).toHaveLength(1)
    expect(states[0]).toMatchObject({ status: 'authenticated', expiryWarningDismissed: true })
    expect(signedIn(auth.reload()).expiryWarningDismissed).toBe(true)
    for (const stop of stops) stop()
  })

  test('behavior: a token refresh keeps the dismissal (in the refreshing tab and the others)', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const tab = auth.openTab()
    const stops = [auth.client.subscribe(() => {}), tab.subscribe(() => {})]
    const before = signedIn(auth.client).session
    auth.client.dismissExpiryWarning()

    // Up to the scheduled refresh (14 min), then let the real crypto of the server finish.
    await vi.advanceTimersByTimeAsync(14 * MIN + 1_000)
    await vi.waitFor(() => expect(signedIn(auth.client).session.accessTokenExpiresAt).toBeGreaterThan(before.accessTokenExpiresAt))
    await vi.waitFor(() => expect(signedIn(tab).session.accessTokenExpiresAt).toBe(signedIn(auth.client).session.accessTokenExpiresAt))
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(true)
    expect(signedIn(tab).expiryWarningDismissed).toBe(true)
    expect(signedIn(auth.reload()).expiryWarningDismissed).toBe(true)
    for (const stop of stops) stop()
  })

  test('behavior: a dismissal never writes back tokens another tab has rotated since', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const tab = auth.openTab()
    const token = await auth.client.getAccessToken()
    // The other tab rotates while this one looks elsewhere (no subscribers: no channel).
    await tab.refresh()
    const rotated = await tab.getAccessToken()
    expect(rotated).not.toBe(token)

    auth.client.dismissExpiryWarning()
    expect(await auth.client.getAccessToken()).toBe(rotated)
    // And the rotated refresh token still works: no reuse was presented.
    await auth.client.refresh()
    expect(signedIn(auth.client).status).toBe('authenticated')
  })

  test('behavior: signing in again starts a new session with the warning shown', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    auth.client.dismissExpiryWarning()
    await vi.advanceTimersByTimeAsync(30_000) // the resend cooldown
    await auth.signIn('ada@example.com')
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(false)
  })

  test('behavior: storage that refuses writes still hides the warning in this tab', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const setItem = vi.spyOn(auth.browser.storage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    auth.client.dismissExpiryWarning()
    expect(signedIn(auth.client).expiryWarningDismissed).toBe(true)
    setItem.mockRestore()
    warn.mockRestore()
  })
})

describe('dismissal in cookie mode', () => {
  test('behavior: a newer initialSession for the same session keeps the stored dismissal; another session does not', () => {
    const now = Date.now()
    const body: SessionBody = {
      id: 'ses_1',
      user: { id: 'usr_1', email: 'ada@example.com', alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: now },
      accessTokenExpiresAt: now + 15 * MIN,
      expiresAt: now + 7 * 24 * 60 * MIN,
      serverNow: now,
    }
    const client = (initialSession: SessionBody) => {
      const storage = createMemoryStorage()
      storage.setItem('latchkey.session', JSON.stringify({ v: 1, mode: 'cookie', session: body, skew: 0, expiryWarningDismissed: true }))
      return createAuthClient({ storage: 'cookie', storageAdapter: storage, initialSession, channel: null, lock: null, visibility: null, activity: null })
    }
    expect(client({ ...body, serverNow: now + 1_000 }).getState()).toMatchObject({ status: 'authenticated', expiryWarningDismissed: true })
    expect(client({ ...body, id: 'ses_2', serverNow: now + 1_000 }).getState()).toMatchObject({ status: 'authenticated', expiryWarningDismissed: false })
  })
})

describe('verifyEmailSignIn while signed in', () => {
  test('behavior: the same user keeps the user object, gets a new session id, and the old session is revoked', async () => {
    const auth = createTestAuth()
    const events: AuthEvent[] = []
    const stop = record(events, auth.client)
    await auth.signIn('ada@example.com')
    const first = signedIn(auth.client)
    const oldToken = await auth.client.getAccessToken()

    await vi.advanceTimersByTimeAsync(30_000)
    await auth.signIn('ada@example.com')
    const second = signedIn(auth.client)
    expect(second.session.id).not.toBe(first.session.id)
    expect(second.user).toBe(first.user)
    expect(events.map((event) => event.type)).toEqual(['SIGNED_IN', 'SIGNED_IN'])
    await vi.waitFor(async () => {
      const me = await auth.fetch(`${auth.baseUrl}/me`, { headers: { authorization: `Bearer ${oldToken}` } })
      expect(me.status).toBe(401)
    })
    stop()
  })

  test('behavior: another user is SIGNED_OUT (user) then SIGNED_IN, here and in the other tabs', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const tab = auth.openTab()
    const here: AuthEvent[] = []
    const there: AuthEvent[] = []
    const stops = [record(here, auth.client), record(there, tab)]
    await vi.advanceTimersByTimeAsync(0)

    await auth.signIn('grace@example.com')
    expect(signedIn(auth.client).user.email).toBe('grace@example.com')
    expect(signedIn(tab).user.email).toBe('grace@example.com')
    expect(here).toEqual([{ type: 'SIGNED_OUT', reason: 'user' }, { type: 'SIGNED_IN' }])
    expect(there).toEqual([{ type: 'SIGNED_OUT', reason: 'other_tab' }, { type: 'SIGNED_IN' }])
    for (const stop of stops) stop()
  })
})
