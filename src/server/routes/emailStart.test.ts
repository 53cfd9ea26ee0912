// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import { sha256 } from '../crypto.js'
import { errorOf, startTestServer } from '../server.testkit.js'

describe('POST /email/start', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: mails a 6-digit code and says when it expires and when to resend', async () => {
    t = await startTestServer()
    const response = await t.post('/email/start', { email: '  Ada@Example.COM ' })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const now = t.clock.now()
    expect(await response.json()).toEqual({ expiresAt: now + 600_000, resendAvailableAt: now + 30_000, serverNow: now })
    expect(t.mailer.mails).toHaveLength(1)
    const mail = t.mailer.mails[0]!
    expect(mail.to).toBe('ada@example.com')
    expect(mail.code).toMatch(/^\d{6}$/)
    expect(mail.text).toContain(mail.code)
  })

  test('behavior: the code is stored as an HMAC, neither plain nor a plain hash', async () => {
    t = await startTestServer()
    const email = 'secret@example.com'
    const code = await t.requestCode(email)
    const attempt = await t.server.store.takeEmailCodeAttempt({ email, now: t.clock.now(), maxAttempts: 5 })
    expect(attempt.status).toBe('taken')
    const stored = attempt.status === 'taken' ? attempt.code.codeMac : ''
    expect(stored).not.toContain(code)
    for (const guess of [code, `${email}:${code}`]) expect(stored).not.toBe(await sha256(guess))
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  test('behavior: resend inside the cooldown is 429 resend_cooldown with retryAfter', async () => {
    t = await startTestServer()
    await t.requestCode('cool@example.com')
    t.clock.advance(12_000)
    const response = await t.post('/email/start', { email: 'cool@example.com' })
    const error = await errorOf(response)
    expect(error).toMatchObject({ status: 429, error: 'resend_cooldown', retryAfter: 18 })
    expect(response.headers.get('retry-after')).toBe('18')
    expect(t.mailer.mails).toHaveLength(1)
  })

  test('behavior: after the cooldown a new code replaces the old one', async () => {
    t = await startTestServer()
    const email = 'again@example.com'
    let first = await t.requestCode(email)
    t.clock.advance(30_000)
    let second = await t.requestCode(email)
    // One in a million: the fresh code may equal the old one; draw again.
    while (second === first) {
      t.clock.advance(30_000)
      first = second
      second = await t.requestCode(email)
    }
    const old = await t.post('/email/verify', { email, code: first })
    expect(await errorOf(old)).toMatchObject({ status: 400, error: 'invalid_code', attemptsLeft: 4 })
    expect((await t.post('/email/verify', { email, code: second })).status).toBe(200)
  })

  test('behavior: a mailer failure is a 500 that holds back no retry', async () => {
    let fail = true
    const sent: string[] = []
    t = await startTestServer({
      logger: { error: () => {} },
      mailer: {
        send: async (mail) => {
          if (fail) throw new Error('SMTP down')
          sent.push(mail.code)
        },
      },
    })
    expect(await errorOf(await t.post('/email/start', { email: 'smtp@example.com' }))).toMatchObject({ status: 500, error: 'internal_error' })
    fail = false
    expect((await t.post('/email/start', { email: 'smtp@example.com' })).status).toBe(200)
    expect((await t.post('/email/verify', { email: 'smtp@example.com', code: sent[0] })).status).toBe(200)
  })

  test('parameters: emailCodesPerHour caps the codes per address, then 429 rate_limited until the hour is over', async () => {
    t = await startTestServer({ emailCodesPerHour: 3 })
    const email = 'many@example.com'
    for (let i = 0; i < 2; i++) {
      await t.requestCode(email)
      t.clock.advance(30_000)
    }
    const third = await t.post('/email/start', { email })
    // The last code of the hour says when the next one can come.
    expect(((await third.json()) as { resendAvailableAt: number }).resendAvailableAt).toBe(t.clock.now() - 60_000 + 3_600_000)
    const lastCode = t.mailer.last(email)!.code
    t.clock.advance(30_000)
    const limited = await t.post('/email/start', { email })
    expect(await errorOf(limited)).toMatchObject({ status: 429, error: 'rate_limited', retryAfter: 3_600 - 90 })
    expect(limited.headers.get('retry-after')).toBe(String(3_600 - 90))
    expect(t.mailer.mails).toHaveLength(3)
    // Other addresses are not affected, and the last code still works.
    expect((await t.post('/email/start', { email: 'other@example.com' })).status).toBe(200)
    expect((await t.post('/email/verify', { email, code: lastCode })).status).toBe(200)
    t.clock.advance((3_600 - 90) * 1000)
    expect((await t.post('/email/start', { email })).status).toBe(200)
  })

  test('behavior: a malformed address is 400 invalid_email', async () => {
    t = await startTestServer()
    for (const email of ['', 'no-at-sign', 'a@b', 'two@@example.com', 'sp ace@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(await errorOf(await t.post('/email/start', { email }))).toMatchObject({ status: 400, error: 'invalid_email' })
    }
    expect(t.mailer.mails).toHaveLength(0)
  })

  test('parameters: dev mailbox lists the last 20 mails, oldest first, only with dev: true', async () => {
    t = await startTestServer({ dev: true })
    for (let i = 0; i < 22; i++) await t.requestCode(`m${i}@example.com`)
    const response = await t.get('/dev/mailbox')
    expect(response.status).toBe(200)
    const { mails } = (await response.json()) as { mails: Array<{ to: string; code: string; subject: string; sentAt: number }> }
    expect(mails).toHaveLength(20)
    expect(mails[0]!.to).toBe('m2@example.com')
    expect(mails.at(-1)).toEqual({
      to: 'm21@example.com',
      code: t.mailer.last('m21@example.com')!.code,
      subject: expect.stringContaining('sign-in code'),
      sentAt: t.clock.now(),
    })
    const filtered = (await (await t.get('/dev/mailbox?to=M3@example.com')).json()) as { mails: unknown[] }
    expect(filtered.mails).toHaveLength(1)
    await t.close()

    t = await startTestServer()
    await t.requestCode('quiet@example.com')
    expect(await errorOf(await t.get('/dev/mailbox'))).toMatchObject({ status: 404, error: 'not_found' })
  })
})
