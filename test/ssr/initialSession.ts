// What docs/nextjs.md's server component does, over a real in-process server in cookie mode:
// sign in (to get the cookies a browser would hold), then read the session from the access
// cookie alone — verifyAccessToken for the claims, GET /me for the user.
import type { SessionBody } from '../../src/core/index.js'
import { createAuthServer, memoryMailer, verifyAccessToken } from '../../src/server/index.js'

export const origin = 'http://localhost:3000'

export async function cookieModeServer() {
  const mailer = memoryMailer()
  const server = createAuthServer({ storage: 'cookie', mailer })
  const post = (path: string, body: unknown) =>
    server.fetch(
      new Request(`${origin}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1', origin },
        body: JSON.stringify(body),
      }),
    )
  /** Signs `email` in; returns the `Cookie` header the browser would send back. */
  async function signIn(email: string): Promise<string> {
    await post('/email/start', { email })
    const response = await post('/email/verify', { email, code: mailer.last(email)!.code })
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ')
  }
  /**
   * Signs `email` in; returns the session body the answer carries beside its cookies. For
   * happy-dom, whose `Response` hides `Set-Cookie` as a browser does.
   */
  async function signInSession(email: string): Promise<SessionBody> {
    await post('/email/start', { email })
    const response = await post('/email/verify', { email, code: mailer.last(email)!.code })
    return ((await response.json()) as { session: SessionBody }).session
  }
  return { server, signIn, signInSession }
}

/** The server render's `initialSession`: from the access cookie, `null` without a valid one. */
export async function initialSessionFromCookies(server: { fetch(request: Request): Promise<Response> }, cookie: string): Promise<SessionBody | null> {
  const token = /(?:^|;\s*)(?:__Host-)?latchkey_access=([^;]+)/.exec(cookie)?.[1]
  if (!token) return null
  const jwks = await (await server.fetch(new Request(`${origin}/auth/.well-known/jwks.json`))).json()
  try {
    const claims = await verifyAccessToken(token, { jwks })
    const me = await server.fetch(new Request(`${origin}/auth/me`, { headers: { authorization: `Bearer ${token}` } }))
    if (!me.ok) return null
    return {
      id: claims.sid,
      user: await me.json(),
      accessTokenExpiresAt: claims.exp * 1000,
      expiresAt: claims.session_exp * 1000,
      serverNow: Date.now(),
    }
  } catch {
    return null // expired or forged: render signed out; the client refreshes if it can
  }
}
