// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { EmailStartResponse, SessionUpdateResponse, TokenResponse } from '../../core/protocol.js'
import { createTestWallet } from '../../testing/wallets/index.js'
import { errorOf, startTestServer } from '../server.testkit.js'
import { bearer, evmProof } from '../wallet/route.testkit.js'

const ALICE = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

describe('POST /link/email/start, POST /link/email/verify', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  async function walletUser() {
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }))
    return (await (await t.post('/wallet/verify', proof)).json()) as Required<TokenResponse>
  }

  test('default: a wallet user adds an email; same session, the email becomes theirs', async () => {
    t = await startTestServer()
    const user = await walletUser()
    const start = await t.post('/link/email/start', { email: 'Ada@Example.com' }, bearer(user.accessToken))
    expect(start.status).toBe(200)
    expect((await start.json()) as EmailStartResponse).toEqual({
      expiresAt: t.clock.now() + 600_000,
      resendAvailableAt: t.clock.now() + 30_000,
      serverNow: t.clock.now(),
    })
    const mail = t.mailer.last('ada@example.com')!
    expect(mail.subject).toBe(`${mail.code} is your code to add this email`)
    const verify = await t.post('/link/email/verify', { email: 'ada@example.com', code: mail.code }, bearer(user.accessToken))
    expect(verify.status).toBe(200)
    const body = (await verify.json()) as Required<SessionUpdateResponse>
    expect(body.session.id).toBe(user.session.id)
    expect(body.session.user).toMatchObject({
      id: user.session.user.id,
      email: 'ada@example.com',
      verifiedCredentials: [{ format: 'blockchain' }, { format: 'email', email: 'ada@example.com' }],
    })
    expect(decodeJwt(body.accessToken).verified_credentials).toEqual([
      expect.objectContaining({ format: 'blockchain' }),
      expect.objectContaining({ format: 'email', email: 'ada@example.com' }),
    ])
    // Signing in by that email now reaches the same user.
    expect((await t.signIn('ada@example.com')).session.user.id).toBe(user.session.user.id)
  })

  test('behavior: the sign-in code machinery applies: cooldown, wrong code with attempts left, expiry', async () => {
    t = await startTestServer()
    const user = await walletUser()
    const auth = bearer(user.accessToken)
    expect((await t.post('/link/email/start', { email: 'b@example.com' }, auth)).status).toBe(200)
    expect(await errorOf(await t.post('/link/email/start', { email: 'b@example.com' }, auth))).toMatchObject({ status: 429, error: 'resend_cooldown' })
    const code = t.mailer.last('b@example.com')!.code
    const wrong = code === '000000' ? '111111' : '000000'
    expect(await errorOf(await t.post('/link/email/verify', { email: 'b@example.com', code: wrong }, auth))).toMatchObject({
      error: 'invalid_code',
      attemptsLeft: 4,
    })
    t.clock.advance(600_000)
    expect(await errorOf(await t.post('/link/email/verify', { email: 'b@example.com', code }, auth))).toMatchObject({ error: 'code_expired' })
    expect(await errorOf(await t.post('/link/email/start', { email: 'not an email' }, auth))).toMatchObject({ error: 'invalid_email' })
  })

  test('behavior: an email owned by another user is 409 credential_in_use after the code; the session is untouched', async () => {
    t = await startTestServer()
    await t.signIn('taken@example.com')
    const user = await walletUser()
    const auth = bearer(user.accessToken)
    // Starting reveals nothing about other accounts.
    expect((await t.post('/link/email/start', { email: 'taken@example.com' }, auth)).status).toBe(200)
    const code = t.mailer.last('taken@example.com')!.code
    expect(await errorOf(await t.post('/link/email/verify', { email: 'taken@example.com', code }, auth))).toMatchObject({
      status: 409,
      error: 'credential_in_use',
    })
    const me = (await (await t.get('/me', auth)).json()) as { email: string | null; verifiedCredentials: unknown[] }
    expect(me).toMatchObject({ email: null, verifiedCredentials: [expect.objectContaining({ format: 'blockchain' })] })
  })

  test('behavior: adding one\'s own email again is idempotent', async () => {
    t = await startTestServer()
    const user = await t.signIn('self@example.com')
    const auth = bearer(user.accessToken)
    await t.post('/link/email/start', { email: 'self@example.com' }, auth)
    const response = await t.post('/link/email/verify', { email: 'self@example.com', code: t.mailer.last('self@example.com')!.code }, auth)
    expect(response.status).toBe(200)
    expect(((await response.json()) as SessionUpdateResponse).session.user).toEqual(user.session.user)
  })

  test('behavior: both routes need a session', async () => {
    t = await startTestServer()
    expect(await errorOf(await t.post('/link/email/start', { email: 'x@example.com' }))).toMatchObject({ status: 401, error: 'unauthorized' })
    expect(await errorOf(await t.post('/link/email/verify', { email: 'x@example.com', code: '123456' }))).toMatchObject({ status: 401 })
    expect(t.mailer.last('x@example.com')).toBeUndefined()
  })
})
