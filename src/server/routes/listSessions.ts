import type { SessionListResponse } from '../../core/protocol.js'
import { authenticate } from '../authenticate.js'
import type { RouteContext, RouteHandler } from '../context.js'
import { json } from '../http.js'
import type { SessionRecord } from '../store.js'

/**
 * The user's sessions that can still refresh, newest first. With `idleTimeout`, a session whose
 * last activity and last refresh are both older than it is over (its next refresh ends it as
 * `idle`), though the store still holds it as active until then.
 */
export async function liveSessions(ctx: RouteContext, userId: string, now: number): Promise<SessionRecord[]> {
  const sessions = await ctx.store.listActiveSessions(userId, now)
  if (ctx.idleTimeout === undefined) return sessions
  const activeSince = now - ctx.idleTimeout * 1000
  return sessions.filter((s) => Math.max(s.lastActiveAt, s.lastUsedAt) >= activeSince)
}

/** `GET /sessions`: the signed-in user's active sessions, newest first, the caller's marked `current`. */
export const listSessions: RouteHandler = async (ctx) => {
  const { session: current, user } = await authenticate(ctx)
  const sessions = await liveSessions(ctx, user.id, ctx.now())
  const body: SessionListResponse = {
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
      current: s.id === current.id,
    })),
  }
  return json(body)
}
