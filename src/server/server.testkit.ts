/**
 * Test harness for the server's own tests: a real server on loopback (node adapter, port 0),
 * a memory mailer, and a clock the test moves by hand. Not part of the package.
 * @internal
 */
import { expect } from 'vitest'
import type { ErrorBody, TokenResponse } from '../core/protocol.js'
import { memoryMailer } from './mailers.js'
import { serve } from './node.js'
import { createAuthServer } from './server.js'
import type { AuthServerOptions } from './server.js'

export interface TestClock {
  now(): number
  advance(ms: number): void
}

export function testClock(start = Date.UTC(2026, 10, 21, 12)): TestClock {
  let time = start
  return {
    now: () => time,
    advance: (ms) => {
      time += ms
    },
  }
}

export async function startTestServer(options: AuthServerOptions = {}) {
  const clock = testClock()
  const mailer = memoryMailer({ clock })
  const server = createAuthServer({ mailer, clock, ...options })
  const running = await serve({ server })
  const base = `${running.url}${server.basePath}`

  /** A same-origin-looking JSON POST with the CSRF header. */
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-latchkey': '1', ...headers },
      body: JSON.stringify(body),
    })
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers })

  const requestCode = async (email: string) => {
    const response = await post('/email/start', { email })
    expect(response.status).toBe(200)
    const code = mailer.last(email)?.code
    if (!code) throw new Error(`no mail to ${email}`)
    return code
  }

  /** Signs in by email code and returns the token response. */
  const signIn = async (email = `user-${Math.random().toString(36).slice(2, 10)}@example.com`) => {
    const code = await requestCode(email)
    const response = await post('/email/verify', { email, code })
    expect(response.status).toBe(200)
    return (await response.json()) as Required<TokenResponse>
  }

  return {
    server,
    clock,
    mailer,
    url: running.url,
    base,
    post,
    get,
    requestCode,
    signIn,
    close: async () => {
      await running.close()
      await server.close()
    },
  }
}

/** Reads an error answer and checks its shape: a stable code, a message, no stack. */
export async function errorOf(response: Response): Promise<ErrorBody & { status: number }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const text = await response.text()
  const body = JSON.parse(text) as ErrorBody
  expect(typeof body.error).toBe('string')
  expect(typeof body.message).toBe('string')
  expect(body.message.length).toBeGreaterThan(10)
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/)
  return { ...body, status: response.status }
}

type TestServer = Awaited<ReturnType<typeof startTestServer>>

/**
 * Two servers on one store (PGlite shared in process, or PostgreSQL through two pools): 20 wrong
 * guesses of one code sent in parallel, alternating servers, spend exactly its 5 attempts.
 */
export async function expectParallelGuessesCapped(a: TestServer, b: TestServer): Promise<void> {
  const email = 'pg-guess@example.com'
  const code = await a.requestCode(email)
  const wrong = (i: number) => String((Number(code) + i) % 1_000_000).padStart(6, '0')
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).post('/email/verify', { email, code: wrong(i + 1) })),
  )
  const codes = await Promise.all(responses.map(async (r) => ((await r.json()) as { error: string }).error))
  expect(codes.filter((c) => c === 'invalid_code')).toHaveLength(5)
  expect(codes.filter((c) => c === 'too_many_attempts')).toHaveLength(15)
  expect(((await (await b.post('/email/verify', { email, code })).json()) as { error: string }).error).toBe('too_many_attempts')
}

/** Two servers on one store: 10 parallel refreshes of one token, alternating servers, all get the same one child. */
export async function expectParallelRefreshesOneChild(a: TestServer, b: TestServer): Promise<void> {
  const signedIn = await a.signIn('pg-refresh@example.com')
  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).post('/refresh', { refreshToken: signedIn.refreshToken })),
  )
  expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
  const children = new Set(
    (await Promise.all(responses.map((r) => r.json() as Promise<Required<TokenResponse>>))).map((body) => body.refreshToken),
  )
  expect(children.size).toBe(1)
}
