import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  createFakeAuthApi,
  createFakeVisibility,
  createMemoryStorage,
} from '../testing/fakes.js'
import type { FakeAuthApiOptions } from '../testing/fakes.js'
import { createAuthClient } from './createAuthClient.js'
import type { AuthClientOptions } from './createAuthClient.js'
import { LatchkeyError } from './errors.js'
import type { TokenResponse } from './protocol.js'
import type { AuthClient, AuthEvent, AuthState, KeyValueStorage } from './types.js'

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0)
const MIN = 60_000
const KEY = 'latchkey.session'

function setup(options: AuthClientOptions = {}, apiOptions: FakeAuthApiOptions = {}) {
  const api = createFakeAuthApi(apiOptions)
  const storage = createMemoryStorage()
  const visibility = createFakeVisibility()
  const make = (more: AuthClientOptions = {}) =>
    createAuthClient({
      fetch: api.fetch,
      storageAdapter: storage,
      lock: null,
      channel: null,
      visibility: visibility.source,
      random: () => 0.5,
      ...options,
      ...more,
    })
  return { api, storage, visibility, make }
}

function seed(storage: KeyValueStorage, response: TokenResponse, skew = 0) {
  storage.setItem(
    KEY,
    JSON.stringify({ v: 1, mode: 'app', session: response.session, accessToken: response.accessToken, refreshToken: response.refreshToken, skew }),
  )
}

function events(client: AuthClient) {
  const seen: AuthEvent[] = []
  const stop = client.onAuthStateChange((event) => seen.push(event))
  return { seen, types: () => seen.map((event) => (event.type === 'SIGNED_OUT' ? `SIGNED_OUT:${event.reason}` : event.type)), stop }
}

const authenticated = (state: AuthState) => {
  if (state.status !== 'authenticated') throw new Error(`expected authenticated, got ${state.status}`)
  return state
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('createAuthClient', () => {
  test('default: creating the client touches nothing', () => {
    const storage = { getItem: vi.fn(() => null), setItem: vi.fn(), removeItem: vi.fn() }
    const fetch = vi.fn()
    const setTimeout = vi.fn()
    createAuthClient({ storageAdapter: storage, fetch, timers: { setTimeout, clearTimeout: vi.fn() } })
    expect(storage.getItem).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()
    expect(setTimeout).not.toHaveBeenCalled()
  })

  test('parameters: misuse is a TypeError at construction', () => {
    expect(() => createAuthClient({ baseUrl: 'auth' })).toThrow(TypeError)
    expect(() => createAuthClient({ storage: 'session' as 'app' })).toThrow(/'app' or 'cookie'/)
    expect(() => createAuthClient({ refreshMargin: -1 })).toThrow(/refreshMargin/)
    expect(() => createAuthClient({ storageKey: '' })).toThrow(/storageKey/)
  })

  test('parameters: messages overrides', () => {
    const client = createAuthClient({ messages: { signIn: 'Anmelden' } })
    expect(client.messages.signIn).toBe('Anmelden')
    expect(client.messages.signOut).toBe('Sign out')
    expect(client.options).toEqual({
      baseUrl: '/auth',
      storage: 'app',
      storageKey: KEY,
      mode: 'sign-in',
      onWalletMismatch: 'prompt',
      signOutOnChainChange: false,
    })
  })
})

describe('restore', () => {
  test('behavior: a stored session is authenticated on the first getState, without network', () => {
    const { api, storage, make } = setup()
    const issued = api.issue()
    seed(storage, issued)
    const client = make()
    const state = authenticated(client.getState())
    expect(state.user.email).toBe('ada@example.com')
    expect(state.session).toEqual({ id: issued.session.id, accessTokenExpiresAt: T0 + 15 * MIN, expiresAt: issued.session.expiresAt })
    expect(api.requests).toHaveLength(0)
  })

  test('behavior: nothing stored is unauthenticated at once (no loading flash)', () => {
    const { make } = setup()
    const client = make()
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
  })

  test('behavior: getState returns the same object until something changes', () => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    const client = make()
    expect(client.getState()).toBe(client.getState())
  })

  test.each([
    ['not JSON', '{"v":1,'],
    ['wrong shape', '{"v":1,"mode":"app","session":42}'],
    ['a string', '"hello"'],
  ])('behavior: junk in storage (%s) is signed out and removed, never a crash', (_name, junk) => {
    const { storage, make } = setup()
    storage.setItem(KEY, junk)
    const client = make()
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
  })

  test('behavior: a session past its absolute end is cleared on restore', () => {
    const { api, storage, make } = setup({}, { sessionTtl: 60 * MIN })
    seed(storage, api.issue())
    vi.setSystemTime(T0 + 61 * MIN)
    const client = make()
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
  })

  test('behavior: an expired access token is refreshed in the background after the first render', async () => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    vi.setSystemTime(T0 + 20 * MIN)
    const client = make()
    expect(client.getState().status).toBe('authenticated')
    expect(api.count('/refresh')).toBe(0)
    const stop = client.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(api.count('/refresh')).toBe(1)
    expect(authenticated(client.getState()).session.accessTokenExpiresAt).toBe(T0 + 35 * MIN)
    stop()
  })

  test('behavior: onAuthStateChange emits INITIAL_SESSION once per callback', async () => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    const client = make()
    const first = events(client)
    const second = events(client)
    await vi.advanceTimersByTimeAsync(0)
    expect(first.types()).toEqual(['INITIAL_SESSION'])
    expect(second.types()).toEqual(['INITIAL_SESSION'])
    first.stop()
    second.stop()
  })
})

describe('sign-in', () => {
  test('behavior: email code sign-in stores the session and emits SIGNED_IN', async () => {
    const { storage, make } = setup()
    const client = make()
    const log = events(client)
    await expect(client.startEmailSignIn({ email: 'ada@example.com' })).resolves.toMatchObject({ serverNow: T0 })
    const user = await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123 456' })
    expect(authenticated(client.getState()).user).toBe(user)
    expect(log.types()).toEqual(['INITIAL_SESSION', 'SIGNED_IN'])
    expect(JSON.parse(storage.getItem(KEY) ?? 'null')).toMatchObject({ v: 1, mode: 'app', session: { user: { email: 'ada@example.com' } } })
    log.stop()
  })

  test('behavior: a wrong code is a LatchkeyError with attemptsLeft; state unchanged', async () => {
    const { make } = setup()
    const client = make()
    const error = await client.verifyEmailSignIn({ email: 'ada@example.com', code: '000000' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LatchkeyError)
    expect(error).toMatchObject({ code: 'invalid_code', attemptsLeft: 4 })
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
  })

  test('behavior: a malformed answer is invalid_response, never a crash', async () => {
    const client = setup().make({ fetch: async () => new Response('{"session":{"id":1}}', { status: 200 }) })
    await expect(client.verifyEmailSignIn({ email: 'a@b.c', code: '123456' })).rejects.toMatchObject({ code: 'invalid_response' })
    expect(client.getState().status).toBe('unauthenticated')
  })
})

describe('refresh', () => {
  test('behavior: refreshes refreshMargin before the access token expires', async () => {
    const { api, make } = setup()
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const log = events(client)
    const stop = client.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(14 * MIN - 1)
    expect(api.count('/refresh')).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(api.count('/refresh')).toBe(1)
    expect(log.types()).toEqual(['INITIAL_SESSION', 'TOKEN_REFRESHED'])
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(api.count('/refresh')).toBe(2)
    expect(api.reuseDetections).toBe(0)
    stop()
    log.stop()
  })

  test('behavior: single-flight — 10 concurrent getAccessToken cause one request', async () => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    const client = make()
    vi.setSystemTime(T0 + 14 * MIN)
    const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAccessToken()))
    expect(api.count('/refresh')).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).toMatch(/^at_/)
    expect(JSON.parse(storage.getItem(KEY) ?? '{}').accessToken).toBe(tokens[0])
  })

  test('behavior: getAccessToken never hands out an expired token', async () => {
    const { api, storage, make } = setup()
    const issued = api.issue()
    seed(storage, issued)
    const client = make()
    expect(await client.getAccessToken()).toBe(issued.accessToken)
    vi.setSystemTime(T0 + 16 * MIN) // timers did not fire (a sleeping laptop)
    const token = await client.getAccessToken()
    expect(token).not.toBe(issued.accessToken)
    expect(api.count('/refresh')).toBe(1)
  })

  test('behavior: the user object is kept (===) across a refresh, with one notification', async () => {
    const { api, make } = setup()
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const before = authenticated(client.getState())
    let notifications = 0
    const stop = client.subscribe(() => (notifications += 1))
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(api.count('/refresh')).toBe(1)
    const after = authenticated(client.getState())
    expect(after).not.toBe(before)
    expect(after.user).toBe(before.user)
    expect(notifications).toBe(1)
    // A tick with nothing to do notifies nobody.
    await vi.advanceTimersByTimeAsync(MIN)
    expect(notifications).toBe(1)
    stop()
  })

  test('behavior: a changed user is a new object and USER_UPDATED', async () => {
    const { api, make } = setup()
    const client = make()
    const user = await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    api.updateUser(user.id, { name: 'Ada Lovelace' })
    const log = events(client)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(authenticated(client.getState()).user).toMatchObject({ name: 'Ada Lovelace' })
    expect(log.types()).toEqual(['INITIAL_SESSION', 'TOKEN_REFRESHED', 'USER_UPDATED'])
    log.stop()
  })

  test.each([
    ['network', 'network_error'],
    ['timeout', 'timeout'],
    [503, 'invalid_response'],
    [429, 'rate_limited'],
  ] as const)('behavior: %s failures never sign out; offline, backoff, then online', async (failure, code) => {
    const { api, make } = setup({ timeout: 5_000 })
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const log = events(client)
    api.fail(failure)
    const manual = client.refresh().catch((caught: unknown) => caught)
    await vi.advanceTimersByTimeAsync(5_000) // the timeout, for requests that hang
    expect(await manual).toMatchObject({ code })
    expect(authenticated(client.getState()).network).toBe('offline')
    // Retries follow the backoff (random() = 0.5: 0.75 s, 1.5 s, 3 s, ... capped at 45 s), not a loop.
    const attempts = api.count('/refresh')
    await vi.advanceTimersByTimeAsync(2 * MIN)
    const later = api.count('/refresh')
    expect(later).toBeGreaterThan(attempts + 2)
    expect(later).toBeLessThan(attempts + 12)
    expect(client.getState().status).toBe('authenticated')
    api.fail(null)
    await vi.advanceTimersByTimeAsync(60_000)
    const state = authenticated(client.getState())
    expect(state.network).toBe('online')
    expect(log.types()).not.toContain('SIGNED_OUT:revoked')
    expect(log.types().filter((type) => type.startsWith('SIGNED_OUT'))).toEqual([])
    expect(api.reuseDetections).toBe(0)
    log.stop()
  })

  test('behavior: backoff doubles up to the cap', async () => {
    const { api, make } = setup({ retry: { base: 1_000, cap: 8_000 } })
    const client = make({ random: () => 1 })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const stop = client.subscribe(() => {})
    api.fail('network')
    await vi.advanceTimersByTimeAsync(14 * MIN)
    const times = () => api.requests.filter((request) => request.path === '/refresh').map((request) => request.at - (T0 + 14 * MIN))
    await vi.advanceTimersByTimeAsync(60_000)
    // random() = 1: full steps of 1, 2, 4, 8, 8, ... seconds.
    expect(times().slice(0, 7)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 23_000, 31_000])
    stop()
  })

  test('behavior: while offline a still-valid token is handed out; an expired one is not', async () => {
    const { api, storage, make } = setup()
    const issued = api.issue()
    seed(storage, issued)
    const client = make()
    api.fail('network')
    vi.setSystemTime(T0 + 14 * MIN + 30_000)
    expect(await client.getAccessToken()).toBe(issued.accessToken)
    vi.setSystemTime(T0 + 15 * MIN)
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'network_error' })
    expect(client.getState().status).toBe('authenticated')
  })

  test('behavior: offline with nobody subscribed resumes when the first subscriber arrives', async () => {
    const { api, storage, visibility, make } = setup()
    seed(storage, api.issue())
    const client = make()
    api.fail('network')
    vi.setSystemTime(T0 + 14 * MIN)
    await expect(client.refresh()).rejects.toMatchObject({ code: 'network_error' })
    expect(authenticated(client.getState()).network).toBe('offline')
    api.fail(null)
    const stop = client.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(authenticated(client.getState()).network).toBe('online')
    expect(api.rotations).toBe(1)
    // `online` while online and nothing due sends nothing.
    visibility.wake('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(api.count('/refresh')).toBe(2)
    stop()
  })

  test.each([
    ['session_revoked', 'revoked'],
    ['reuse_detected', 'reuse_detected'],
    ['session_expired', 'expired'],
    ['invalid_grant', 'revoked'],
  ] as const)('behavior: a definite %s signs out with reason %s', async (code, reason) => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    const client = make({
      fetch: async (input, init) =>
        String(input).endsWith('/refresh')
          ? new Response(JSON.stringify({ error: code, message: 'no' }), { status: 401 })
          : api.fetch(input, init),
    })
    const log = events(client)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
    expect(log.types()).toEqual(['INITIAL_SESSION', `SIGNED_OUT:${reason}`])
    log.stop()
  })

  test('behavior: a rejection is ignored when another tab stored a newer token meanwhile', async () => {
    const { api, storage, make } = setup()
    const issued = api.issue()
    seed(storage, issued)
    let newer: TokenResponse | null = null
    const client = make({
      fetch: async (input, init) => {
        if (!String(input).endsWith('/refresh')) return api.fetch(input, init)
        // Another tab rotates while our request is in flight; ours then presents the parent.
        const response = await api.fetch(input, init)
        newer = (await response.json()) as TokenResponse
        seed(storage, newer)
        return new Response(JSON.stringify({ error: 'invalid_grant', message: 'rotated' }), { status: 401 })
      },
    })
    const log = events(client)
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(client.getState().status).toBe('authenticated')
    expect(await client.getAccessToken()).toBe(newer!.accessToken)
    expect(log.types()).toEqual(['INITIAL_SESSION', 'TOKEN_REFRESHED'])
    log.stop()
  })

  test('behavior: refresh() when signed out is not_signed_in', async () => {
    await expect(setup().make().refresh()).rejects.toMatchObject({ code: 'not_signed_in' })
  })
})

describe('skew', () => {
  test.each([3_600_000, -3_600_000])('behavior: a client clock off by %i ms still refreshes on time', async (offset) => {
    const { api, make } = setup()
    const client = make({ clock: { now: () => Date.now() + offset } })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const state = authenticated(client.getState())
    expect(state.session.accessTokenExpiresAt).toBe(T0 + offset + 15 * MIN)
    const stop = client.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(14 * MIN - 1)
    expect(api.count('/refresh')).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(api.count('/refresh')).toBe(1)
    expect(await client.getAccessToken()).toMatch(/^at_/)
    expect(api.count('/refresh')).toBe(1)
    stop()
  })
})

describe('expiry', () => {
  test('behavior: SESSION_EXPIRING at expiresAt − warnBefore, then SIGNED_OUT expired at the end', async () => {
    const { api, storage, make } = setup({ warnBefore: 5 * MIN }, { sessionTtl: 60 * MIN })
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const log = events(client)
    await vi.advanceTimersByTimeAsync(55 * MIN - 1)
    expect(authenticated(client.getState()).expiring).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(authenticated(client.getState()).expiring).toBe(true)
    expect(log.types().filter((type) => type === 'SESSION_EXPIRING')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(5 * MIN)
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
    expect(log.types().at(-1)).toBe('SIGNED_OUT:expired')
    expect(api.reuseDetections).toBe(0)
    log.stop()
  })

  test('behavior: deadlines are rechecked when the page wakes (timers are not trusted)', async () => {
    const { api, storage, visibility, make } = setup({}, { sessionTtl: 60 * MIN })
    seed(storage, api.issue())
    const client = make({ timers: { setTimeout: () => 0, clearTimeout: () => {} } }) // timers that never fire
    const log = events(client)
    await vi.advanceTimersByTimeAsync(0)
    vi.setSystemTime(T0 + 20 * MIN)
    visibility.wake('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(api.count('/refresh')).toBe(1)
    vi.setSystemTime(T0 + 61 * MIN)
    visibility.wake('pageshow')
    expect(client.getState().status).toBe('unauthenticated')
    expect(log.types().at(-1)).toBe('SIGNED_OUT:expired')
    log.stop()
  })
})

describe('signOut', () => {
  test('behavior: signed out at once, storage cleared, then POST /logout', async () => {
    const { api, storage, make } = setup()
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const refreshToken = JSON.parse(storage.getItem(KEY) ?? '{}').refreshToken
    const log = events(client)
    await vi.advanceTimersByTimeAsync(0)
    const done = client.signOut()
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
    expect(log.types()).toEqual(['INITIAL_SESSION', 'SIGNED_OUT:user'])
    await done
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/logout', body: { refreshToken } })
    expect(api.logouts).toBe(1)
    log.stop()
  })

  test('behavior: offline sign-out is local at once and revokes when the network returns', async () => {
    const { api, storage, visibility, make } = setup()
    const client = make()
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const stop = client.subscribe(() => {})
    api.fail('network')
    await expect(client.signOut()).resolves.toBeUndefined()
    expect(client.getState().status).toBe('unauthenticated')
    expect(api.logouts).toBe(0)
    expect(storage.getItem(`${KEY}.revoke`)).not.toBeNull()
    api.fail(null)
    visibility.wake('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(api.logouts).toBe(1)
    expect(storage.getItem(`${KEY}.revoke`)).toBeNull()
    stop()
  })

  test('behavior: a pending revocation survives a reload', async () => {
    const { api, storage, make } = setup()
    const first = make()
    await first.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    api.fail('network')
    await first.signOut()
    expect(storage.getItem(`${KEY}.revoke`)).not.toBeNull()
    api.fail(null)
    const second = make()
    const stop = second.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(api.logouts).toBe(1)
    stop()
  })
})

describe('callbacks and listeners', () => {
  test('behavior: a throwing callback is reported and the engine carries on', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { make } = setup()
    const client = make()
    client.onAuthStateChange(() => {
      throw new Error('app bug')
    })
    const log = events(client)
    let notified = 0
    client.subscribe(() => {
      notified += 1
      throw new Error('subscriber bug')
    })
    await vi.advanceTimersByTimeAsync(0)
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    expect(client.getState().status).toBe('authenticated')
    expect(log.types()).toEqual(['INITIAL_SESSION', 'SIGNED_IN'])
    expect(notified).toBe(1)
    expect(error).toHaveBeenCalled()
  })

  test('behavior: listeners attach on the first subscriber and detach on the last', async () => {
    const { api, storage, visibility, make } = setup()
    seed(storage, api.issue())
    const client = make()
    expect(visibility.listeners()).toBe(0)
    const a = client.subscribe(() => {})
    const b = client.onAuthStateChange(() => {})
    expect(visibility.listeners()).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
    a()
    expect(visibility.listeners()).toBe(1)
    b()
    b()
    expect(visibility.listeners()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('fetch and reloadUser', () => {
  test('behavior: client.fetch sends the bearer token and retries once after a 401', async () => {
    const { api, storage, make } = setup()
    seed(storage, api.issue())
    const seen: Array<string | null> = []
    let first = true
    const client = make({
      fetch: async (input, init) => {
        if (String(input).startsWith('/auth')) return api.fetch(input, init)
        seen.push(new Headers(init?.headers).get('authorization'))
        if (first) {
          first = false
          return new Response(null, { status: 401 })
        }
        return new Response('{"notes":[]}', { status: 200 })
      },
    })
    const response = await client.fetch('/api/notes', { headers: { 'x-app': '1' } })
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(2)
    expect(seen[0]).toMatch(/^Bearer at_/)
    expect(seen[1]).not.toBe(seen[0])
    expect(api.count('/refresh')).toBe(1)
  })

  test('behavior: client.fetch without a session is not_signed_in', async () => {
    await expect(setup().make().fetch('/api/notes')).rejects.toMatchObject({ code: 'not_signed_in' })
  })

  test('behavior: reloadUser updates the user and keeps it when unchanged', async () => {
    const { api, make } = setup()
    const client = make()
    const user = await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const log = events(client)
    await vi.advanceTimersByTimeAsync(0)
    expect(await client.reloadUser()).toBe(user)
    api.updateUser(user.id, { alias: 'ada' })
    const reloaded = await client.reloadUser()
    expect(reloaded).toMatchObject({ alias: 'ada' })
    expect(authenticated(client.getState()).user).toBe(reloaded)
    expect(log.types()).toEqual(['INITIAL_SESSION', 'USER_UPDATED'])
    log.stop()
  })
})
