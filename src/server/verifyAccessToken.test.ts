// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import { startTestServer } from './server.testkit.js'
import { verifyAccessToken } from './verifyAccessToken.js'

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
      code: 'unauthorized',
    })
    await expect(verifyAccessToken('a.b.c', { jwks, now: t.clock.now })).rejects.toMatchObject({ code: 'unauthorized' })
    const other = await startTestServer()
    try {
      const foreign = await other.signIn()
      await expect(verifyAccessToken(foreign.accessToken, { jwks, now: t.clock.now })).rejects.toMatchObject({ code: 'unauthorized' })
    } finally {
      await other.close()
    }
  })

  test('behavior: an unreachable JWKS is not reported as a bad token', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const error = await verifyAccessToken(signedIn.accessToken, { jwks: `${t.url}/nowhere/jwks.json`, now: t.clock.now }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toMatchObject({ code: 'unauthorized' })
  })
})
