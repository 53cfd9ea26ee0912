// @vitest-environment node
import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createAuthServer } from './server.js'
import { errorOf, startTestServer } from './server.testkit.js'
import { createMemoryStore } from './stores/memory.js'

describe('createAuthServer', () => {
  test('default: options', () => {
    const server = createAuthServer()
    expect(server.basePath).toBe('/auth')
    expect(server.store).toBeDefined()
  })

  test('parameters: a session lifetime over 30 days is a TypeError at construction', () => {
    expect(() => createAuthServer({ sessionTtl: 30 * 24 * 3600 + 1 })).toThrow(TypeError)
    expect(() => createAuthServer({ sessionTtl: 31 * 24 * 3600 })).toThrow(/30-day maximum/)
    expect(() => createAuthServer({ sessionTtl: 30 * 24 * 3600 })).not.toThrow()
  })

  test('parameters: nonsense options are TypeErrors that name the option', () => {
    expect(() => createAuthServer({ accessTokenTtl: 0 })).toThrow(/accessTokenTtl/)
    expect(() => createAuthServer({ sessionTtl: Number.NaN })).toThrow(/sessionTtl/)
    expect(() => createAuthServer({ refreshReuseGrace: -1 })).toThrow(/refreshReuseGrace/)
    expect(() => createAuthServer({ basePath: 'auth' })).toThrow(/basePath/)
    expect(() => createAuthServer({ emailCodesPerHour: 0 })).toThrow(/emailCodesPerHour/)
    expect(() => createAuthServer({ allowedOrigins: ['https://app.example.com/'] })).toThrow(/allowedOrigins/)
  })

  test('parameters: basePath', async () => {
    const t = await startTestServer({ basePath: '/api/auth/' })
    try {
      expect(t.server.basePath).toBe('/api/auth')
      expect((await fetch(`${t.url}/api/auth/.well-known/jwks.json`)).status).toBe(200)
      expect(await errorOf(await fetch(`${t.url}/auth/.well-known/jwks.json`))).toMatchObject({ status: 404, error: 'not_found' })
    } finally {
      await t.close()
    }
  })
})

describe('fetch', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('behavior: unknown paths are 404 not_found; a wrong method is 405 with Allow', async () => {
    t = await startTestServer()
    expect(await errorOf(await fetch(`${t.url}/elsewhere`))).toMatchObject({ status: 404, error: 'not_found' })
    expect(await errorOf(await t.get('/nope'))).toMatchObject({ status: 404, error: 'not_found' })
    expect(await errorOf(await t.get(''))).toMatchObject({ status: 404, error: 'not_found' })
    const wrongMethod = await t.get('/email/start')
    expect(await errorOf(wrongMethod)).toMatchObject({ status: 405, error: 'method_not_allowed' })
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    expect(await errorOf(await t.post('/me', {}))).toMatchObject({ status: 405, error: 'method_not_allowed' })
    expect(await errorOf(await fetch(`${t.base}/refresh`, { method: 'PUT' }))).toMatchObject({ status: 405 })
  })

  const json = { 'content-type': 'application/json', 'x-latchkey': '1' }
  const badInput: Array<[string, string, RequestInit, number, string]> = [
    ['malformed JSON', '/email/start', { headers: json, body: '{"email": ' }, 400, 'invalid_json'],
    ['invalid UTF-8', '/email/start', { headers: json, body: new Uint8Array([0x7b, 0xff, 0x7d]) }, 400, 'invalid_json'],
    ['empty JSON body', '/email/start', { headers: json, body: '' }, 400, 'invalid_request'],
    ['whitespace only', '/email/start', { headers: json, body: '  ' }, 400, 'invalid_json'],
    ['empty form body', '/logout', { headers: { 'content-type': 'text/plain', 'x-latchkey': '1' }, body: '' }, 415, 'unsupported_media_type'],
    ['a JSON array', '/email/start', { headers: json, body: '[]' }, 400, 'invalid_request'],
    ['a JSON string', '/email/verify', { headers: json, body: '"x"' }, 400, 'invalid_request'],
    ['null', '/refresh', { headers: json, body: 'null' }, 400, 'invalid_request'],
    ['missing email', '/email/start', { headers: json, body: '{}' }, 400, 'invalid_request'],
    ['email of the wrong type', '/email/start', { headers: json, body: '{"email": 42}' }, 400, 'invalid_request'],
    ['email as an object', '/email/start', { headers: json, body: '{"email": {"$ne": null}}' }, 400, 'invalid_request'],
    ['missing code', '/email/verify', { headers: json, body: '{"email": "a@example.com"}' }, 400, 'invalid_request'],
    ['code as a number', '/email/verify', { headers: json, body: '{"email": "a@example.com", "code": 123456}' }, 400, 'invalid_request'],
    ['refresh token as an array', '/refresh', { headers: json, body: '{"refreshToken": ["a"]}' }, 400, 'invalid_request'],
    ['huge refresh token', '/refresh', { headers: json, body: JSON.stringify({ refreshToken: 'a'.repeat(10_000) }) }, 400, 'invalid_request'],
    ['logout token of the wrong type', '/logout', { headers: json, body: '{"refreshToken": true}' }, 400, 'invalid_request'],
    ['over 64 KB', '/email/start', { headers: json, body: JSON.stringify({ email: 'a'.repeat(70_000) }) }, 413, 'payload_too_large'],
    ['form content type', '/email/start', { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-latchkey': '1' }, body: 'email=a@example.com' }, 415, 'unsupported_media_type'],
    ['text content type', '/refresh', { headers: { 'content-type': 'text/plain', 'x-latchkey': '1' }, body: '{}' }, 415, 'unsupported_media_type'],
    ['no content type', '/email/start', { headers: { 'x-latchkey': '1' }, body: '{"email":"a@example.com"}' }, 415, 'unsupported_media_type'],
    ['missing CSRF header', '/email/start', { headers: { 'content-type': 'application/json' }, body: '{"email":"a@example.com"}' }, 403, 'csrf_failed'],
    ['wrong CSRF header value', '/refresh', { headers: { ...json, 'x-latchkey': 'yes' }, body: '{}' }, 403, 'csrf_failed'],
    ['foreign Origin', '/email/start', { headers: { ...json, origin: 'https://evil.example' }, body: '{"email":"a@example.com"}' }, 403, 'csrf_failed'],
    ['Origin null', '/logout', { headers: { ...json, origin: 'null' }, body: '{}' }, 403, 'csrf_failed'],
  ]

  test.each(badInput)('behavior: bad input — %s', async (_, path, init, status, code) => {
    t = await startTestServer()
    const response = await fetch(`${t.base}${path}`, { method: 'POST', ...init })
    expect(await errorOf(response)).toMatchObject({ status, error: code })
    expect(t.mailer.mails).toHaveLength(0)
  })

  test('behavior: a body over 64 KB without Content-Length is cut off while streaming', async () => {
    t = await startTestServer()
    let sent = 0
    const chunk = new TextEncoder().encode('a'.repeat(16 * 1024))
    // A body that never ends unless the server stops reading.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"email":"'))
      },
      pull(controller) {
        sent += chunk.length
        if (sent > 64 * 1024 * 1024) controller.close()
        else controller.enqueue(chunk)
      },
    })
    const response = await fetch(`${t.base}/email/start`, { method: 'POST', headers: json, body, duplex: 'half' } as RequestInit)
    expect(await errorOf(response)).toMatchObject({ status: 413, error: 'payload_too_large' })
    expect(sent).toBeLessThan(64 * 1024 * 1024)
  })

  test('behavior: a declared Content-Length over 64 KB is refused before reading', async () => {
    t = await startTestServer()
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${t.base}/email/start`, { method: 'POST', headers: { ...json, 'content-length': String(1024 * 1024) } }, (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.write('{"email":"') // and never the rest
    })
    expect(status).toBe(413)
    expect(JSON.parse(body)).toMatchObject({ error: 'payload_too_large' })
  })

  test('parameters: allowedOrigins replaces the same-origin default', async () => {
    t = await startTestServer({ allowedOrigins: ['https://app.example.com'] })
    const body = JSON.stringify({ email: 'origin@example.com' })
    const send = (origin?: string) =>
      fetch(`${t.base}/email/start`, { method: 'POST', headers: { ...json, ...(origin ? { origin } : {}) }, body })
    expect((await send('https://app.example.com')).status).toBe(200)
    t.clock.advance(30_000)
    expect(await errorOf(await send(t.url))).toMatchObject({ status: 403, error: 'csrf_failed' })
    expect(await errorOf(await send('https://app.example.com.evil.example'))).toMatchObject({ status: 403 })
    // No Origin (not a browser, or a same-origin GET-like client): the custom header suffices.
    expect((await send()).status).toBe(200)
  })

  test('parameters: allowedOrigins also answers CORS for those origins only', async () => {
    t = await startTestServer({ allowedOrigins: ['https://app.example.com'] })
    const preflight = (origin: string) =>
      fetch(`${t.base}/email/start`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-latchkey' },
      })
    const ok = await preflight('https://app.example.com')
    expect(ok.status).toBe(204)
    expect(Object.fromEntries(ok.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization, x-latchkey',
    })
    const refused = await preflight('https://evil.example')
    expect(await errorOf(refused)).toMatchObject({ status: 403, error: 'csrf_failed' })
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()

    const answer = await t.post('/email/start', { email: 'cors@example.com' }, { origin: 'https://app.example.com' })
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    const error = await t.post('/email/start', { email: 'cors@example.com' }, { origin: 'https://app.example.com' })
    expect(error.status).toBe(429)
    // Errors carry CORS headers too, so the app can read the code and Retry-After.
    expect(error.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(error.headers.get('access-control-expose-headers')).toContain('retry-after')
  })

  test('behavior: without allowedOrigins, no CORS headers and no preflight', async () => {
    t = await startTestServer()
    const response = await fetch(`${t.base}/email/start`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } })
    expect(await errorOf(response)).toMatchObject({ status: 403, error: 'csrf_failed' })
    const jwks = await t.get('/.well-known/jwks.json', { origin: 'https://app.example.com' })
    expect(jwks.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('behavior: the request\'s own origin is allowed by default', async () => {
    t = await startTestServer()
    const response = await fetch(`${t.base}/email/start`, {
      method: 'POST',
      headers: { ...json, origin: t.url },
      body: JSON.stringify({ email: 'same@example.com' }),
    })
    expect(response.status).toBe(200)
  })

  test('behavior: an unexpected failure is 500 internal_error, logged, with no details', async () => {
    const store = createMemoryStore()
    store.putEmailCode = () => Promise.reject(new Error('disk on fire at /var/lib/db'))
    const logger = { error: vi.fn() }
    t = await startTestServer({ store, logger })
    const response = await t.post('/email/start', { email: 'boom@example.com' })
    const error = await errorOf(response)
    expect(error).toMatchObject({ status: 500, error: 'internal_error' })
    expect(error.message).not.toContain('disk on fire')
    expect(logger.error).toHaveBeenCalledTimes(1)
    expect(String(logger.error.mock.calls[0])).toContain('disk on fire')
  })

  test('behavior: a failing store is retried for the keys on the next request', async () => {
    const store = createMemoryStore()
    const real = store.getOrCreateSecret.bind(store)
    let fail = true
    store.getOrCreateSecret = (...args) => (fail ? Promise.reject(new Error('store down')) : real(...args))
    t = await startTestServer({ store, logger: { error: () => {} } })
    expect((await t.get('/.well-known/jwks.json')).status).toBe(500)
    fail = false
    expect((await t.get('/.well-known/jwks.json')).status).toBe(200)
  })
})

describe('in-process use', () => {
  test('behavior: fetch works without HTTP, and verifyAccessToken checks tokens', async () => {
    const server = createAuthServer({ mailer: { send: async () => {} } })
    const response = await server.fetch(new Request('http://localhost/auth/.well-known/jwks.json'))
    expect(response.status).toBe(200)
    await expect(server.verifyAccessToken('nope')).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
  })
})
