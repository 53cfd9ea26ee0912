// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import type { SessionListResponse } from '../../core/protocol.js'
import { errorOf, startTestServer } from '../server.testkit.js'

describe('GET /sessions, DELETE /sessions/:id, DELETE /sessions', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  const del = (path: string, token: string) =>
    fetch(`${t.base}${path}`, { method: 'DELETE', headers: { 'x-latchkey': '1', ...auth(token) } })

  async function threeDevices() {
    const laptop = await t.signIn('devices@example.com')
    t.clock.advance(60_000)
    const phone = await t.signIn('devices@example.com')
    t.clock.advance(60_000)
    const tablet = await t.signIn('devices@example.com')
    return { laptop, phone, tablet }
  }

  test('default: lists the active sessions, newest first, with the current one marked', async () => {
    t = await startTestServer()
    const { laptop, phone, tablet } = await threeDevices()
    await t.signIn('someone-else@example.com')
    t.clock.advance(5_000)
    await t.post('/refresh', { refreshToken: laptop.refreshToken }, { 'user-agent': 'ignored on refresh' })
    const response = await t.get('/sessions', auth(phone.accessToken))
    expect(response.status).toBe(200)
    const { sessions } = (await response.json()) as SessionListResponse
    expect(sessions.map((s) => [s.id, s.current])).toEqual([
      [tablet.session.id, false],
      [phone.session.id, true],
      [laptop.session.id, false],
    ])
    expect(sessions[2]).toEqual({
      id: laptop.session.id,
      createdAt: laptop.session.serverNow,
      lastUsedAt: t.clock.now(),
      expiresAt: laptop.session.expiresAt,
      userAgent: 'node',
      current: false,
    })
  })

  test('behavior: revoking another session ends it at once and at its next refresh', async () => {
    t = await startTestServer()
    const { laptop, phone } = await threeDevices()
    const response = await del(`/sessions/${laptop.session.id}`, phone.accessToken)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
    expect(await errorOf(await t.get('/me', auth(laptop.accessToken)))).toMatchObject({ status: 401, error: 'session_revoked' })
    expect(await errorOf(await t.post('/refresh', { refreshToken: laptop.refreshToken }))).toMatchObject({ error: 'session_revoked' })
    const { sessions } = (await (await t.get('/sessions', auth(phone.accessToken))).json()) as SessionListResponse
    expect(sessions.map((s) => s.id)).not.toContain(laptop.session.id)
    expect(sessions).toHaveLength(2)
  })

  test('behavior: another user\'s session or an unknown id is 404, and stays active', async () => {
    t = await startTestServer()
    const mine = await t.signIn('mine@example.com')
    const theirs = await t.signIn('theirs@example.com')
    expect(await errorOf(await del(`/sessions/${theirs.session.id}`, mine.accessToken))).toMatchObject({ status: 404, error: 'not_found' })
    expect(await errorOf(await del('/sessions/ses_unknown', mine.accessToken))).toMatchObject({ status: 404, error: 'not_found' })
    expect((await t.get('/me', auth(theirs.accessToken))).status).toBe(200)
  })

  test('behavior: sign out everywhere else keeps only the current session', async () => {
    t = await startTestServer()
    const { laptop, phone, tablet } = await threeDevices()
    const response = await del('/sessions', tablet.accessToken)
    expect(await response.json()).toEqual({ ok: true, revoked: 2 })
    for (const other of [laptop, phone]) {
      expect(await errorOf(await t.post('/refresh', { refreshToken: other.refreshToken }))).toMatchObject({ error: 'session_revoked' })
    }
    expect((await t.post('/refresh', { refreshToken: tablet.refreshToken })).status).toBe(200)
  })

  test('behavior: needs a valid access token and the CSRF header', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    expect(await errorOf(await t.get('/sessions'))).toMatchObject({ status: 401, error: 'unauthorized' })
    const noCsrf = await fetch(`${t.base}/sessions/${signedIn.session.id}`, { method: 'DELETE', headers: auth(signedIn.accessToken) })
    expect(await errorOf(noCsrf)).toMatchObject({ status: 403, error: 'csrf_failed' })
    expect((await t.get('/me', auth(signedIn.accessToken))).status).toBe(200)
  })
})
