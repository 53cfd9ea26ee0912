// @vitest-environment node
/**
 * JWT attacks against `verifyAccessToken` and every route that needs a session: each forged,
 * altered, expired, not-yet-valid, foreign or revoked token is refused with its code, and none
 * of them changes anything (the victim's session is still live afterwards).
 */
import { SignJWT, decodeJwt, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AccessTokenClaims, TokenResponse } from '../core/protocol.js'
import { matchRoute, routes } from './router.js'
import { errorOf, startTestServer } from './server.testkit.js'
import type { AuthStore } from './store.js'
import { createMemoryStore } from './stores/memory.js'
import { verifyAccessToken } from './verifyAccessToken.js'

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/**
 * A store that remembers what it hands out, so the test can play the auth server itself and
 * sign tokens with its real key (nbf in the future, another iss or aud), which no route makes.
 */
function recordingStore(): { store: AuthStore; seen: unknown[] } {
  const inner = createMemoryStore()
  const seen: unknown[] = []
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args)
        seen.push(result, ...args)
        return result
      }
    },
  })
  return { store, seen }
}

function findPrivateJwk(values: unknown[], publicJwk: JWK): JWK | undefined {
  const stack = [...values]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string' && value.startsWith('{')) {
      try {
        stack.push(JSON.parse(value))
      } catch {
        // not JSON
      }
    } else if (Array.isArray(value)) {
      stack.push(...value)
    } else if (typeof value === 'object' && value !== null) {
      const jwk = value as JWK
      if (typeof jwk.d === 'string' && jwk.x === publicJwk.x && jwk.y === publicJwk.y) return jwk
      stack.push(...Object.values(value))
    }
  }
  return undefined
}

describe('JWT attacks', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  let victim: Required<TokenResponse>
  let victimClaims: AccessTokenClaims
  let jwks: { keys: JWK[] }
  let serverKey: CryptoKey
  /** Signs claims with the server's real key and kid: valid unless the claims are not. */
  let signAsServer: (claims: Record<string, unknown>) => Promise<string>
  let attacks: Array<{ name: string; token: () => Promise<string>; verifyCode: string; routeCode: string; logoutOk?: boolean }>

  beforeAll(async () => {
    const { store, seen } = recordingStore()
    t = await startTestServer({ store })
    victim = await t.signIn('victim@example.com')
    victimClaims = decodeJwt(victim.accessToken) as unknown as AccessTokenClaims
    jwks = (await (await t.get('/.well-known/jwks.json')).json()) as { keys: JWK[] }
    const kid = JSON.parse(Buffer.from(victim.accessToken.split('.')[0]!, 'base64url').toString()) as { kid: string }
    const publicJwk = jwks.keys.find((key) => key.kid === kid.kid)!
    const privateJwk = findPrivateJwk(seen, publicJwk)
    if (!privateJwk) throw new Error('the signing key was not found in the store')
    serverKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey
    signAsServer = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: kid.kid, typ: 'JWT' }).sign(serverKey)
    const now = Math.floor(t.clock.now() / 1000)
    const [header, payload] = victim.accessToken.split('.') as [string, string, string]
    const publicKey = await importJWK(publicJwk, 'ES256')
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey as CryptoKey)).toString('base64')
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`

    attacks = [
      { name: 'alg: none', token: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, verifyCode: 'invalid_token', routeCode: 'unauthorized' },
      { name: 'alg: none with the server kid', token: async () => `${b64({ alg: 'none', kid: kid.kid })}.${payload}.`, verifyCode: 'invalid_token', routeCode: 'unauthorized' },
      {
        name: 'HS256 signed with the public key (PEM)',
        token: () => new SignJWT({ ...victimClaims }).setProtectedHeader({ alg: 'HS256', kid: kid.kid }).sign(new TextEncoder().encode(pem)),
        verifyCode: 'invalid_token',
        routeCode: 'unauthorized',
      },
      {
        name: 'HS256 signed with the public JWK',
        token: () => new SignJWT({ ...victimClaims }).setProtectedHeader({ alg: 'HS256', kid: kid.kid }).sign(new TextEncoder().encode(JSON.stringify(publicJwk))),
        verifyCode: 'invalid_token',
        routeCode: 'unauthorized',
      },
      {
        name: 'unknown kid',
        token: async () => {
          const { privateKey } = await generateKeyPair('ES256')
          return new SignJWT({ ...victimClaims }).setProtectedHeader({ alg: 'ES256', kid: 'attacker-key' }).sign(privateKey)
        },
        verifyCode: 'invalid_signature',
        routeCode: 'unauthorized',
      },
      {
        name: "another key under the server's kid",
        token: async () => {
          const { privateKey } = await generateKeyPair('ES256')
          return new SignJWT({ ...victimClaims }).setProtectedHeader({ alg: 'ES256', kid: kid.kid }).sign(privateKey)
        },
        verifyCode: 'invalid_signature',
        routeCode: 'unauthorized',
      },
      {
        name: 'tampered payload (sub of someone else)',
        token: async () => `${header}.${b64({ ...victimClaims, sub: 'usr_attacker' })}.${victim.accessToken.split('.')[2]}`,
        verifyCode: 'invalid_signature',
        routeCode: 'unauthorized',
      },
      {
        name: 'tampered payload (later exp)',
        token: async () => `${header}.${b64({ ...victimClaims, exp: victimClaims.exp + 86_400 })}.${victim.accessToken.split('.')[2]}`,
        verifyCode: 'invalid_signature',
        routeCode: 'unauthorized',
      },
      { name: 'truncated signature', token: async () => victim.accessToken.slice(0, -10), verifyCode: 'invalid_signature', routeCode: 'unauthorized' },
      { name: 'two parts only', token: async () => `${header}.${payload}`, verifyCode: 'invalid_token', routeCode: 'unauthorized' },
      {
        name: 'expired (signed by the server)',
        token: () => signAsServer({ ...victimClaims, iat: now - 1000, exp: now - 10 }),
        verifyCode: 'token_expired',
        routeCode: 'token_expired',
      },
      {
        name: 'nbf in the future (signed by the server)',
        token: () => signAsServer({ ...victimClaims, nbf: now + 3600 }),
        verifyCode: 'invalid_token',
        routeCode: 'unauthorized',
      },
      { name: 'wrong iss (signed by the server)', token: () => signAsServer({ ...victimClaims, iss: 'evil' }), verifyCode: 'invalid_token', routeCode: 'unauthorized' },
      { name: 'wrong aud (signed by the server)', token: () => signAsServer({ ...victimClaims, aud: 'other-app' }), verifyCode: 'invalid_token', routeCode: 'unauthorized' },
      {
        name: 'no sid (signed by the server)',
        token: () => signAsServer({ ...victimClaims, sid: undefined }),
        verifyCode: 'invalid_token',
        routeCode: 'unauthorized',
      },
      {
        name: 'a session id of nobody (signed by the server)',
        token: () => signAsServer({ ...victimClaims, sid: 'ses_made_up' }),
        // Without checkSession a backend cannot know; with it, it is refused (below).
        verifyCode: 'session_revoked',
        routeCode: 'unauthorized',
        // Logging out a session that does not exist is an idempotent no-op, not a refusal.
        logoutOk: true,
      },
    ]
  })
  afterAll(() => t.close())

  const options = () => ({ jwks, now: t.clock.now })

  test('behavior: the genuine token passes everywhere (so refusals below are about the attack)', async () => {
    await expect(verifyAccessToken(victim.accessToken, { ...options(), checkSession: { store: t.server.store } })).resolves.toMatchObject({ sub: victimClaims.sub })
    expect((await t.get('/me', { authorization: `Bearer ${victim.accessToken}` })).status).toBe(200)
    expect(await verifyAccessToken(await signAsServer({ ...victimClaims }), options())).toMatchObject({ sid: victim.session.id })
  })

  test('behavior: verifyAccessToken refuses each attack with its code', async () => {
    for (const attack of attacks) {
      const token = await attack.token()
      const error = await verifyAccessToken(token, { ...options(), checkSession: { store: t.server.store } }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect({ attack: attack.name, error }).toMatchObject({ attack: attack.name, error: { status: 401, code: attack.verifyCode } })
    }
  })

  /** Every route that needs a session, with a body that would otherwise be acceptable. */
  const authenticated = () =>
    [
      { method: 'GET', path: '/me' },
      { method: 'PATCH', path: '/me', body: { name: 'Mallory' } },
      { method: 'GET', path: '/sessions' },
      { method: 'DELETE', path: '/sessions' },
      { method: 'DELETE', path: `/sessions/${victim.session.id}` },
      { method: 'POST', path: '/nonce', body: { purpose: 'link' } },
      { method: 'POST', path: '/link/wallet', body: { chain: 'evm', message: 'x', signature: '0x00' } },
      { method: 'POST', path: '/link/email/start', body: { email: 'mallory@example.com' } },
      { method: 'POST', path: '/link/email/verify', body: { email: 'mallory@example.com', code: '123456' } },
      { method: 'DELETE', path: `/credentials/${victim.session.user.verifiedCredentials[0]!.id}` },
    ].filter((route) => matchRoute(routes, route.method, route.path).kind === 'route')

  const call = (route: { method: string; path: string; body?: unknown }, token: string) =>
    fetch(`${t.base}${route.path}`, {
      method: route.method,
      headers: { authorization: `Bearer ${token}`, 'x-latchkey': '1', ...(route.body ? { 'content-type': 'application/json' } : {}) },
      ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    })

  test('behavior: every authenticated route refuses each attack, and nothing changes', async () => {
    const table = authenticated()
    expect(table.length).toBeGreaterThanOrEqual(5)
    for (const attack of attacks) {
      const token = await attack.token()
      for (const route of table) {
        const response = await call(route, token)
        if (response.status < 400) throw new Error(`${attack.name}: ${route.method} ${route.path} answered ${response.status} ${await response.text()}`)
        const error = await errorOf(response)
        expect({ attack: attack.name, route: `${route.method} ${route.path}`, ...error }).toMatchObject({
          attack: attack.name,
          route: `${route.method} ${route.path}`,
          status: 401,
          error: attack.routeCode,
        })
      }
      // POST /logout: an expired genuine token may end its own session (by design); forged ones end nothing.
      if (attack.routeCode !== 'token_expired' && !attack.logoutOk) {
        const response = await call({ method: 'POST', path: '/logout', body: {} }, token)
        if (response.status < 400) throw new Error(`${attack.name}: logout answered ${response.status} ${await response.text()}`)
        expect({ attack: attack.name, ...(await errorOf(response)) }).toMatchObject({ attack: attack.name, status: 401 })
      }
    }
    // The victim is still signed in, with the same name and credentials.
    const me = await t.get('/me', { authorization: `Bearer ${victim.accessToken}` })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual(victim.session.user)
    const refreshed = await t.post('/refresh', { refreshToken: victim.refreshToken })
    expect(refreshed.status).toBe(200)
    victim = (await refreshed.json()) as Required<TokenResponse>
  })

  test('behavior: a token of a revoked session is refused by the routes and by checkSession', async () => {
    const other = await t.signIn('revoked@example.com')
    expect((await t.post('/logout', { refreshToken: other.refreshToken })).status).toBe(200)
    for (const route of authenticated()) {
      expect(await errorOf(await call(route, other.accessToken))).toMatchObject({ status: 401, error: 'session_revoked' })
    }
    // Without checkSession the signature alone is still good until exp: that is what checkSession is for.
    await expect(verifyAccessToken(other.accessToken, options())).resolves.toMatchObject({ sid: other.session.id })
    for (const checkSession of [{ store: t.server.store }, { url: t.base }]) {
      await expect(verifyAccessToken(other.accessToken, { ...options(), checkSession })).rejects.toMatchObject({ status: 401, code: 'session_revoked' })
    }
  })

  test('behavior: a token of a session ended by refresh-token reuse says so', async () => {
    const other = await t.signIn('reused@example.com')
    const first = (await (await t.post('/refresh', { refreshToken: other.refreshToken })).json()) as Required<TokenResponse>
    t.clock.advance(60_000)
    expect((await errorOf(await t.post('/refresh', { refreshToken: other.refreshToken }))).error).toBe('reuse_detected')
    expect(await errorOf(await t.get('/me', { authorization: `Bearer ${first.accessToken}` }))).toMatchObject({ status: 401, error: 'reuse_detected' })
    await expect(verifyAccessToken(first.accessToken, { ...options(), checkSession: { store: t.server.store } })).rejects.toMatchObject({ code: 'reuse_detected' })
  })
})
