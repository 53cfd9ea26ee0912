import type { AccessTokenClaims } from '../core/protocol.js'
import type { RouteContext } from './context.js'
import { cookieNames, readCookie } from './cookies.js'
import { unauthorized } from './errors.js'
import { bearerToken } from './http.js'
import type { SessionRecord, UserWithCredentials } from './store.js'
import { inactiveSessionError, isSessionActive, verifyAccess } from './tokens.js'

/** The access token of the request: the bearer token, else (cookie mode) the access cookie. */
export function accessTokenOf(ctx: RouteContext): string | undefined {
  return bearerToken(ctx.request) ?? (ctx.storage === 'cookie' ? readCookie(ctx.request, cookieNames(ctx.url).access) : undefined)
}

/**
 * The caller of a route that needs a session: a valid access token whose session is still
 * active in the store (so a revoked session stops working at once, not at token expiry).
 * Not a route: shared by the routes that need a signed-in user.
 */
export async function authenticate(
  ctx: RouteContext,
): Promise<{ claims: AccessTokenClaims; session: SessionRecord; user: UserWithCredentials }> {
  const token = accessTokenOf(ctx)
  if (token === undefined) {
    throw unauthorized(
      'unauthorized',
      ctx.storage === 'cookie'
        ? 'Sign in first: no session cookie came with the request.'
        : 'Sign in first: send the access token as `Authorization: Bearer`.',
    )
  }
  const claims = await verifyAccess(ctx, token)
  const session = await ctx.store.getSession(claims.sid)
  if (!session || session.userId !== claims.sub) {
    throw unauthorized('unauthorized', 'The access token is missing or not valid. Sign in again.')
  }
  if (!isSessionActive(session, ctx.now())) throw inactiveSessionError(session)
  const user = await ctx.store.getUser(session.userId)
  if (!user) throw unauthorized('unauthorized', 'The user of this session no longer exists. Sign in again.')
  return { claims, session, user }
}
