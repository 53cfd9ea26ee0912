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
