// @vitest-environment node
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose'
import type { JWK } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { DEFAULT_ACCESS_TOKEN_TTL, KEY_CACHE_TTL, KEY_PREPUBLISH, KEY_RELOAD_COOLDOWN, SIGNING_KEY_LEEWAY } from './constants.js'
import { errorOf, startTestServer, testClock } from './server.testkit.js'
import type { AuthStore } from './store.js'
import { createMemoryStore } from './stores/memory.js'
import { verifyAccessToken } from './verifyAccessToken.js'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

const servers: TestServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const t = await startTestServer(options)
  servers.push(t)
  return t
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid
const jwksOf = async (t: TestServer) => ((await (await t.get('/.well-known/jwks.json')).json()) as { keys: JWK[] }).keys
const me = (t: TestServer, token: string) => t.get('/me', { authorization: `Bearer ${token}` })
/** A store shared by several servers that only the test closes, with a count of key reads. */
function sharedStore() {
  const store = createMemoryStore()
  const counts = { listSigningKeys: 0 }
  const shared: AuthStore = new Proxy(store, {
    get(target, property) {
      if (property === 'close') return async () => {}
      if (property === 'listSigningKeys') {
        return (input: Parameters<AuthStore['listSigningKeys']>[0]) => {
          counts.listSigningKeys++
          return target.listSigningKeys(input)
        }
      }
      return target[property as keyof AuthStore]
    },
  })
  return { shared, counts }
}

const overlapMs = (DEFAULT_ACCESS_TOKEN_TTL + SIGNING_KEY_LEEWAY) * 1000

describe('signing keys and rotation', () => {
  test('default: every access token names its key; the JWKS serves the one current key', async () => {
    const t = await start()
    const signedIn = await t.signIn()
    const keys = await jwksOf(t)
    expect(keys).toHaveLength(1)
    expect(kidOf(signedIn.accessToken)).toBe(keys[0]!.kid)
    expect(keys[0]!.kid).toMatch(/^[\w-]{43}$/) // an RFC 7638 thumbprint
  })

  test('default: rotateKeys() publishes the new key at once and signs with it from KEY_PREPUBLISH later; then the old key retires', async () => {
    const { shared } = sharedStore()
    const t = await start({ store: shared })
    const before = await t.signIn('prepublish@example.com')
    const oldKid = kidOf(before.accessToken)
    const rotatedAt = t.clock.now()
    const activatesAt = rotatedAt + KEY_PREPUBLISH * 1000

    const rotation = await t.server.rotateKeys()
    expect(rotation.current).toMatchObject({ kid: oldKid, retiredAt: activatesAt, publishedUntil: activatesAt + overlapMs })
    expect(rotation.upcoming).toEqual([{ kid: expect.any(String), createdAt: rotatedAt, activatesAt, retiredAt: null, publishedUntil: null }])
    const newKid = rotation.upcoming[0]!.kid
    // Published before it signs: a backend fetching the JWKS now knows the key of the next tokens.
    expect((await jwksOf(t)).map((k) => k.kid)).toEqual([oldKid, newKid])
    t.clock.advance(KEY_PREPUBLISH * 1000 - 1)
    expect(kidOf((await t.signIn('prepublish-2@example.com')).accessToken)).toBe(oldKid)
    // Both private halves are kept while the old key still signs.
    expect((await shared.listSigningKeys({ retiredAfter: 0 })).filter((k) => k.privateJwk !== null)).toHaveLength(2)

    t.clock.advance(1)
    const after = await t.signIn('prepublish-3@example.com')
    expect(kidOf(after.accessToken)).toBe(newKid)
    expect((await jwksOf(t)).map((k) => k.kid)).toEqual([newKid, oldKid])
    expect((await me(t, before.accessToken)).status).toBe(200)
    // The old key signs no more: its private half is gone from the store.
    expect((await shared.listSigningKeys({ retiredAfter: 0 })).filter((k) => k.privateJwk !== null).map((k) => k.kid)).toEqual([newKid])
  })

  test('behavior: a JWKS fetched after the rotation, before the new key signed anything, verifies its first token', async () => {
    const t = await start()
    await t.signIn()
    const { upcoming } = await t.server.rotateKeys()
    t.clock.advance(30_000)
    const jwks = { keys: await jwksOf(t) } // a backend's copy, fetched while the old key still signs
    t.clock.advance(KEY_PREPUBLISH * 1000 - 30_000)
    const first = await t.signIn()
    expect(kidOf(first.accessToken)).toBe(upcoming[0]!.kid)
    await expect(verifyAccessToken(first.accessToken, { jwks, now: t.clock.now })).resolves.toMatchObject({ sid: first.session.id })
  })

  test('behavior: rotating a server that never signed anything makes its first key, signing at once', async () => {
    const t = await start()
    const rotation = await t.server.rotateKeys()
    expect(rotation).toMatchObject({ upcoming: [], previous: [] })
    expect(kidOf((await t.signIn()).accessToken)).toBe(rotation.current.kid)
  })

  test('parameters: immediate — the new key signs at once; anything but a boolean is refused', async () => {
    const t = await start()
    await expect(t.server.rotateKeys({ immediate: 'yes' as unknown as boolean })).rejects.toThrow(/`immediate` must be true or false/)
    const rotation = await t.server.rotateKeys({ immediate: true })
    expect(rotation.upcoming).toEqual([])
    expect(kidOf((await t.signIn()).accessToken)).toBe(rotation.current.kid)
  })

  test('behavior: after an immediate rotation new tokens use the new key; the previous key keeps verifying and is published second', async () => {
    const t = await start()
    const before = await t.signIn('rotate@example.com')
    const oldKid = kidOf(before.accessToken)

    const rotation = await t.server.rotateKeys({ immediate: true })
    expect(rotation.current.kid).not.toBe(oldKid)
    expect(rotation.current).toMatchObject({ retiredAt: null, publishedUntil: null, activatesAt: t.clock.now() })
    expect(rotation.previous).toEqual([
      {
        kid: oldKid,
        createdAt: expect.any(Number),
        activatesAt: expect.any(Number),
        retiredAt: t.clock.now(),
        publishedUntil: t.clock.now() + overlapMs,
      },
    ])

    expect((await jwksOf(t)).map((k) => k.kid)).toEqual([rotation.current.kid, oldKid])
    const after = await t.signIn('rotate-2@example.com')
    expect(kidOf(after.accessToken)).toBe(rotation.current.kid)
    // Both keys' tokens work, on the server and for a backend reading the JWKS.
    expect((await me(t, before.accessToken)).status).toBe(200)
    expect((await me(t, after.accessToken)).status).toBe(200)
    const jwks = { keys: await jwksOf(t) }
    for (const token of [before.accessToken, after.accessToken]) {
      await expect(verifyAccessToken(token, { jwks, now: t.clock.now })).resolves.toMatchObject({ iss: 'latchkey' })
    }
    // A refresh of the old session gets a token of the new key.
    const refreshed = (await (await t.post('/refresh', { refreshToken: before.refreshToken })).json()) as Required<TokenResponse>
    expect(kidOf(refreshed.accessToken)).toBe(rotation.current.kid)
  })

  test('behavior: the previous key stays published until accessTokenTtl + leeway after the rotation, then goes', async () => {
    const t = await start()
    const before = await t.signIn()
    const oldKid = kidOf(before.accessToken)
    await t.server.rotateKeys({ immediate: true })

    // The last token the old key signed expires within accessTokenTtl; the key outlives it.
    t.clock.advance(DEFAULT_ACCESS_TOKEN_TTL * 1000)
    expect((await jwksOf(t)).map((k) => k.kid)).toContain(oldKid)
    t.clock.advance(overlapMs - DEFAULT_ACCESS_TOKEN_TTL * 1000 - 1)
    expect((await jwksOf(t)).map((k) => k.kid)).toContain(oldKid)
    t.clock.advance(1)
    expect((await jwksOf(t)).map((k) => k.kid)).not.toContain(oldKid)
    // Its tokens are now simply unknown: not "expired", not valid.
    expect(await errorOf(await me(t, before.accessToken))).toMatchObject({ status: 401, error: 'unauthorized' })
  })

  test('behavior: two rotations inside the overlap publish three keys; each leaves on its own schedule', async () => {
    const t = await start()
    await jwksOf(t)
    const first = (await t.server.rotateKeys({ immediate: true })).previous[0]!.kid
    t.clock.advance(60_000)
    const second = await t.server.rotateKeys({ immediate: true })
    expect(second.previous.map((k) => k.kid)).toEqual([expect.any(String), first])
    expect(await jwksOf(t)).toHaveLength(3)
    t.clock.advance(overlapMs - 60_000)
    expect((await jwksOf(t)).map((k) => k.kid)).toEqual([second.current.kid, second.previous[0]!.kid])
  })

  test('behavior: two servers on one store: a pre-published key starts signing on both at the same moment', async () => {
    const clock = testClock()
    const { shared } = sharedStore()
    const a = await start({ store: shared, clock })
    const b = await start({ store: shared, clock })
    const oldKid = kidOf((await b.signIn()).accessToken)
    const { upcoming } = await a.server.rotateKeys()
    // B learns of the next key when its cache expires, well before the key signs.
    clock.advance(KEY_CACHE_TTL * 1000)
    expect((await jwksOf(b)).map((k) => k.kid)).toEqual([oldKid, upcoming[0]!.kid])
    clock.advance(upcoming[0]!.activatesAt - clock.now() - 1)
    expect(kidOf((await a.signIn()).accessToken)).toBe(oldKid)
    expect(kidOf((await b.signIn()).accessToken)).toBe(oldKid)
    clock.advance(1)
    expect(kidOf((await a.signIn()).accessToken)).toBe(upcoming[0]!.kid)
    expect(kidOf((await b.signIn()).accessToken)).toBe(upcoming[0]!.kid)
  })

  test('behavior: two servers on one store: after an immediate rotation the other signs with the new key once its cache expires (KEY_CACHE_TTL)', async () => {
    const clock = testClock()
    const { shared } = sharedStore()
    const a = await start({ store: shared, clock })
    const b = await start({ store: shared, clock })
    const loadedAt = clock.now()
    const oldKid = kidOf((await b.signIn()).accessToken)
    expect(kidOf((await a.signIn()).accessToken)).toBe(oldKid)

    clock.advance(10_000)
    const { current } = await a.server.rotateKeys({ immediate: true })
    expect(kidOf((await a.signIn()).accessToken)).toBe(current.kid)
    // B's cache still holds the old key (valid everywhere during the overlap) until it expires.
    clock.advance(loadedAt + KEY_CACHE_TTL * 1000 - 1 - clock.now())
    const late = await b.signIn()
    expect(kidOf(late.accessToken)).toBe(oldKid)
    expect((await me(a, late.accessToken)).status).toBe(200)
    clock.advance(1)
    expect(kidOf((await b.signIn()).accessToken)).toBe(current.kid)
    expect((await jwksOf(b)).map((k) => k.kid)).toEqual([current.kid, oldKid])
  })

  test('behavior: two servers on one store: a token of a key the other has not seen makes it re-read the keys and accept it', async () => {
    const clock = testClock()
    const { shared } = sharedStore()
    const a = await start({ store: shared, clock })
    const b = await start({ store: shared, clock })
    const oldKid = kidOf((await b.signIn()).accessToken)

    clock.advance(KEY_RELOAD_COOLDOWN * 1000)
    const { current } = await a.server.rotateKeys({ immediate: true })
    const fromA = await a.signIn()
    expect(kidOf(fromA.accessToken)).toBe(current.kid)
    expect((await me(b, fromA.accessToken)).status).toBe(200)
    // Having read the store, B signs with the new key too, long before its cache would expire.
    expect(kidOf((await b.signIn()).accessToken)).toBe(current.kid)
    expect(current.kid).not.toBe(oldKid)
  })

  test('behavior: the JWKS of a server that did not rotate lists the new key at once (backends refetch on an unknown kid)', async () => {
    const clock = testClock()
    const { shared } = sharedStore()
    const a = await start({ store: shared, clock })
    const b = await start({ store: shared, clock })
    await jwksOf(b)
    clock.advance(KEY_RELOAD_COOLDOWN * 1000)
    const { current } = await a.server.rotateKeys({ immediate: true })
    expect((await jwksOf(b))[0]!.kid).toBe(current.kid)
    const token = (await a.signIn()).accessToken
    await expect(verifyAccessToken(token, { jwks: `${b.base}/.well-known/jwks.json`, now: clock.now })).resolves.toMatchObject({
      sub: expect.any(String),
    })
  })

  test('behavior: tokens without a kid or with a foreign kid are refused; forged kids read the store at most once a second', async () => {
    const { shared, counts } = sharedStore()
    const t = await start({ store: shared })
    const signedIn = await t.signIn()
    const { privateKey } = await generateKeyPair('ES256')
    const forge = (header: { kid?: string }) =>
      new SignJWT({ sid: signedIn.session.id })
        .setProtectedHeader({ alg: 'ES256', ...header })
        .setIssuer('latchkey')
        .setAudience('latchkey')
        .setSubject(signedIn.session.user.id)
        .setIssuedAt(Math.floor(t.clock.now() / 1000))
        .setExpirationTime(Math.floor(t.clock.now() / 1000) + 60)
        .sign(privateKey)

    expect(await errorOf(await me(t, await forge({})))).toMatchObject({ status: 401, error: 'unauthorized' })
    // The real kid with a foreign key: the signature fails.
    expect(await errorOf(await me(t, await forge({ kid: kidOf(signedIn.accessToken)! })))).toMatchObject({ status: 401, error: 'unauthorized' })

    t.clock.advance(KEY_RELOAD_COOLDOWN * 1000)
    const readsBefore = counts.listSigningKeys
    for (let i = 0; i < 10; i++) {
      expect(await errorOf(await me(t, await forge({ kid: `forged-${i}` })))).toMatchObject({ status: 401, error: 'unauthorized' })
    }
    expect(counts.listSigningKeys - readsBefore).toBe(1)
    t.clock.advance(KEY_RELOAD_COOLDOWN * 1000)
    await me(t, await forge({ kid: 'forged-again' }))
    expect(counts.listSigningKeys - readsBefore).toBe(2)
  })

  test('behavior: after immediate rotations the store holds one private key, the current one', async () => {
    const store = createMemoryStore()
    const t = await start({ store: { ...store, close: async () => {} } })
    await t.signIn()
    await t.server.rotateKeys({ immediate: true })
    await t.server.rotateKeys({ immediate: true })
    const keys = await store.listSigningKeys({ retiredAfter: 0 })
    expect(keys).toHaveLength(3)
    expect(keys.filter((k) => k.privateJwk !== null).map((k) => k.kid)).toEqual([keys[0]!.kid])
    expect(keys[0]!.retiredAt).toBeNull()
    // What the JWKS serves carries no private part.
    for (const jwk of await jwksOf(t)) expect(jwk).not.toHaveProperty('d')
  })

  test('behavior: a server whose store fails while loading keys answers 500 and retries on the next request', async () => {
    const store = createMemoryStore()
    let fail = true
    const flaky: AuthStore = {
      ...store,
      listSigningKeys: (input) => (fail ? Promise.reject(new Error('store down')) : store.listSigningKeys(input)),
    }
    const t = await start({ store: flaky, logger: { error: () => {} } })
    expect((await t.get('/.well-known/jwks.json')).status).toBe(500)
    fail = false
    expect((await t.get('/.well-known/jwks.json')).status).toBe(200)
  })
})

describe('exported key (sanity)', () => {
  test('default: a rotated key is a fresh P-256 key', async () => {
    const t = await start()
    await t.signIn()
    const { current } = await t.server.rotateKeys({ immediate: true })
    const [jwk] = await jwksOf(t)
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: current.kid, alg: 'ES256', use: 'sig' })
    // Same shape as jose's own export of a P-256 public key.
    const reference = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)
    expect(Object.keys(jwk!).filter((k) => k in reference).sort()).toEqual(Object.keys(reference).sort())
  })
})
