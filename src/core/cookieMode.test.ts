import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from '../testing/fakes.js'
import { createAuthClient } from './createAuthClient.js'
import type { SessionBody } from './protocol.js'
import type { FetchLike } from './transport.js'

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0)
const MIN = 60_000
const KEY = 'latchkey.session'

/** A cookie-mode server: token answers carry only the `session` body; the "cookie" is server-side state. */
function cookieServer() {
  let cookieValid = false
  let rotations = 0
  const calls: Array<{ url: string; method: string; body: string | null; credentials: RequestCredentials | undefined; authorization: string | null }> = []
  const session = (): SessionBody => ({
    id: 'sess_c',
    user: { id: 'u1', email: 'ada@example.com', alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: T0 },
    accessTokenExpiresAt: Date.now() + 15 * MIN,
    expiresAt: T0 + 7 * 24 * 60 * MIN,
    serverNow: Date.now(),
  })
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })
  const fetch: FetchLike = async (input, init = {}) => {
    const url = String(input)
    calls.push({ url, method: init.method ?? 'GET', body: (init.body as string) ?? null, credentials: init.credentials, authorization: new Headers(init.headers).get('authorization') })
    if (url === '/auth/email/verify') {
      cookieValid = true
      return json(200, { session: session() })
    }
    if (url === '/auth/refresh') {
      if (init.credentials !== 'include' || !cookieValid) return json(401, { error: 'invalid_grant', message: 'No refresh cookie.' })
      rotations += 1
      return json(200, { session: session() })
    }
    if (url === '/auth/logout') {
      cookieValid = false
      return new Response(null, { status: 204 })
    }
    if (url === '/api/data') return cookieValid && init.credentials === 'include' ? json(200, { ok: true }) : json(401, {})
    return json(404, { error: 'not_found', message: url })
  }
  return { fetch, calls, rotations: () => rotations }
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('storage: cookie', () => {
  test('behavior: sign-in keeps only the session body; no token is stored or readable', async () => {
    const server = cookieServer()
    const storage = createMemoryStorage()
    const client = createAuthClient({ storage: 'cookie', fetch: server.fetch, storageAdapter: storage, lock: null, channel: null, visibility: null })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    expect(client.getState().status).toBe('authenticated')
    const stored = JSON.parse(storage.getItem(KEY) ?? '{}') as Record<string, unknown>
    expect(stored).toMatchObject({ v: 1, mode: 'cookie', session: { id: 'sess_c' } })
    expect(stored).not.toHaveProperty('accessToken')
    expect(stored).not.toHaveProperty('refreshToken')
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'cookie_mode' })
    expect(server.calls.every((call) => call.credentials === 'include')).toBe(true)
  })

  test('behavior: refresh is scheduled from the session body and sends the cookies', async () => {
    const server = cookieServer()
    const client = createAuthClient({ storage: 'cookie', fetch: server.fetch, storageAdapter: createMemoryStorage(), lock: null, channel: null, visibility: null })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const stop = client.subscribe(() => {})
    await vi.advanceTimersByTimeAsync(14 * MIN)
    expect(server.rotations()).toBe(1)
    const refresh = server.calls.find((call) => call.url === '/auth/refresh')
    expect(refresh).toMatchObject({ method: 'POST', body: '{"active":false}', credentials: 'include', authorization: null })
    stop()
  })

  test('behavior: client.fetch sends credentials and no Authorization header', async () => {
    const server = cookieServer()
    const client = createAuthClient({ storage: 'cookie', fetch: server.fetch, storageAdapter: createMemoryStorage(), lock: null, channel: null, visibility: null })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    const response = await client.fetch('/api/data')
    expect(response.status).toBe(200)
    expect(server.calls.at(-1)).toMatchObject({ url: '/api/data', credentials: 'include', authorization: null })
  })

  test('behavior: initialSession from the server is the first state and is kept for restore', () => {
    const storage = createMemoryStorage()
    const initialSession: SessionBody = {
      id: 'sess_ssr',
      user: { id: 'u1', email: 'ada@example.com', alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: T0 },
      accessTokenExpiresAt: T0 + 15 * MIN,
      expiresAt: T0 + 60 * MIN,
      serverNow: T0,
    }
    const client = createAuthClient({ storage: 'cookie', initialSession, storageAdapter: storage, fetch: cookieServer().fetch })
    expect(client.getInitialState()).toMatchObject({ status: 'authenticated', session: { id: 'sess_ssr' } })
    expect(client.getState()).toMatchObject({ status: 'authenticated', session: { id: 'sess_ssr' } })
    expect(JSON.parse(storage.getItem(KEY) ?? '{}')).toMatchObject({ mode: 'cookie', session: { id: 'sess_ssr' } })
  })

  test('behavior: initialSession null (the server saw no cookie) clears a stale stored session', () => {
    const storage = createMemoryStorage()
    storage.setItem(KEY, JSON.stringify({
      v: 1,
      mode: 'cookie',
      skew: 0,
      session: { id: 'old', user: { id: 'u1', email: null, alias: null, name: null, verifiedCredentials: [], createdAt: T0 }, accessTokenExpiresAt: T0 + MIN, expiresAt: T0 + 60 * MIN, serverNow: T0 },
    }))
    const client = createAuthClient({ storage: 'cookie', initialSession: null, storageAdapter: storage, fetch: cookieServer().fetch })
    expect(client.getInitialState()).toEqual({ status: 'unauthenticated' })
    expect(client.getState()).toEqual({ status: 'unauthenticated' })
    expect(storage.getItem(KEY)).toBeNull()
  })

  test('behavior: sign-out posts /logout with the cookies', async () => {
    const server = cookieServer()
    const client = createAuthClient({ storage: 'cookie', fetch: server.fetch, storageAdapter: createMemoryStorage(), lock: null, channel: null, visibility: null })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
    await client.signOut()
    expect(server.calls.at(-1)).toMatchObject({ url: '/auth/logout', method: 'POST', body: '{}', credentials: 'include' })
    expect(client.getState().status).toBe('unauthenticated')
  })
})
