/**
 * Access tokens, session bodies and token responses.
 * @internal
 */
import { createLocalJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import type { AccessTokenClaims, SessionBody, TokenResponse, User } from '../core/protocol.js'
import type { RouteContext, ServerContext } from './context.js'
import { cookieNames, readCookie, sessionCookies } from './cookies.js'
import { REFRESH_TOKEN_BYTES } from './constants.js'
import { randomId, randomToken, sha256 } from './crypto.js'
import type { AuthServerError } from './errors.js'
import { unauthorized } from './errors.js'
import { customClaimsOf, hookSession, runHook } from './hooks.js'
import type { SignInMethod } from './hooks.js'
import { json } from './http.js'
import type { SessionRecord, UserWithCredentials } from './store.js'

export function toUserBody(user: UserWithCredentials): User {
  return {
    id: user.id,
    email: user.email,
    alias: user.alias,
    name: user.name,
    // Only while it names one of the user's wallets (a store without the foreign key may lag).
    primaryWalletId: user.credentials.some((c) => c.id === user.primaryWalletId && c.format === 'blockchain') ? user.primaryWalletId : null,
    createdAt: user.createdAt,
    verifiedCredentials: user.credentials.map((c) => ({
      id: c.id,
      format: c.format,
      ...(c.chain === null ? {} : { chain: c.chain }),
      ...(c.address === null ? {} : { address: c.address }),
      ...(c.walletName === null ? {} : { walletName: c.walletName }),
      ...(c.email === null ? {} : { email: c.email }),
    })),
  }
}

function credentialClaims(user: UserWithCredentials): AccessTokenClaims['verified_credentials'] {
  return user.credentials.map((c) => ({
    id: c.id,
    format: c.format,
    ...(c.chain === null ? {} : { chain: c.chain }),
    ...(c.address === null ? {} : { address: c.address }),
    ...(c.walletName === null ? {} : { wallet_name: c.walletName }),
    ...(c.email === null ? {} : { email: c.email }),
  }))
}

/** Signs an access token; it never outlives the session. */
export async function signAccessToken(
  ctx: ServerContext,
  user: UserWithCredentials,
  session: SessionRecord,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const keys = await ctx.keys()
  const iat = Math.floor(now / 1000)
  const exp = Math.min(iat + ctx.accessTokenTtl, Math.floor(session.expiresAt / 1000))
  // server-ops (issue 7): the app's claims first, so ours always win (reserved keys are dropped there).
  const custom = await customClaimsOf(ctx.logger, ctx.hooks.customClaims, { user: toUserBody(user), session: hookSession(session) })
  const token = await new SignJWT({
    ...custom,
    sid: session.id,
    session_exp: Math.floor(session.expiresAt / 1000),
    verified_credentials: credentialClaims(user),
  })
    .setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setAudience(ctx.audience)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.privateKey)
  return { token, expiresAt: exp * 1000 }
}

/**
 * Verifies an access token: ES256 only, our key, issuer, audience and (unless `allowExpired`)
 * expiry by the server's clock. Throws `401 token_expired` / `401 unauthorized`.
 */
export async function verifyAccess(
  ctx: ServerContext,
  token: string,
  options: { allowExpired?: boolean } = {},
): Promise<AccessTokenClaims> {
  // Key rotation: the token names its key. One this server has not seen yet (a rotation on
  // another instance sharing the store) makes it re-read the keys; no `kid` is refused.
  let kid: unknown
  try {
    kid = decodeProtectedHeader(token).kid
  } catch {
    kid = undefined
  }
  if (typeof kid !== 'string') throw unauthorized('unauthorized', 'The access token is missing or not valid. Sign in again.')
  let keys = await ctx.keys()
  if (!keys.publicJwks.some((jwk) => jwk.kid === kid)) keys = await ctx.keys({ fresh: true })
  let payload: unknown
  try {
    ;({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: keys.publicJwks }), {
      algorithms: ['ES256'],
      issuer: ctx.issuer,
      audience: ctx.audience,
      currentDate: new Date(ctx.now()),
      requiredClaims: ['sub', 'sid', 'exp', 'iat'],
    }))
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      if (!options.allowExpired) throw unauthorized('token_expired', 'The access token has expired. Refresh it and retry.')
      payload = error.payload
    } else {
      throw unauthorized('unauthorized', 'The access token is missing or not valid. Sign in again.')
    }
  }
  const claims = payload as Partial<AccessTokenClaims>
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
    throw unauthorized('unauthorized', 'The access token is missing or not valid. Sign in again.')
  }
  return claims as AccessTokenClaims
}

/** The error for a session that can no longer be used. */
export function inactiveSessionError(session: SessionRecord): AuthServerError {
  if (session.revokedAt !== null) {
    if (session.revokeReason === 'idle') return sessionIdleError()
    return session.revokeReason === 'reuse_detected'
      ? unauthorized('reuse_detected', 'This session was ended because a refresh token was used twice. Sign in again.')
      : unauthorized('session_revoked', 'This session was signed out. Sign in again.')
  }
  return unauthorized('session_expired', 'This session has reached its end. Sign in again.')
}

/** The error for a session ended by the idle timeout (session-proof, issue 3). */
export function sessionIdleError(): AuthServerError {
  return unauthorized('session_idle', 'This session ended after a period of inactivity. Sign in again.')
}

export function isSessionActive(session: SessionRecord, now: number): boolean {
  return session.revokedAt === null && session.expiresAt > now
}

/** A fresh access token for `session`, and the `session` body every token-bearing answer carries. @internal */
export async function signSession(
  ctx: RouteContext,
  user: UserWithCredentials,
  session: SessionRecord,
  now: number,
): Promise<{ access: { token: string; expiresAt: number }; sessionBody: SessionBody }> {
  const access = await signAccessToken(ctx, user, session, now)
  const sessionBody: SessionBody = {
    id: session.id,
    user: toUserBody(user),
    accessTokenExpiresAt: access.expiresAt,
    expiresAt: session.expiresAt,
    serverNow: now,
  }
  return { access, sessionBody }
}

/**
 * A token response: a fresh access token, the refresh token and the session body. In app mode
 * the tokens are in the body; in cookie mode only in HttpOnly cookies.
 */
export async function tokenResponse(
  ctx: RouteContext,
  user: UserWithCredentials,
  session: SessionRecord,
  refreshToken: string,
  now: number,
): Promise<Response> {
  const { access, sessionBody } = await signSession(ctx, user, session, now)
  if (ctx.storage === 'cookie') {
    const cookies = sessionCookies(ctx.url, ctx.basePath, { accessToken: access.token, refreshToken }, (session.expiresAt - now) / 1000)
    return json({ session: sessionBody } satisfies TokenResponse, { setCookies: cookies })
  }
  return json({ accessToken: access.token, refreshToken, session: sessionBody } satisfies TokenResponse)
}

/**
 * Starts a session for a user who just proved a credential, and answers with its tokens.
 * `signIn` (server-ops, issue 7) names the method for the `onSignIn` hook and says whether the
 * user was just created (`onUserCreated`).
 */
export async function startSession(
  ctx: RouteContext,
  user: UserWithCredentials,
  signIn?: { method: SignInMethod; created: boolean },
): Promise<Response> {
  const now = ctx.now()
  const refreshToken = randomToken(REFRESH_TOKEN_BYTES)
  const session: SessionRecord = {
    id: randomId('ses'),
    userId: user.id,
    createdAt: now,
    expiresAt: now + ctx.sessionTtl * 1000,
    lastUsedAt: now,
    lastActiveAt: now,
    revokedAt: null,
    revokeReason: null,
    userAgent: ctx.request.headers.get('user-agent')?.slice(0, 512) ?? null,
  }
  await ctx.store.createSession({ session, refreshTokenHash: await sha256(refreshToken) })
  if (ctx.storage === 'cookie') await endReplacedSession(ctx, now)
  if (signIn) {
    // server-ops (issue 7): hooks run before the answer; a failing hook is logged, never a 500.
    const userBody = toUserBody(user)
    if (signIn.created) await runHook(ctx.logger, 'onUserCreated', ctx.hooks.onUserCreated, userBody)
    await runHook(ctx.logger, 'onSignIn', ctx.hooks.onSignIn, { user: userBody, session: hookSession(session), method: signIn.method })
  }
  return tokenResponse(ctx, user, session, refreshToken, now)
}

/**
 * Cookie mode holds one session per browser: the new cookies replace the old ones, so the
 * session they named could never be used or signed out again. End it now.
 */
async function endReplacedSession(ctx: RouteContext, now: number): Promise<void> {
  const previous = readCookie(ctx.request, cookieNames(ctx.url).access)
  if (previous === undefined) return
  const claims = await verifyAccess(ctx, previous, { allowExpired: true }).catch(() => undefined)
  if (claims) await ctx.store.revokeSession({ id: claims.sid, now, reason: 'logout' })
}
