/**
 * The answer of the routes that change the signed-in user without starting a session (linking,
 * unlinking, `PATCH /me`): a new access token for the SAME session, carrying the updated
 * claims. The refresh token is untouched, so the session never ends or forks.
 * @internal
 */
import type { SessionUpdateResponse } from '../core/protocol.js'
import type { RouteContext } from './context.js'
import { accessCookie } from './cookies.js'
import { json } from './http.js'
import type { SessionRecord, UserWithCredentials } from './store.js'
import { signSession } from './tokens.js'

export async function sessionUpdate(ctx: RouteContext, user: UserWithCredentials, session: SessionRecord): Promise<Response> {
  const now = ctx.now()
  const { access, sessionBody } = await signSession(ctx, user, session, now)
  const body: SessionUpdateResponse = { session: sessionBody }
  if (ctx.storage === 'cookie') {
    return json(body, { setCookies: [accessCookie(ctx.url, access.token, (session.expiresAt - now) / 1000)] })
  }
  return json({ ...body, accessToken: access.token } satisfies SessionUpdateResponse)
}
