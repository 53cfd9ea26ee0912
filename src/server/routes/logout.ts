import { accessTokenOf } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { clearedCookies } from '../cookies.js'
import { sha256 } from '../crypto.js'
import { AuthServerError } from '../errors.js'
import { json, optionalStringField, readJson } from '../http.js'
import { verifyAccess } from '../tokens.js'

/**
 * `POST /logout` `{ refreshToken? }` and/or the access token (bearer, or the cookie in cookie
 * mode): revokes the session. Works with an expired access token or with the refresh token
 * alone; idempotent (an unknown or already revoked session is still `200 { ok: true }`).
 * Cookie mode also clears the cookies, and a request without any token is fine there (the
 * browser is already signed out).
 */
export const logout: RouteHandler = async (ctx) => {
  const refreshToken = optionalStringField(await readJson(ctx.request), 'refreshToken', 512)
  const accessToken = accessTokenOf(ctx)
  const setCookies = ctx.storage === 'cookie' ? clearedCookies(ctx.url, ctx.basePath) : []
  if (refreshToken === undefined && accessToken === undefined) {
    if (ctx.storage === 'cookie') return json({ ok: true }, { setCookies })
    throw new AuthServerError(400, 'invalid_request', 'Send `refreshToken` in the body or the access token as `Authorization: Bearer`.')
  }
  const now = ctx.now()
  const sessionIds = new Set<string>()
  if (accessToken !== undefined) {
    try {
      sessionIds.add((await verifyAccess(ctx, accessToken, { allowExpired: true })).sid)
    } catch (error) {
      throw error instanceof AuthServerError ? error.withCookies(setCookies) : error
    }
  }
  if (refreshToken !== undefined) {
    const token = await ctx.store.findRefreshToken(await sha256(refreshToken))
    if (token) sessionIds.add(token.sessionId)
  }
  for (const id of sessionIds) await ctx.store.revokeSession({ id, now, reason: 'logout' })
  return json({ ok: true }, { setCookies })
}
