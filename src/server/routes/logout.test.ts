// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import { errorOf, startTestServer } from '../server.testkit.js'

describe('POST /logout', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: the refresh token revokes the session, even with the access token expired', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    t.clock.advance(60 * 60_000)
    const response = await t.post('/logout', { refreshToken: signedIn.refreshToken })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
    expect(await t.server.store.getSession(signedIn.session.id)).toMatchObject({ revokedAt: t.clock.now(), revokeReason: 'logout' })
  })

  test('behavior: an expired bearer token alone (no body) revokes the session', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    t.clock.advance(60 * 60_000)
    const response = await fetch(`${t.base}/logout`, {
      method: 'POST',
      headers: { 'x-latchkey': '1', authorization: `Bearer ${signedIn.accessToken}` },
    })
    expect(response.status).toBe(200)
    expect(await errorOf(await t.post('/refresh', { refreshToken: signedIn.refreshToken }))).toMatchObject({ error: 'session_revoked' })
  })

  test('behavior: idempotent, and other sessions stay', async () => {
    t = await startTestServer()
    const one = await t.signIn('two-devices@example.com')
    t.clock.advance(30_000)
    const two = await t.signIn('two-devices@example.com')
    for (let i = 0; i < 2; i++) expect((await t.post('/logout', { refreshToken: one.refreshToken })).status).toBe(200)
    expect((await t.post('/logout', { refreshToken: 'unknown-token' })).status).toBe(200)
    expect((await t.get('/me', { authorization: `Bearer ${two.accessToken}` })).status).toBe(200)
    expect(await errorOf(await t.get('/me', { authorization: `Bearer ${one.accessToken}` }))).toMatchObject({ error: 'session_revoked' })
  })

  test('behavior: nothing to identify the session is 400; a forged bearer is 401', async () => {
    t = await startTestServer()
    expect(await errorOf(await t.post('/logout', {}))).toMatchObject({ status: 400, error: 'invalid_request' })
    expect(await errorOf(await t.post('/logout', {}, { authorization: 'Bearer not.a.jwt' }))).toMatchObject({
      status: 401,
      error: 'unauthorized',
    })
  })
})
