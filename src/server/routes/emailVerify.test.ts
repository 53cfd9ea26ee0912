// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../../core/protocol.js'
import { errorOf, startTestServer } from '../server.testkit.js'

/** A 6-digit code that is not `code`. */
const wrong = (code: string, offset = 1) => String((Number(code) + offset) % 1_000_000).padStart(6, '0')

describe('POST /email/verify', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: the right code signs in, creates the user and issues tokens with the session body', async () => {
    t = await startTestServer()
    const code = await t.requestCode('new@example.com')
    t.clock.advance(5_000)
    const response = await t.post('/email/verify', { email: 'NEW@example.com ', code: ` ${code.slice(0, 3)} ${code.slice(3)}` })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<TokenResponse>
    const now = t.clock.now()
    expect(body.session).toEqual({
      id: expect.stringMatching(/^ses_/),
      user: {
        id: expect.stringMatching(/^usr_/),
        email: 'new@example.com',
        alias: null,
        name: null,
        createdAt: now,
        verifiedCredentials: [{ id: expect.stringMatching(/^cred_/), format: 'email', email: 'new@example.com' }],
        primaryWalletId: null,
      },
      accessTokenExpiresAt: Math.floor(now / 1000) * 1000 + 900_000,
      expiresAt: now + 7 * 24 * 3600 * 1000,
      serverNow: now,
    })
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const claims = decodeJwt(body.accessToken)
    expect(claims).toEqual({
      iss: 'latchkey',
      aud: 'latchkey',
      sub: body.session.user.id,
      sid: body.session.id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 900,
      session_exp: Math.floor(body.session.expiresAt / 1000),
      verified_credentials: [{ id: body.session.user.verifiedCredentials[0]!.id, format: 'email', email: 'new@example.com' }],
    })
  })

  test('behavior: a later sign-in reuses the user and starts another session', async () => {
    t = await startTestServer()
    const first = await t.signIn('same@example.com')
    t.clock.advance(60_000)
    const second = await t.signIn('Same@Example.com')
    expect(second.session.user).toEqual(first.session.user)
    expect(second.session.id).not.toBe(first.session.id)
    expect(await t.server.store.listActiveSessions(first.session.user.id, t.clock.now())).toHaveLength(2)
  })

  test('behavior: wrong codes count down, then too_many_attempts even for the right code', async () => {
    t = await startTestServer()
    const email = 'guess@example.com'
    const code = await t.requestCode(email)
    for (let left = 4; left >= 0; left--) {
      const error = await errorOf(await t.post('/email/verify', { email, code: wrong(code, left + 1) }))
      expect(error).toMatchObject({ status: 400, error: 'invalid_code', attemptsLeft: left })
    }
    expect(await errorOf(await t.post('/email/verify', { email, code }))).toMatchObject({ status: 429, error: 'too_many_attempts' })
  })

  test('behavior: 20 parallel wrong guesses take at most 5 attempts and never sign in', async () => {
    t = await startTestServer()
    const email = 'parallel@example.com'
    const code = await t.requestCode(email)
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.post('/email/verify', { email, code: wrong(code, i + 1) })),
    )
    const errors = await Promise.all(responses.map(errorOf))
    expect(errors.filter((e) => e.error === 'invalid_code')).toHaveLength(5)
    expect(errors.filter((e) => e.error === 'too_many_attempts')).toHaveLength(15)
    expect(errors.filter((e) => e.error === 'invalid_code').map((e) => e.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4])
    // The right code no longer works either: the cap held.
    expect(await errorOf(await t.post('/email/verify', { email, code }))).toMatchObject({ error: 'too_many_attempts' })
  })

  test('behavior: the right code among parallel guesses signs in at most once', async () => {
    t = await startTestServer()
    const email = 'race@example.com'
    const code = await t.requestCode(email)
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.post('/email/verify', { email, code })))
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1)
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(await errorOf(response)).toMatchObject({ status: 400, error: 'code_expired' })
    }
  })

  test('behavior: a used code cannot be used again', async () => {
    t = await startTestServer()
    const email = 'once@example.com'
    const code = await t.requestCode(email)
    expect((await t.post('/email/verify', { email, code })).status).toBe(200)
    expect(await errorOf(await t.post('/email/verify', { email, code }))).toMatchObject({ status: 400, error: 'code_expired' })
  })

  test('behavior: a code expires after 10 minutes', async () => {
    t = await startTestServer()
    const email = 'late@example.com'
    const code = await t.requestCode(email)
    t.clock.advance(10 * 60_000)
    expect(await errorOf(await t.post('/email/verify', { email, code }))).toMatchObject({ status: 400, error: 'code_expired' })
  })

  test('behavior: no code requested is code_expired; a code for another address does not work', async () => {
    t = await startTestServer()
    expect(await errorOf(await t.post('/email/verify', { email: 'none@example.com', code: '123456' }))).toMatchObject({
      error: 'code_expired',
    })
    const code = await t.requestCode('alice@example.com')
    // Bob's own code could equal Alice's by chance (1 in a million): draw again then.
    while ((await t.requestCode('bob@example.com')) === code) t.clock.advance(30_000)
    const error = await errorOf(await t.post('/email/verify', { email: 'bob@example.com', code }))
    expect(error).toMatchObject({ error: 'invalid_code', attemptsLeft: 4 })
  })

  test('behavior: a code that is not 6 digits is invalid_request and takes no attempt', async () => {
    t = await startTestServer()
    const email = 'format@example.com'
    const code = await t.requestCode(email)
    for (const bad of ['12345', '1234567', 'abcdef', '']) {
      expect(await errorOf(await t.post('/email/verify', { email, code: bad }))).toMatchObject({ status: 400, error: 'invalid_request' })
    }
    expect((await t.post('/email/verify', { email, code })).status).toBe(200)
  })
})
