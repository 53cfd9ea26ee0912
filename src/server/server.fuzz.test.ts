// @vitest-environment node
/**
 * Property-based fuzzing of the whole server (fast-check, fixed seed): wrong methods, junk and
 * deeply nested JSON, huge bodies, wrong types, unicode, truncated JWTs, forged cookies and
 * random paths under the base path. Properties: never a 5xx, nothing logged as unexpected,
 * and the store holds nothing but what valid requests did: the generator cannot know a code,
 * a refresh token or a signature, so no user, session, credential or revocation may appear.
 */
import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { memoryMailer } from './mailers.js'
import { serve } from './node.js'
import { createAuthServer } from './server.js'
import type { AuthServer } from './server.js'
import { testClock } from './server.testkit.js'
import type { AuthStore } from './store.js'
import { createMemoryStore } from './stores/memory.js'

const SEED = 20_261_122
const BASE = 'http://localhost:5173'

/** Store methods that change users, sessions, credentials or one-time things. */
const GUARDED = ['findOrCreateUser', 'createSession', 'revokeSession', 'addCredential', 'deleteCredential', 'updateUser', 'consumeEmailCode', 'consumeNonce'] as const

function countingStore(): { store: AuthStore; calls: Map<string, number>; rotations: string[]; counting: { on: boolean } } {
  const inner = createMemoryStore()
  const calls = new Map<string, number>()
  const rotations: string[] = []
  const counting = { on: false }
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args)
        if (counting.on) {
          calls.set(String(property), (calls.get(String(property)) ?? 0) + 1)
          if (property === 'rotateRefreshToken') rotations.push((result as { status: string }).status)
        }
        return result
      }
    },
  })
  return { store, calls, rotations, counting }
}

interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string | Uint8Array | undefined
}

/** Builds the generator around one real signed-in session (whose token it only ever mangles). */
function requests(token: string, refreshToken: string, sessionId: string) {
  // Mostly the real routes with their own method, so most requests get past routing and CSRF
  // into body and token handling; the rest is random paths and wrong methods.
  const routeTable: Array<[string, string]> = [
    ['POST', '/email/start'], ['POST', '/email/verify'], ['POST', '/refresh'], ['POST', '/logout'], ['GET', '/me'],
    ['PATCH', '/me'], ['GET', '/sessions'], ['DELETE', '/sessions'], ['DELETE', `/sessions/${sessionId}`], ['DELETE', '/sessions/ses_x'],
    ['GET', '/.well-known/jwks.json'], ['GET', '/dev/mailbox'], ['POST', '/nonce'], ['POST', '/wallet/verify'], ['POST', '/link/wallet'],
    ['POST', '/link/email/start'], ['POST', '/link/email/verify'], ['DELETE', '/credentials/cred_x'],
  ]
  const segment = fc.oneof(
    fc.constantFrom('auth', 'email', 'start', 'verify', 'me', 'sessions', '..', '.', '%2e%2e', '%ZZ', '%00', '%F0%9F%98%80', 'a%2Fb', ':id', '*'),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent),
  )
  const randomPath = fc.oneof(
    fc.array(segment, { maxLength: 5 }).map((parts) => `/auth/${parts.join('/')}`),
    fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
    fc.constantFrom(...routeTable.map(([, p]) => `/auth${p}`), '/auth', '/auth/'),
  )
  const anyMethod = fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'get')
  const target = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...routeTable).map(([method, p]) => ({ method, path: `/auth${p}` })) },
    { weight: 2, arbitrary: fc.record({ method: anyMethod, path: randomPath }) },
  ).chain((t) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(t) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((q) => ({ ...t, path: `${t.path}?${encodeURIComponent(q)}` })) },
      { weight: 1, arbitrary: fc.constant({ ...t, path: `${t.path}?to=a@b.co&to=x` }) },
    ),
  )

  const parts = token.split('.')
  const mangledJwt = fc.oneof(
    fc.nat({ max: token.length - 1 }).map((n) => token.slice(0, n)), // truncated: never the whole token
    fc.constant(`${parts[0]}.${parts[1]}.`),
    fc.constant(`${parts[0]}.${parts[1]}`),
    fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom('A', 'B', '_', '-', '.', '=')).map(([i, c]) => {
      const flipped = `${token.slice(0, i)}${c}${token.slice(i + 1)}`
      return flipped === token ? `${flipped}x` : flipped
    }),
    fc.jsonValue().map((payload) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload) ?? 'null').toString('base64url')}.`),
    fc.string({ maxLength: 300 }),
    fc.base64String({ maxLength: 400 }),
  )
  const sometimes = <T>(usual: T, odd: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: odd })
  const header = fc.record(
    {
      'content-type': sometimes('application/json', fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'APPLICATION/JSON', 'application/jsonx', '')),
      'x-latchkey': sometimes('1', fc.constantFrom('0', 'true', '', ' 1')),
      origin: sometimes(BASE, fc.constantFrom('https://evil.example', 'null', 'http://localhost:5173/')),
      authorization: fc.oneof(mangledJwt.map((t) => `Bearer ${t}`), mangledJwt, fc.constantFrom('Bearer', 'Basic YTpi', 'Bearer  ', `bearer ${parts[0]}`)),
      cookie: fc.oneof(
        mangledJwt.map((t) => `latchkey_access=${t}`),
        fc.string({ maxLength: 60 }).map((t) => `latchkey_refresh=${t}; latchkey_access=`),
        fc.string({ maxLength: 80 }),
        fc.constant(`latchkey_refresh=${refreshToken.slice(0, 20)}`),
      ),
      'user-agent': fc.string({ unit: 'grapheme', maxLength: 600 }),
    },
    { requiredKeys: [] },
  ).chain((headers) =>
    // Most requests carry the CSRF header and a JSON type, as a real client does.
    fc.boolean().map((strip) => (strip ? headers : { 'content-type': 'application/json', 'x-latchkey': '1', ...headers })),
  )

  const email = fc.oneof(
    fc.constantFrom('ada@example.com', 'ADA@example.com ', ' grace@example.com', 'x@y.z', 'a@b', '@', 'ü@例え.jp', 'a'.repeat(300) + '@example.com'),
    fc.emailAddress(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  )
  const anyValue = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat(), { maxLength: 3 }), fc.object({ maxDepth: 2 }))
  const field = (value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: anyValue })
  const fields = fc.record(
    {
      email: field(email),
      code: field(fc.oneof(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[\d -]{4,9}$/), fc.string({ maxLength: 8 }))),
      refreshToken: field(fc.oneof(fc.base64String({ maxLength: 60 }), mangledJwt, fc.constant(refreshToken.slice(1)))),
      purpose: field(fc.constantFrom('sign-in', 'link', 'other')),
      chain: field(fc.constantFrom('evm', 'solana', 'btc')),
      message: field(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constant('localhost:5173 wants you to sign in with your Ethereum account:\n0x0000000000000000000000000000000000000000\n\nURI: http://localhost:5173\nVersion: 1\nChain ID: 1\nNonce: abcdefgh12345678\nIssued At: 2026-11-21T12:00:00Z'))),
      signature: field(fc.oneof(fc.stringMatching(/^0x[0-9a-f]{0,140}$/), fc.base64String({ maxLength: 100 }))),
      walletName: field(fc.string({ unit: 'grapheme', maxLength: 80 })),
      name: field(fc.string({ unit: 'grapheme', maxLength: 100 })),
      alias: field(fc.string({ maxLength: 100 })),
      primaryWalletId: field(fc.string({ maxLength: 20 })),
      __proto__: fc.constant({ polluted: true }),
      constructor: fc.constant('x'),
    },
    { requiredKeys: [] },
  )
  const encoder = new TextEncoder()
  const body = fc.oneof(
    { weight: 8, arbitrary: fields.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? '') },
    { weight: 1, arbitrary: fc.nat({ max: 60_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
    { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 200_000 }).map((size) => JSON.stringify({ email: `${'a'.repeat(size)}@example.com` })) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"email":', '{"email":"a@b.co"', 'null', '[]', '"x"', '1e999', '{"email":"\uD800@x.co"}', '\uFEFF{}', '{"a":1}garbage') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fields.map((value) => encoder.encode(JSON.stringify(value)).subarray(0, 10)) },
  )
  return fc.record({ target, headers: header, body }).map(({ target: { method, path }, headers, body: b }): FuzzRequest => ({
    method,
    path,
    headers,
    body: method === 'GET' || method === 'HEAD' || method === 'get' ? undefined : b,
  }))
}

/** Codes really sent are never sent back: a generated code that happens to match is changed. */
function unguessable(request: FuzzRequest, sent: Array<{ to: string; code: string }>): FuzzRequest {
  if (typeof request.body !== 'string' || !request.body.includes('code')) return request
  let value: unknown
  try {
    value = JSON.parse(request.body)
  } catch {
    return request
  }
  if (typeof value !== 'object' || value === null || typeof (value as { code?: unknown }).code !== 'string') return request
  const body = value as { code: string }
  const digits = body.code.replace(/[\s-]/g, '')
  if (!sent.some((mail) => mail.code === digits)) return request
  const other = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1) % 10)
  return { ...request, body: JSON.stringify({ ...body, code: other }) }
}

/** Header values as a raw client sends them: UTF-8 bytes read as Latin-1, no line breaks or NUL. */
const wire = (value: string) => Buffer.from(value, 'utf8').toString('latin1').replace(/[\r\n\0]/g, ' ')

function toRequest(base: string, r: FuzzRequest): Request {
  const headers = Object.fromEntries(Object.entries(r.headers).map(([name, value]) => [name, wire(value)]))
  const init: RequestInit & { duplex?: 'half' } = { method: r.method.toUpperCase() === 'GET' ? 'GET' : r.method, headers }
  if (r.body !== undefined) {
    init.body = r.body as BodyInit
    init.duplex = 'half'
  }
  return new Request(`${base}${r.path}`, init)
}

describe('fuzzing', () => {
  let server: AuthServer
  let probe: ReturnType<typeof countingStore>
  let mailer: ReturnType<typeof memoryMailer>
  let signedIn: Required<TokenResponse>
  const errors: unknown[][] = []

  beforeAll(async () => {
    probe = countingStore()
    const clock = testClock()
    mailer = memoryMailer({ clock })
    server = createAuthServer({ store: probe.store, mailer, clock, rateLimits: false, dev: true, logger: { error: (...args) => errors.push(args) } })
    // One real session, made before counting starts: the generator mangles its tokens.
    await server.fetch(toRequest(BASE, { method: 'POST', path: '/auth/email/start', headers: { 'content-type': 'application/json', 'x-latchkey': '1' }, body: '{"email":"owner@example.com"}' }))
    const verified = await server.fetch(
      toRequest(BASE, {
        method: 'POST',
        path: '/auth/email/verify',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
        body: JSON.stringify({ email: 'owner@example.com', code: mailer.last('owner@example.com')!.code }),
      }),
    )
    signedIn = (await verified.json()) as Required<TokenResponse>
    probe.counting.on = true
  })
  afterAll(() => server.close())

  test('behavior: 10,000 generated requests in process: no 5xx, nothing unexpected logged, no state from invalid requests', async () => {
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(requests(signedIn.accessToken, signedIn.refreshToken, signedIn.session.id), async (generated) => {
        let request: Request
        try {
          request = toRequest(BASE, unguessable(generated, mailer.mails))
        } catch {
          return // not an HTTP request at all (e.g. a header value Request refuses): nothing reaches a server
        }
        const response = await server.fetch(request)
        await response.arrayBuffer()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        expect(response.status).toBeLessThan(500)
        expect(errors).toEqual([])
      }),
      { seed: SEED, numRuns: 10_000, endOnFailure: true },
    )
    const total = [...statuses.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(9_000)
    // The generator reaches the routes, not only the 404/403 walls.
    // This seed gives about 200: 1000, 400: 1200, 401: 3700, 403: 1800, 404: 1400, 405: 400, 413: 170, 415: 270, 429: 8.
    const seen = JSON.stringify(Object.fromEntries(statuses))
    for (const status of [200, 400, 401, 403, 404, 405, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status} in ${seen}`).toBeGreaterThan(50)
    expect(statuses.get(429) ?? 0, `429 (cooldowns) in ${seen}`).toBeGreaterThan(0)
    expect(mailer.mails.length).toBeGreaterThan(20) // valid /email/start requests happened

    for (const method of GUARDED) expect(probe.calls.get(method) ?? 0, method).toBe(0)
    expect(probe.rotations.length).toBeGreaterThan(0)
    expect(new Set(probe.rotations)).toEqual(new Set(['unknown']))
    // The real session is untouched and still works.
    const session = await probe.store.getSession(signedIn.session.id)
    expect(session).toMatchObject({ revokedAt: null })
    const user = await probe.store.getUser(signedIn.session.user.id)
    expect(user).toMatchObject({ name: null, alias: null, email: 'owner@example.com' })
    expect(user!.credentials).toHaveLength(1)
    const me = await server.fetch(new Request(`${BASE}/auth/me`, { headers: { authorization: `Bearer ${signedIn.accessToken}` } }))
    expect(me.status).toBe(200)
  }, 120_000)

  test('behavior: 500 generated requests over real HTTP (node adapter), plus raw junk on the socket: no 5xx, the server stays up', async () => {
    const running = await serve({ server })
    try {
      await fc.assert(
        fc.asyncProperty(requests(signedIn.accessToken, signedIn.refreshToken, signedIn.session.id), async (generated) => {
          const r = unguessable(generated, mailer.mails)
          let response: Response
          try {
            response = await fetch(toRequest(running.url, r))
          } catch (error) {
            // fetch refuses some inputs itself (forbidden methods, bad header values): fine, never sent.
            if (error instanceof TypeError && !/fetch failed/.test(error.message)) return
            throw error
          }
          await response.arrayBuffer()
          expect(response.status).toBeLessThan(500)
        }),
        { seed: SEED + 1, numRuns: 500, endOnFailure: true },
      )
      // Bytes that are not HTTP at all, or half of it.
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.constantFrom('GET /auth/me HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'POST /auth/email/start HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-latchkey: 1\r\ncontent-type: application/json\r\n\r\nZZ\r\n', 'GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n', 'GET * HTTP/1.1\r\nHost: x\r\n\r\n'),
          ),
          async (raw) => {
            const answer = await rawExchange(running.url, raw)
            const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]
            if (status !== undefined) expect(Number(status)).toBeLessThan(500)
          },
        ),
        { seed: SEED + 2, numRuns: 60 },
      )
      const health = await fetch(`${running.url}/auth/.well-known/jwks.json`)
      expect(health.status).toBe(200)
      expect(errors).toEqual([])
      for (const method of GUARDED) expect(probe.calls.get(method) ?? 0, method).toBe(0)
    } finally {
      await running.close()
    }
  }, 120_000)
})

/** Writes raw bytes to the server and returns whatever comes back before it closes (or 1 s of quiet). */
function rawExchange(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    let answer = ''
    const done = () => {
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(done, 1000)
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      if (/\r\n\r\n/.test(answer)) {
        clearTimeout(timer)
        done()
      }
    })
    socket.on('error', () => {
      clearTimeout(timer)
      done()
    })
    socket.on('close', () => {
      clearTimeout(timer)
      done()
    })
    socket.write(raw, () => socket.end())
  })
}
