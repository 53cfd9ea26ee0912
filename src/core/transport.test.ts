import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { LatchkeyError, isTransientError } from './errors.js'
import { createTransport, normalizeBaseUrl } from './transport.js'
import type { FetchLike } from './transport.js'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

async function failure(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(LatchkeyError)
  return error as LatchkeyError
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createTransport', () => {
  test('default: JSON POST under baseUrl with the CSRF header', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(200, { ok: true }))
    const transport = createTransport({ baseUrl: '/auth', fetch })
    await expect(transport.request('POST', '/email/start', { body: { email: 'a@b.c' } })).resolves.toEqual({ ok: true })
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe('/auth/email/start')
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe('{"email":"a@b.c"}')
    expect(init?.headers).toMatchObject({ 'x-latchkey': '1', 'content-type': 'application/json' })
  })

  test('behavior: GET carries no CSRF header; a bearer token is sent when given', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(200, {}))
    await createTransport({ baseUrl: 'https://api.example.com/auth/', fetch }).request('GET', '/me', { accessToken: 'tok' })
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe('https://api.example.com/auth/me')
    expect(init?.headers).not.toHaveProperty('x-latchkey')
    expect(init?.headers).toMatchObject({ authorization: 'Bearer tok' })
  })

  test('behavior: an error body maps one-to-one onto the code', async () => {
    const fetch: FetchLike = async () => json(400, { error: 'invalid_code', message: 'Wrong code.', attemptsLeft: 3 })
    const error = await failure(createTransport({ baseUrl: '/auth', fetch }).request('POST', '/email/verify', { body: {} }))
    expect(error).toMatchObject({ code: 'invalid_code', message: 'Wrong code.', status: 400, attemptsLeft: 3 })
  })

  test('behavior: Retry-After fills retryAfter when the body has none', async () => {
    const fetch: FetchLike = async () => json(429, { error: 'resend_cooldown', message: 'Wait.' }, { 'retry-after': '27' })
    const error = await failure(createTransport({ baseUrl: '/auth', fetch }).request('POST', '/email/start', { body: {} }))
    expect(error).toMatchObject({ code: 'resend_cooldown', retryAfter: 27 })
  })

  test('behavior: a failed fetch is network_error (transient)', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch')
    }
    const error = await failure(createTransport({ baseUrl: '/auth', fetch }).request('POST', '/refresh', { body: {} }))
    expect(error.code).toBe('network_error')
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(isTransientError(error)).toBe(true)
  })

  test('behavior: no answer within the timeout is timeout (transient)', async () => {
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const pending = failure(createTransport({ baseUrl: '/auth', fetch, timeout: 5_000 }).request('POST', '/refresh', { body: {} }))
    await vi.advanceTimersByTimeAsync(4_999)
    let settled = false
    void pending.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const error = await pending
    expect(error.code).toBe('timeout')
    expect(isTransientError(error)).toBe(true)
  })

  test('behavior: the caller aborting is aborted, not timeout', async () => {
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const controller = new AbortController()
    const pending = failure(createTransport({ baseUrl: '/auth', fetch }).request('GET', '/me', { signal: controller.signal }))
    controller.abort()
    expect((await pending).code).toBe('aborted')
  })

  test('behavior: a non-JSON answer is invalid_response, and a 5xx one stays transient', async () => {
    const html = (status: number): FetchLike => async () => new Response('<html>oops</html>', { status })
    const ok = await failure(createTransport({ baseUrl: '/auth', fetch: html(200) }).request('GET', '/me'))
    expect(ok.code).toBe('invalid_response')
    expect(isTransientError(ok)).toBe(false)
    const gateway = await failure(createTransport({ baseUrl: '/auth', fetch: html(502) }).request('POST', '/refresh', { body: {} }))
    expect(gateway).toMatchObject({ code: 'invalid_response', status: 502 })
    expect(isTransientError(gateway)).toBe(true)
    const limited = await failure(createTransport({ baseUrl: '/auth', fetch: html(429) }).request('POST', '/refresh', { body: {} }))
    expect(limited).toMatchObject({ code: 'rate_limited', status: 429 })
  })

  test('behavior: an empty 204 answer resolves to undefined', async () => {
    const fetch: FetchLike = async () => new Response(null, { status: 204 })
    await expect(createTransport({ baseUrl: '/auth', fetch }).request('POST', '/logout', { body: {} })).resolves.toBeUndefined()
  })
})

describe('normalizeBaseUrl', () => {
  test('default', () => {
    expect(normalizeBaseUrl('/auth/')).toBe('/auth')
    expect(normalizeBaseUrl('https://x.test/auth')).toBe('https://x.test/auth')
  })

  test('parameters: anything else is a TypeError that says what to pass', () => {
    expect(() => normalizeBaseUrl('auth')).toThrow(TypeError)
    expect(() => normalizeBaseUrl('ftp://x')).toThrow(/absolute http\(s\) URL/)
  })
})
