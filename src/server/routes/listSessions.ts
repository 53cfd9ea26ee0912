import type { SessionListResponse } from '../../core/protocol.js'
import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { json } from '../http.js'

/** `GET /sessions`: the signed-in user's active sessions, newest first, the caller's marked `current`. */
export const listSessions: RouteHandler = async (ctx) => {
  const { session: current, user } = await authenticate(ctx)
  const sessions = await ctx.store.listActiveSessions(user.id, ctx.now())
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
