import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { clearedCookies } from '../cookies.js'
import { AuthServerError } from '../errors.js'
import { json } from '../http.js'

/**
 * `DELETE /sessions/:id`: ends one of the signed-in user's sessions (the current one too: that
 * is a sign-out). Another user's session, or an unknown id, is `404 not_found`.
 * The revoked session stops working at once (`GET /me`) and at its next refresh.
 */
export const revokeSession: RouteHandler = async (ctx) => {
  const { session: current, user } = await authenticate(ctx)
  const target = await ctx.store.getSession(ctx.params.id ?? '')
  if (!target || target.userId !== user.id) {
    throw new AuthServerError(404, 'not_found', 'No session of yours has this id. List them with GET /sessions.')
  }
  await ctx.store.revokeSession({ id: target.id, now: ctx.now(), reason: 'revoked' })
  const signedOut = target.id === current.id && ctx.storage === 'cookie'
  return json({ ok: true }, { setCookies: signedOut ? clearedCookies(ctx.url, ctx.basePath) : [] })
}
