// @vitest-environment node
import { decodeProtectedHeader } from 'jose'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { KEY_PREPUBLISH } from './constants.js'
import { serve } from './node.js'
import { startTestServer } from './server.testkit.js'
import { verifyAccessToken } from './verifyAccessToken.js'

/** The test server's JWKS behind a server of its own that counts the fetches (what a backend's JOSE library does). */
async function countedJwks(t: Awaited<ReturnType<typeof startTestServer>>) {
  let fetches = 0
  const running = await serve({
    handler: async (request) => {
      fetches++
      return t.server.fetch(new Request(`${t.url}/auth/.well-known/jwks.json`, { headers: request.headers }))
    },
  })
  return { jwksUrl: `${running.url}/auth/.well-known/jwks.json`, fetches: () => fetches, close: () => running.close() }
}

describe('verifyAccessToken', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: verifies against the JWKS URL and returns the claims', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn('backend@example.com')
    const claims = await verifyAccessToken(signedIn.accessToken, { jwks: `${t.base}/.well-known/jwks.json`, now: t.clock.now })
    expect(claims).toMatchObject({
      sub: signedIn.session.user.id,
      sid: signedIn.session.id,
      verified_credentials: [{ format: 'email', email: 'backend@example.com' }],
    })
  })

  test('behavior: expired, foreign-audience and garbage tokens are 401 errors with stable codes', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const jwks = (await (await t.get('/.well-known/jwks.json')).json()) as { keys: [] }
    await expect(verifyAccessToken(signedIn.accessToken, { jwks, now: () => t.clock.now() + 900_000 })).rejects.toMatchObject({
      status: 401,
      code: 'token_expired',
    })
    await expect(verifyAccessToken(signedIn.accessToken, { jwks, audience: 'other', now: t.clock.now })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
    })
    await expect(verifyAccessToken('a.b.c', { jwks, now: t.clock.now })).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    const other = await startTestServer()
    try {
      const foreign = await other.signIn()
      // Another server's key: its `kid` is not in this JWKS.
      await expect(verifyAccessToken(foreign.accessToken, { jwks, now: t.clock.now })).rejects.toMatchObject({
        status: 401,
        code: 'invalid_signature',
      })
    } finally {
      await other.close()
    }
  })

  test('behavior: an unreachable JWKS is not reported as a bad token', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const error = await verifyAccessToken(signedIn.accessToken, { jwks: `${t.url}/nowhere/jwks.json`, now: t.clock.now }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toHaveProperty('status')
  })

  test('parameters: jwksUrl fetches the key set once and caches it', async () => {
    t = await startTestServer()
    const counted = await countedJwks(t)
    try {
      const { jwksUrl } = counted
      for (let i = 0; i < 3; i++) {
        const signedIn = await t.signIn()
        const claims = await verifyAccessToken(signedIn.accessToken, { jwksUrl, now: t.clock.now })
        expect(claims.sid).toBe(signedIn.session.id)
      }
      expect(counted.fetches()).toBe(1)
    } finally {
      await counted.close()
    }
  })

  test('behavior: a token of a pre-published key verifies on the first try: the backend refetches once, long after its last fetch', async () => {
    t = await startTestServer()
    const counted = await countedJwks(t)
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
      const { jwksUrl } = counted
      const before = await t.signIn()
      await verifyAccessToken(before.accessToken, { jwksUrl, now: t.clock.now })
      const { upcoming } = await t.server.rotateKeys()
      t.clock.advance(KEY_PREPUBLISH * 1000)
      vi.setSystemTime(Date.now() + KEY_PREPUBLISH * 1000)
      const after = await t.signIn()
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(upcoming[0]!.kid)
      await expect(verifyAccessToken(after.accessToken, { jwksUrl, now: t.clock.now })).resolves.toMatchObject({ sid: after.session.id })
      expect(counted.fetches()).toBe(2)
    } finally {
      vi.useRealTimers()
      await counted.close()
    }
  })

  test('behavior: a token of an immediately rotated-in key is verified after one refetch (unknown kid)', async () => {
    t = await startTestServer()
    const counted = await countedJwks(t)
    try {
      const { jwksUrl } = counted
      const before = await t.signIn()
      await verifyAccessToken(before.accessToken, { jwksUrl, now: t.clock.now })
      await t.server.rotateKeys({ immediate: true })
      const after = await t.signIn()
      expect(after.accessToken.split('.')[0]).not.toBe(before.accessToken.split('.')[0]) // another kid
      // Within 5 s of the last fetch an unknown kid does not refetch (a flood of made-up kids
      // cannot turn into a flood of JWKS requests); after that it does, once.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
      await expect(verifyAccessToken(after.accessToken, { jwksUrl, now: t.clock.now })).rejects.toMatchObject({ code: 'invalid_signature' })
      expect(counted.fetches()).toBe(1)
      vi.setSystemTime(Date.now() + 5_001)
      await expect(verifyAccessToken(after.accessToken, { jwksUrl, now: t.clock.now })).resolves.toMatchObject({ sid: after.session.id })
      await expect(verifyAccessToken(before.accessToken, { jwksUrl, now: t.clock.now })).resolves.toMatchObject({ sid: before.session.id })
      expect(counted.fetches()).toBe(2)
    } finally {
      vi.useRealTimers()
      await counted.close()
    }
  })

  test('parameters: clockTolerance accepts a token just past exp', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const jwks = (await (await t.get('/.well-known/jwks.json')).json()) as { keys: [] }
    const late = () => t.clock.now() + 900_000 + 5_000
    await expect(verifyAccessToken(signedIn.accessToken, { jwks, now: late })).rejects.toMatchObject({ code: 'token_expired' })
    await expect(verifyAccessToken(signedIn.accessToken, { jwks, now: late, clockTolerance: 10 })).resolves.toMatchObject({ sub: signedIn.session.user.id })
  })

  test('parameters: checkSession as { store }, { url } or a function refuses a revoked session', async () => {
    t = await startTestServer()
    const jwks = (await (await t.get('/.well-known/jwks.json')).json()) as { keys: [] }
    const live = await t.signIn()
    const gone = await t.signIn()
    expect((await t.post('/logout', { refreshToken: gone.refreshToken })).status).toBe(200)
    const checks = [
      { store: t.server.store },
      { url: t.base },
      (claims: { sid: string }) => claims.sid === live.session.id,
    ]
    for (const checkSession of checks) {
      const options = { jwks, now: t.clock.now, checkSession }
      await expect(verifyAccessToken(live.accessToken, options)).resolves.toMatchObject({ sid: live.session.id })
      await expect(verifyAccessToken(gone.accessToken, options)).rejects.toMatchObject({ status: 401, code: 'session_revoked' })
    }
  })

  test('behavior: checkSession { url } with the auth server down is not a 401', async () => {
    t = await startTestServer()
    const jwks = (await (await t.get('/.well-known/jwks.json')).json()) as { keys: [] }
    const signedIn = await t.signIn()
    const down = await serve({ handler: async () => new Response('upstream down', { status: 502 }) })
    try {
      const error = await verifyAccessToken(signedIn.accessToken, { jwks, now: t.clock.now, checkSession: { url: `${down.url}/auth` } }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(error).not.toHaveProperty('status')
    } finally {
      await down.close()
    }
  })

  test('behavior: custom claims come back typed beside the registered ones', async () => {
    t = await startTestServer({ hooks: { customClaims: () => ({ role: 'admin' }) } })
    const signedIn = await t.signIn()
    const claims = await verifyAccessToken<{ role: string }>(signedIn.accessToken, { jwksUrl: `${t.base}/.well-known/jwks.json`, now: t.clock.now })
    expect(claims.role).toBe('admin')
    expect(claims.sub).toBe(signedIn.session.user.id)
  })
})

test('parameters: exactly one of jwks and jwksUrl, or a TypeError', async () => {
  await expect(verifyAccessToken('x', {})).rejects.toThrow(TypeError)
  await expect(verifyAccessToken('x', { jwks: { keys: [] }, jwksUrl: 'http://127.0.0.1:1/jwks.json' })).rejects.toThrow(TypeError)
  await expect(verifyAccessToken('x', { jwks: 42 as never })).rejects.toThrow(/key set/)
})
