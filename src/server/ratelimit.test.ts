// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import { clientIp, createMemoryRateLimiter, ipBucket, resolveRateLimits } from './ratelimit.js'
import { createAuthServer } from './server.js'
import { errorOf, startTestServer } from './server.testkit.js'
import { createTestWallet } from '../testing/wallets/index.js'
import { evmProof } from './wallet/route.testkit.js'

// Well-known development keys (Hardhat/Anvil accounts 0 and 1): never hold value.
const ALICE = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const BOB = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('createMemoryRateLimiter', () => {
  const rule = { limit: 3, window: 10 }

  test('default: a sliding window of `limit` per `window`; refusals are not counted', () => {
    const limiter = createMemoryRateLimiter()
    const at = (s: number) => 1_000_000 + s * 1000
    expect(limiter.hit('k', rule, at(0))).toEqual({ allowed: true, remaining: 2 })
    expect(limiter.hit('k', rule, at(4))).toEqual({ allowed: true, remaining: 1 })
    expect(limiter.hit('k', rule, at(6))).toEqual({ allowed: true, remaining: 0 })
    // Full until the first hit leaves the window at 10 s.
    expect(limiter.hit('k', rule, at(7))).toEqual({ allowed: false, retryAfter: 3 })
    expect(limiter.hit('k', rule, at(9.5))).toEqual({ allowed: false, retryAfter: 1 })
    expect(limiter.hit('k', rule, at(10.5))).toEqual({ allowed: true, remaining: 0 })
    // A fixed window would have reset at 10 s; this one still holds the hits of 4 s and 6 s.
    expect(limiter.hit('k', rule, at(11))).toEqual({ allowed: false, retryAfter: 3 })
    // Other keys are independent.
    expect(limiter.hit('other', rule, at(11))).toEqual({ allowed: true, remaining: 2 })
  })

  test('parameters: maxKeys forgets the least recently used key first', () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 2 })
    const one = { limit: 1, window: 60 }
    limiter.hit('a', one, 0)
    limiter.hit('b', one, 0)
    expect(limiter.hit('a', one, 1).allowed).toBe(false) // touches a: b is now the oldest
    limiter.hit('c', one, 2) // evicts b
    expect(limiter.hit('a', one, 3).allowed).toBe(false)
    expect(limiter.hit('b', one, 3).allowed).toBe(true)
    expect(() => createMemoryRateLimiter({ maxKeys: 0 })).toThrow(TypeError)
  })
})

describe('rate limit options', () => {
  test('parameters: false turns them off; routes merge over the defaults; bad rules are TypeErrors', () => {
    expect(resolveRateLimits(false)).toBeUndefined()
    const resolved = resolveRateLimits({ routes: { '/nonce': false, '/email/start': { perIdentifier: { limit: 5, window: 60 } } } })!
    expect(resolved.routes.has('/nonce')).toBe(false)
    expect(resolved.routes.get('/email/start')).toEqual({ perIp: { limit: 30, window: 600 }, perIdentifier: { limit: 5, window: 60 } })
    expect(resolved.routes.get('/wallet/verify')).toBeDefined()
    expect(() => resolveRateLimits({ routes: { '/nonce': { perIp: { limit: 0, window: 60 } } } })).toThrow(/perIp/)
    expect(() => createAuthServer({ rateLimits: { routes: { '/nonce': { perIp: { limit: 1, window: -1 } } } } })).toThrow(TypeError)
    expect(() => createAuthServer({ trustProxy: -1 })).toThrow(/trustProxy/)
  })

  test('parameters: clientIp takes the address `trustProxy` hops back in X-Forwarded-For', () => {
    const request = new Request('http://x/', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2' } })
    expect(clientIp(request, '10.0.0.3', 0)).toBe('10.0.0.3')
    expect(clientIp(request, '10.0.0.3', 1)).toBe('10.0.0.2')
    expect(clientIp(request, '10.0.0.3', 2)).toBe('203.0.113.7')
    expect(clientIp(request, '10.0.0.3', 9)).toBe('6.6.6.6')
    expect(clientIp(new Request('http://x/'), '10.0.0.3', 1)).toBe('10.0.0.3')
  })

  test('parameters: ipBucket groups IPv6 by /64 and unmaps IPv4-mapped addresses', () => {
    expect(ipBucket('203.0.113.7')).toBe('203.0.113.7')
    expect(ipBucket('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(ipBucket('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd:12::/64')
    expect(ipBucket('2001:0db8:abcd:0012:ffff::1')).toBe('2001:db8:abcd:12::/64')
    expect(ipBucket('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(ipBucket('[2001:db8::1%eth0]')).toBe('2001:db8:0:0::/64')
    expect(ipBucket('::1')).toBe('0:0:0:0::/64')
  })
})

describe('rate limits on the routes', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: /email/start per IP answers 429 rate_limited with Retry-After, and frees up after the window', async () => {
    t = await startTestServer({ rateLimits: { routes: { '/email/start': { perIp: { limit: 3, window: 60 } } } } })
    for (let i = 0; i < 3; i++) expect((await t.post('/email/start', { email: `n${i}@example.com` })).status).toBe(200)
    const refused = await t.post('/email/start', { email: 'n3@example.com' })
    expect(await errorOf(refused)).toMatchObject({ status: 429, error: 'rate_limited', retryAfter: 60 })
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(t.mailer.last('n3@example.com')).toBeUndefined()
    t.clock.advance(60_001)
    expect((await t.post('/email/start', { email: 'n3@example.com' })).status).toBe(200)
  })

  test('behavior: the default per-IP limit of /email/start holds at 30 per 10 minutes', async () => {
    t = await startTestServer()
    for (let i = 0; i < 30; i++) expect((await t.post('/email/start', { email: `d${i}@example.com` })).status).toBe(200)
    expect(await errorOf(await t.post('/email/start', { email: 'd30@example.com' }))).toMatchObject({ status: 429, error: 'rate_limited' })
  })

  test('behavior: /email/verify per identifier holds across IPs (trustProxy)', async () => {
    t = await startTestServer({ trustProxy: true, rateLimits: { routes: { '/email/verify': { perIdentifier: { limit: 2, window: 600 } } } } })
    const code = await t.requestCode('target@example.com')
    const wrong = code === '000000' ? '111111' : '000000'
    for (const ip of ['198.51.100.1', '198.51.100.2']) {
      expect((await errorOf(await t.post('/email/verify', { email: 'target@example.com', code: wrong }, { 'x-forwarded-for': ip }))).error).toBe('invalid_code')
    }
    const third = await t.post('/email/verify', { email: 'target@example.com', code }, { 'x-forwarded-for': '198.51.100.3' })
    expect(await errorOf(third)).toMatchObject({ status: 429, error: 'rate_limited' })
    // Another address is not affected.
    expect((await t.signIn('bystander@example.com')).session.user.email).toBe('bystander@example.com')
  })

  test('behavior: without trustProxy a forged X-Forwarded-For does not buy a new bucket', async () => {
    t = await startTestServer({ rateLimits: { routes: { '/email/start': { perIp: { limit: 2, window: 60 } } } } })
    for (let i = 0; i < 2; i++) expect((await t.post('/email/start', { email: `f${i}@example.com` }, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(200)
    expect((await t.post('/email/start', { email: 'f2@example.com' }, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429)
  })

  test('behavior: with trustProxy each forwarded client has its own bucket', async () => {
    t = await startTestServer({ trustProxy: 1, rateLimits: { routes: { '/email/start': { perIp: { limit: 1, window: 60 } } } } })
    expect((await t.post('/email/start', { email: 'p0@example.com' }, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200)
    expect((await t.post('/email/start', { email: 'p1@example.com' }, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200)
    expect((await t.post('/email/start', { email: 'p2@example.com' }, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429)
  })

  test('behavior: /nonce is limited by route name', async () => {
    t = await startTestServer({ rateLimits: { routes: { '/nonce': { perIp: { limit: 2, window: 60 } } } } })
    for (let i = 0; i < 2; i++) expect((await t.post('/nonce', { purpose: 'sign-in' })).status).toBe(200)
    expect(await errorOf(await t.post('/nonce', { purpose: 'sign-in' }))).toMatchObject({ status: 429, error: 'rate_limited' })
  })

  test('behavior: /wallet/verify is limited per wallet address across IPs, and a limited try spends no nonce', async () => {
    t = await startTestServer({ trustProxy: true, rateLimits: { routes: { '/wallet/verify': { perIdentifier: { limit: 2, window: 60 } } } } })
    const alice = createTestWallet({ privateKey: ALICE })
    for (const ip of ['198.51.100.1', '198.51.100.2']) {
      expect((await t.post('/wallet/verify', await evmProof(t, alice), { 'x-forwarded-for': ip })).status).toBe(200)
    }
    const proof = await evmProof(t, alice)
    const refused = await t.post('/wallet/verify', proof, { 'x-forwarded-for': '198.51.100.3' })
    expect(await errorOf(refused)).toMatchObject({ status: 429, error: 'rate_limited' })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another wallet is not affected; Alice gets in again once the window has passed, with the same proof.
    expect((await t.post('/wallet/verify', await evmProof(t, createTestWallet({ privateKey: BOB })), { 'x-forwarded-for': '198.51.100.3' })).status).toBe(200)
    t.clock.advance(60_001)
    expect((await t.post('/wallet/verify', proof, { 'x-forwarded-for': '198.51.100.3' })).status).toBe(200)
  })

  test('parameters: rateLimits: false never answers 429 rate_limited', async () => {
    t = await startTestServer({ rateLimits: false })
    for (let i = 0; i < 40; i++) expect((await t.post('/email/start', { email: `off${i}@example.com` })).status).toBe(200)
  })

  test('behavior: in process without a client IP, per-IP limits do not apply (one shared bucket would lock everyone out)', async () => {
    const server = createAuthServer({ rateLimits: { routes: { '/email/start': { perIp: { limit: 1, window: 60 } } } }, mailer: { send: async () => undefined } })
    t = await startTestServer()
    for (let i = 0; i < 3; i++) {
      const response = await server.fetch(
        new Request('http://localhost/auth/email/start', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
          body: JSON.stringify({ email: `in${i}@example.com` }),
        }),
      )
      expect(response.status).toBe(200)
    }
    await server.close()
  })

  test('behavior: /email/start answers known and unknown addresses alike (no user enumeration)', async () => {
    t = await startTestServer()
    await t.signIn('known@example.com')
    t.clock.advance(60_000) // past the resend cooldown of the known address
    const known = await t.post('/email/start', { email: 'known@example.com' })
    const unknown = await t.post('/email/start', { email: 'unknown@example.com' })
    expect(known.status).toBe(unknown.status)
    const headerNames = (response: Response) => [...response.headers.keys()].filter((name) => name !== 'date' && name !== 'content-length').sort()
    expect(headerNames(known)).toEqual(headerNames(unknown))
    const [a, b] = [(await known.json()) as Record<string, number>, (await unknown.json()) as Record<string, number>]
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    expect(a).toEqual(b) // same clock, same policy: even the values match
    expect(t.mailer.last('known@example.com')?.code).toMatch(/^\d{6}$/)
    expect(t.mailer.last('unknown@example.com')?.code).toMatch(/^\d{6}$/)
  })
})
