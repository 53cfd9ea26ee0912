// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import type { SessionListResponse, TokenResponse } from '../../core/protocol.js'
import { createAuthServer } from '../server.js'
import { errorOf, startTestServer } from '../server.testkit.js'

type Tokens = Required<TokenResponse>

const MINUTE = 60_000

describe('POST /refresh with an idle timeout', () => {
  let t: Awaited<ReturnType<typeof startTestServer>> | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })

  const refresh = (refreshToken: string, active?: unknown) =>
    t!.post('/refresh', active === undefined ? { refreshToken } : { refreshToken, active })
  const refreshOk = async (refreshToken: string, active?: boolean) => {
    const response = await refresh(refreshToken, active)
    expect(response.status).toBe(200)
    return (await response.json()) as Tokens
  }

  test('default: no idle timeout; a session nobody touched for days still refreshes', async () => {
    t = await startTestServer()
    const signedIn = await t!.signIn()
    t!.clock.advance(3 * 24 * 60 * MINUTE)
    const next = await refreshOk(signedIn.refreshToken, false)
    expect(next.session.id).toBe(signedIn.session.id)
    // Tracked all the same (sign-in counts as activity), for when the option is turned on.
    expect(await t!.server.store.getSession(signedIn.session.id)).toMatchObject({ lastActiveAt: signedIn.session.serverNow })
  })

  test('parameters: idleTimeout must be a number of seconds longer than the access-token lifetime', () => {
    expect(() => createAuthServer({ idleTimeout: 900 })).toThrow(/idleTimeout.*longer than `accessTokenTtl` \(900 s\)/)
    expect(() => createAuthServer({ idleTimeout: 60, accessTokenTtl: 60 })).toThrow(TypeError)
    expect(() => createAuthServer({ idleTimeout: Number.NaN })).toThrow(/idleTimeout/)
    expect(() => createAuthServer({ idleTimeout: '1800' as unknown as number })).toThrow(/idleTimeout/)
    expect(() => createAuthServer({ idleTimeout: 0 })).toThrow(/idleTimeout/)
    expect(() => createAuthServer({ idleTimeout: 901 })).not.toThrow()
    expect(() => createAuthServer({ idleTimeout: 20, accessTokenTtl: 10 })).not.toThrow()
  })

  test('parameters: `active` that is not a boolean is 400 invalid_request, and nothing rotates', async () => {
    t = await startTestServer({ idleTimeout: 1800 })
    const signedIn = await t!.signIn()
    for (const active of ['yes', 1, null, {}]) {
      expect(await errorOf(await refresh(signedIn.refreshToken, active))).toMatchObject({ status: 400, error: 'invalid_request' })
    }
    expect((await refreshOk(signedIn.refreshToken, true)).session.id).toBe(signedIn.session.id)
  })

  test('behavior: refreshes without input end the session after idleTimeout, with session_idle, everywhere', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60 })
    const signedIn = await t!.signIn()
    t!.clock.advance(14 * MINUTE)
    const first = await refreshOk(signedIn.refreshToken, false)
    t!.clock.advance(14 * MINUTE)
    const second = await refreshOk(first.refreshToken, false)
    // 30 minutes since sign-in, to the millisecond, is still within the limit...
    t!.clock.advance(2 * MINUTE)
    const third = await refreshOk(second.refreshToken, false)
    // ...one millisecond more is not.
    t!.clock.advance(1)
    expect(await errorOf(await refresh(third.refreshToken, false))).toMatchObject({ status: 401, error: 'session_idle' })

    // Ended, not just refused: later calls say why, and the session leaves the list.
    const session = await t!.server.store.getSession(signedIn.session.id)
    expect(session).toMatchObject({ revokeReason: 'idle', revokedAt: t!.clock.now() })
    expect(await errorOf(await refresh(third.refreshToken, true))).toMatchObject({ status: 401, error: 'session_idle' })
    expect(await errorOf(await t!.get('/me', { authorization: `Bearer ${third.accessToken}` }))).toMatchObject({
      status: 401,
      error: 'session_idle',
    })
    const fresh = await t!.signIn(signedIn.session.user.email!)
    const list = await t!.get('/sessions', { authorization: `Bearer ${fresh.accessToken}` })
    const ids = ((await list.json()) as SessionListResponse).sessions.map((s) => s.id)
    expect(ids).toContain(fresh.session.id)
    expect(ids).not.toContain(signedIn.session.id)
  })

  test('behavior: a session that can no longer refresh leaves GET /sessions and "sign out everywhere else" at once', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60 })
    const laptop = await t!.signIn('idle-list@example.com')
    t!.clock.advance(10 * MINUTE)
    const phone = await t!.signIn('idle-list@example.com')
    const ids = async (tokens: Tokens) =>
      ((await (await t!.get('/sessions', { authorization: `Bearer ${tokens.accessToken}` })).json()) as SessionListResponse).sessions.map(
        (s) => s.id,
      )
    // The laptop closed at 0 min. The phone keeps working; at 30 min the laptop could still wake.
    t!.clock.advance(14 * MINUTE)
    let tokens = await refreshOk(phone.refreshToken, true)
    t!.clock.advance(6 * MINUTE)
    expect(await ids(tokens)).toEqual([phone.session.id, laptop.session.id])
    // One millisecond later it cannot: its next refresh would end it as idle. It leaves the list
    // now, not when it tries, and revoking "everywhere else" does not count it.
    t!.clock.advance(1)
    expect(await ids(tokens)).toEqual([phone.session.id])
    tokens = await refreshOk(tokens.refreshToken, true)
    const revoked = await fetch(`${t!.base}/sessions`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-latchkey': '1' },
    })
    expect(await revoked.json()).toEqual({ ok: true, revoked: 0 })
    expect(await errorOf(await refresh(laptop.refreshToken, true))).toMatchObject({ status: 401, error: 'session_idle' })
  })

  test('behavior: a user who keeps working is never signed out (3 hours of refreshes marked active)', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60 })
    let tokens = await t!.signIn()
    for (let i = 0; i < 13; i++) {
      t!.clock.advance(14 * MINUTE)
      tokens = await refreshOk(tokens.refreshToken, true)
    }
    expect(await t!.server.store.getSession(tokens.session.id)).toMatchObject({ revokedAt: null })
  })

  test('behavior: input counts from when the presented token was issued, not from the refresh', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60 })
    const signedIn = await t!.signIn()
    t!.clock.advance(14 * MINUTE)
    const quiet = await refreshOk(signedIn.refreshToken, false) // issued at 14 min
    // Input came some time after 14 min: at 40 min that is within the limit, counted at 14 min.
    t!.clock.advance(26 * MINUTE)
    const busy = await refreshOk(quiet.refreshToken, true)
    expect(await t!.server.store.getSession(signedIn.session.id)).toMatchObject({ lastActiveAt: quiet.session.serverNow })
    // Nothing since: 31 min after 14 min, the session is over.
    t!.clock.advance(5 * MINUTE)
    expect(await errorOf(await refresh(busy.refreshToken, false))).toMatchObject({ status: 401, error: 'session_idle' })
  })

  test('behavior: input before a long sleep does not keep the session (the laptop was closed 36 min)', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60 })
    const signedIn = await t!.signIn()
    t!.clock.advance(14 * MINUTE)
    const quiet = await refreshOk(signedIn.refreshToken, false) // issued at 14 min
    // A key press right after, then the lid closed; the tab wakes at 50 min and reports that input.
    t!.clock.advance(36 * MINUTE)
    expect(await errorOf(await refresh(quiet.refreshToken, true))).toMatchObject({ status: 401, error: 'session_idle' })
  })

  test('behavior: a retried refresh inside the grace window gets the same child, idle timeout or not', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60, refreshReuseGrace: 10 })
    const signedIn = await t!.signIn()
    t!.clock.advance(29 * MINUTE)
    const child = await refreshOk(signedIn.refreshToken, false)
    t!.clock.advance(5_000)
    expect((await refreshOk(signedIn.refreshToken, false)).refreshToken).toBe(child.refreshToken)
  })

  test('behavior: cookie mode: an idle end clears both cookies', async () => {
    t = await startTestServer({ idleTimeout: 30 * 60, accessTokenTtl: 15 * 60, storage: 'cookie' })
    const email = 'idle-cookie@example.com'
    const code = await t!.requestCode(email)
    const verify = await t!.post('/email/verify', { email, code })
    expect(verify.status).toBe(200)
    const cookies = verify.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')
    t!.clock.advance(31 * MINUTE)
    const response = await t!.post('/refresh', {}, { cookie: cookies })
    expect(await errorOf(response)).toMatchObject({ status: 401, error: 'session_idle' })
    const cleared = response.headers.getSetCookie()
    expect(cleared).toHaveLength(2)
    for (const cookie of cleared) expect(cookie).toMatch(/^latchkey_(access|refresh)=; .*Max-Age=0/)
  })
})
