import type { RouteHandler } from '../context.js'
import { REFRESH_TOKEN_BYTES } from '../constants.js'
import { clearedCookies, cookieNames, readCookie } from '../cookies.js'
import { randomToken, seal, sha256, unseal } from '../crypto.js'
import { AuthServerError, unauthorized } from '../errors.js'
import { optionalStringField, readJson } from '../http.js'
import { inactiveSessionError, sessionIdleError, tokenResponse } from '../tokens.js'

/**
 * `POST /refresh` `{ refreshToken }` (cookie mode: the refresh cookie): rotates the refresh
 * token and issues a new access token.
 *
 * The rotation is one atomic store step, so parallel refreshes with one token never fork the
 * session. A token presented again within `refreshReuseGrace` seconds of its rotation, while
 * its child is still the live token, gets that same child back (a retried request, or tabs
 * racing): the parent's row keeps the child sealed under a key derived from the parent token.
 * Any other reuse means the token leaked: the whole session is revoked (`reuse_detected`).
 *
 * `active: true` says the user did something since this token was issued. With `idleTimeout`
 * set, a session without input for that long is ended (`session_idle`) instead of rotated.
 */
export const refresh: RouteHandler = async (ctx) => {
  try {
    return await rotate(ctx)
  } catch (error) {
    // Cookie mode: a refresh that ends the session also drops its cookies.
    if (ctx.storage === 'cookie' && error instanceof AuthServerError && error.status === 401) {
      throw error.withCookies(clearedCookies(ctx.url, ctx.basePath))
    }
    throw error
  }
}

const rotate: RouteHandler = async (ctx) => {
  const body = await readJson(ctx.request)
  const fromBody = optionalStringField(body, 'refreshToken', 512)
  if (body.active !== undefined && typeof body.active !== 'boolean') {
    throw new AuthServerError(400, 'invalid_request', '`active` must be true or false: whether the user did something since the last refresh.')
  }
  const active = body.active === true
  const presented = fromBody ?? (ctx.storage === 'cookie' ? readCookie(ctx.request, cookieNames(ctx.url).refresh) : undefined)
  if (presented === undefined) {
    if (ctx.storage === 'cookie') throw unauthorized('invalid_grant', 'No refresh cookie came with the request. Sign in again.')
    throw new AuthServerError(400, 'invalid_request', '`refreshToken` is required.')
  }
  const now = ctx.now()
  const hash = await sha256(presented)
  const child = randomToken(REFRESH_TOKEN_BYTES)
  const childHash = await sha256(child)
  const result = await ctx.store.rotateRefreshToken({
    hash,
    childHash,
    childSealed: await seal(presented, child, childHash),
    now,
    active,
    ...(ctx.idleTimeout === undefined ? {} : { activeSince: now - ctx.idleTimeout * 1000 }),
  })
  switch (result.status) {
    case 'unknown':
      throw unauthorized('invalid_grant', 'This refresh token is not known. Sign in again.')
    case 'inactive':
      throw inactiveSessionError(result.session)
    case 'idle':
      // Revoked, not just refused: it leaves the session list and every later call says why.
      await ctx.store.revokeSession({ id: result.session.id, now, reason: 'idle' })
      throw sessionIdleError()
    case 'rotated': {
      const user = await ctx.store.getUser(result.session.userId)
      if (!user) throw unauthorized('invalid_grant', 'The user of this session no longer exists. Sign in again.')
      return tokenResponse(ctx, user, result.session, child, now)
    }
    case 'rotated_before': {
      const { token, session } = result
      const withinGrace = token.rotatedAt !== null && now - token.rotatedAt <= ctx.refreshReuseGrace * 1000
      if (result.childIsLive && withinGrace && token.childSealed !== null && token.childHash !== null) {
        const same = await unseal(presented, token.childSealed, token.childHash)
        const user = await ctx.store.getUser(session.userId)
        if (same !== undefined && user && (await sha256(same)) === token.childHash) {
          return tokenResponse(ctx, user, session, same, now)
        }
      }
      await ctx.store.revokeSession({ id: session.id, now, reason: 'reuse_detected' })
      throw unauthorized('reuse_detected', 'This refresh token was already used, so the session was ended to protect it. Sign in again.')
    }
    default:
      return result satisfies never
  }
}
