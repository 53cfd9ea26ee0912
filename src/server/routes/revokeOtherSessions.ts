import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { json } from '../http.js'
import { liveSessions } from './listSessions.js'

/** `DELETE /sessions`: "sign out everywhere else": ends every session of the user but the caller's. */
export const revokeOtherSessions: RouteHandler = async (ctx) => {
  const { session: current, user } = await authenticate(ctx)
  const now = ctx.now()
  const others = (await liveSessions(ctx, user.id, now)).filter((s) => s.id !== current.id)
  for (const session of others) await ctx.store.revokeSession({ id: session.id, now, reason: 'revoked' })
  return json({ ok: true, revoked: others.length })
}
