// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { memoryMailer } from './mailers.js'
import { createAuthServer } from './server.js'
import { errorOf, startTestServer } from './server.testkit.js'

/** name → { value, attributes } from a response's Set-Cookie headers. */
function cookiesOf(response: Response) {
  const out: Record<string, { value: string; attributes: string[] }> = {}
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split('; ')
    const index = pair!.indexOf('=')
    out[pair!.slice(0, index)] = { value: pair!.slice(index + 1), attributes }
  }
  return out
}

describe('storage: cookie', () => {
  let t: Awaited<ReturnType<typeof startTestServer>> | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })
  const json = { 'content-type': 'application/json', 'x-latchkey': '1' }

  async function signIn(email = 'cookie@example.com') {
    const code = await t!.requestCode(email)
    const response = await t!.post('/email/verify', { email, code })
    expect(response.status).toBe(200)
    return { response, body: (await response.json()) as TokenResponse, cookies: cookiesOf(response) }
  }

  test('default: sign-in sets HttpOnly cookies and the body carries no token', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const { body, cookies } = await signIn()
    expect(Object.keys(body)).toEqual(['session'])
    expect(body.session.user.email).toBe('cookie@example.com')
    const maxAge = `Max-Age=${(body.session.expiresAt - t!.clock.now()) / 1000}`
    // Loopback over plain http: no Secure, so no __Host-/__Secure- prefix either.
    expect(cookies.latchkey_access!.attributes).toEqual(['Path=/', maxAge, 'HttpOnly', 'SameSite=Lax'])
    expect(cookies.latchkey_refresh!.attributes).toEqual(['Path=/auth/refresh', maxAge, 'HttpOnly', 'SameSite=Strict'])
    expect(decodeJwt(cookies.latchkey_access!.value)).toMatchObject({ sid: body.session.id })
    expect(cookies.latchkey_refresh!.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  test('behavior: /me, /refresh and /logout work from the cookies alone', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const { cookies, body } = await signIn()
    const access = `latchkey_access=${cookies.latchkey_access!.value}`
    const me = await t!.get('/me', { cookie: access })
    expect(await me.json()).toEqual(body.session.user)

    t!.clock.advance(60_000)
    const refreshed = await fetch(`${t!.base}/refresh`, {
      method: 'POST',
      headers: { ...json, cookie: `latchkey_refresh=${cookies.latchkey_refresh!.value}` },
      body: '{}',
    })
    expect(refreshed.status).toBe(200)
    expect(Object.keys((await refreshed.json()) as object)).toEqual(['session'])
    const rotated = cookiesOf(refreshed)
    expect(rotated.latchkey_refresh!.value).not.toBe(cookies.latchkey_refresh!.value)

    // Logout sees only the access cookie (the refresh cookie's path is /auth/refresh), even expired.
    t!.clock.advance(60 * 60_000)
    const out = await fetch(`${t!.base}/logout`, { method: 'POST', headers: { ...json, cookie: `latchkey_access=${rotated.latchkey_access!.value}` }, body: '{}' })
    expect(out.status).toBe(200)
    const cleared = cookiesOf(out)
    expect(cleared.latchkey_access).toMatchObject({ value: '', attributes: expect.arrayContaining(['Max-Age=0']) })
    expect(cleared.latchkey_refresh).toMatchObject({ value: '', attributes: expect.arrayContaining(['Max-Age=0', 'Path=/auth/refresh']) })
    const again = await fetch(`${t!.base}/refresh`, {
      method: 'POST',
      headers: { ...json, cookie: `latchkey_refresh=${rotated.latchkey_refresh!.value}` },
    })
    expect(await errorOf(again)).toMatchObject({ status: 401, error: 'session_revoked' })
    expect(cookiesOf(again).latchkey_refresh?.value).toBe('')
  })

  test('behavior: signing in again in the same browser ends the session the old cookies named', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const first = await signIn('again@example.com')
    t!.clock.advance(60_000)
    const code = await t!.requestCode('again@example.com')
    const second = await t!.post('/email/verify', { email: 'again@example.com', code }, { cookie: `latchkey_access=${first.cookies.latchkey_access!.value}` })
    expect(second.status).toBe(200)
    expect(await t!.server.store.getSession(first.body.session.id)).toMatchObject({ revokeReason: 'logout' })
    const { session } = (await second.json()) as TokenResponse
    expect(await t!.server.store.getSession(session.id)).toMatchObject({ revokedAt: null })
  })

  test('behavior: logout with no cookie is fine; refresh with no cookie is invalid_grant', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const out = await fetch(`${t!.base}/logout`, { method: 'POST', headers: json, body: '{}' })
    expect(out.status).toBe(200)
    expect(await errorOf(await fetch(`${t!.base}/refresh`, { method: 'POST', headers: json, body: '{}' }))).toMatchObject({
      status: 401,
      error: 'invalid_grant',
    })
  })

  test('behavior: sign-in from a foreign origin is refused (login CSRF)', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const code = await t!.requestCode('victim@example.com')
    const response = await t!.post('/email/verify', { email: 'victim@example.com', code }, { origin: 'https://evil.example' })
    expect(await errorOf(response)).toMatchObject({ status: 403, error: 'csrf_failed' })
    expect(response.headers.getSetCookie()).toEqual([])
  })

  test('behavior: on https the cookies are Secure with __Host-/__Secure- prefixes', async () => {
    const mailer = memoryMailer()
    const server = createAuthServer({ storage: 'cookie', mailer })
    const post = (path: string, body: unknown) =>
      server.fetch(new Request(`https://app.example.com/auth${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) }))
    await post('/email/start', { email: 'secure@example.com' })
    const response = await post('/email/verify', { email: 'secure@example.com', code: mailer.last('secure@example.com')!.code })
    const cookies = cookiesOf(response)
    expect(Object.keys(cookies).sort()).toEqual(['__Host-latchkey_access', '__Secure-latchkey_refresh'])
    expect(cookies['__Host-latchkey_access']!.attributes).toEqual(expect.arrayContaining(['Path=/', 'Secure', 'HttpOnly']))
    expect(cookies['__Secure-latchkey_refresh']!.attributes).toEqual(expect.arrayContaining(['Path=/auth/refresh', 'Secure']))
    // An unprefixed cookie (settable by an http page or a subdomain) is not read on https.
    const access = cookies['__Host-latchkey_access']!.value
    const me = (cookie: string) => server.fetch(new Request('https://app.example.com/auth/me', { headers: { cookie } }))
    expect((await me(`latchkey_access=${access}`)).status).toBe(401)
    expect((await me(`__Host-latchkey_access=${access}`)).status).toBe(200)
  })

  test('parameters: app mode ignores cookies', async () => {
    t = await startTestServer()
    const signedIn = await t!.signIn()
    expect((await t!.get('/me', { cookie: `latchkey_access=${signedIn.accessToken}` })).status).toBe(401)
    expect(() => createAuthServer({ storage: 'session' as 'app' })).toThrow(/storage/)
  })
})
