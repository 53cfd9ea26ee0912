// @vitest-environment node
import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import { errorOf, startTestServer } from '../server.testkit.js'

describe('GET /me', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const me = (token: string) => t.get('/me', { authorization: `Bearer ${token}` })

  test('default: the signed-in user', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const response = await me(signedIn.accessToken)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(signedIn.session.user)
  })

  test('behavior: no token or a malformed header is 401 unauthorized with WWW-Authenticate', async () => {
    t = await startTestServer()
    const response = await t.get('/me')
    expect(await errorOf(response)).toMatchObject({ status: 401, error: 'unauthorized' })
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /)
    expect(await errorOf(await t.get('/me', { authorization: 'Basic abc' }))).toMatchObject({ error: 'unauthorized' })
    expect(await errorOf(await me('garbage'))).toMatchObject({ error: 'unauthorized' })
  })

  test('behavior: an expired access token is token_expired', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    t.clock.advance(900_000)
    expect(await errorOf(await me(signedIn.accessToken))).toMatchObject({ status: 401, error: 'token_expired' })
  })

  test('behavior: tokens not signed by this server with ES256 are refused', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const claims = decodeJwt(signedIn.accessToken)
    const [header] = signedIn.accessToken.split('.')
    // Another key with the same kid.
    const { privateKey } = await generateKeyPair('ES256')
    const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey)
    expect(await errorOf(await me(foreign))).toMatchObject({ error: 'unauthorized' })
    // alg: none and HS256 with the public key as secret.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url')}.${signedIn.accessToken.split('.')[1]}.`
    expect(await errorOf(await me(none))).toMatchObject({ error: 'unauthorized' })
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode(JSON.stringify(await (await t.get('/.well-known/jwks.json')).json())))
    expect(await errorOf(await me(hs))).toMatchObject({ error: 'unauthorized' })
    // A tampered payload.
    const parts = signedIn.accessToken.split('.')
    const tampered = [parts[0], Buffer.from(JSON.stringify({ ...claims, sub: 'usr_someone_else' })).toString('base64url'), parts[2]].join('.')
    expect(await errorOf(await me(tampered))).toMatchObject({ error: 'unauthorized' })
  })

  test('parameters: issuer and audience must match', async () => {
    t = await startTestServer({ issuer: 'https://auth.example.com', audience: 'app' })
    const signedIn = await t.signIn()
    expect(decodeJwt(signedIn.accessToken)).toMatchObject({ iss: 'https://auth.example.com', aud: 'app' })
    expect((await me(signedIn.accessToken)).status).toBe(200)
    const other = await startTestServer({ store: t.server.store, issuer: 'https://auth.example.com', audience: 'other-app' })
    try {
      expect(await errorOf(await other.get('/me', { authorization: `Bearer ${signedIn.accessToken}` }))).toMatchObject({
        error: 'unauthorized',
      })
    } finally {
      await other.close()
    }
  })
})
