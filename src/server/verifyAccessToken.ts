import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'
import type { JSONWebKeySet } from 'jose'
import type { AccessTokenClaims, ErrorBody, ErrorCode } from '../core/protocol.js'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, JWKS_REFETCH_COOLDOWN_MS } from './constants.js'
import { AuthServerError, unauthorized } from './errors.js'
import type { AuthStore } from './store.js'
import { inactiveSessionError, isSessionActive } from './tokens.js'

/**
 * How to refuse tokens of sessions that were revoked before the token's `exp`:
 * - a function of the claims, returning false for a session that no longer counts;
 * - `{ store }`: look the session up in the auth server's store (same database);
 * - `{ url }`: ask the auth server (`GET {url}/me` with the token), `url` being its base URL
 *   like `https://app.example.com/auth`. One request per verification: cache if you need to.
 */
export type CheckSession =
  | ((claims: AccessTokenClaims) => boolean | Promise<boolean>)
  | { store: Pick<AuthStore, 'getSession'> }
  | { url: string | URL; fetch?: typeof fetch }

export interface VerifyAccessTokenOptions {
  /** The key set itself (`{ keys: [...] }`), or (as before) the JWKS URL. Give this or `jwksUrl`. */
  jwks?: string | URL | JSONWebKeySet
  /**
   * The auth server's JWKS URL (`https://app.example.com/auth/.well-known/jwks.json`). Fetched
   * once and cached per URL; an unknown `kid` refetches it (at most every 5 s), so a rotated key
   * is picked up without a restart.
   */
  jwksUrl?: string | URL
  /** Expected `iss`. Default `'latchkey'`. */
  issuer?: string
  /** Expected `aud`. Default `'latchkey'`. */
  audience?: string
  /** Seconds of clock difference tolerated on `exp`/`nbf`/`iat`. Default 0. */
  clockTolerance?: number
  /** Refuse tokens of revoked sessions (`401 session_revoked`); see `CheckSession`. Default: none. */
  checkSession?: CheckSession
  /** The current time in ms. Default `Date.now()`. For tests. */
  now?: () => number
}

type KeyLookup = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>
// One remote key set per URL: jose caches the keys and refetches on an unknown `kid`.
const remote = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
const local = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>()

function keyLookup(options: VerifyAccessTokenOptions): KeyLookup {
  const source = options.jwksUrl ?? options.jwks
  if (source === undefined || (options.jwksUrl !== undefined && options.jwks !== undefined)) {
    throw new TypeError('latchkey: verifyAccessToken needs exactly one of `jwksUrl` (the server\'s /.well-known/jwks.json URL) or `jwks` (a key set).')
  }
  if (typeof source === 'string' || source instanceof URL) {
    const url = new URL(source).href
    let lookup = remote.get(url)
    if (!lookup) remote.set(url, (lookup = createRemoteJWKSet(new URL(url), { cooldownDuration: JWKS_REFETCH_COOLDOWN_MS })))
    return lookup
  }
  if (typeof source !== 'object' || source === null || !Array.isArray(source.keys)) {
    throw new TypeError('latchkey: `jwks` must be a key set `{ keys: [...] }` (the JSON of /.well-known/jwks.json) or its URL.')
  }
  let lookup = local.get(source)
  if (!lookup) local.set(source, (lookup = createLocalJWKSet(source)))
  return lookup
}

const invalid = (message: string, cause?: unknown) =>
  new AuthServerError(401, 'invalid_token', message, {
    headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="invalid_token"' },
    cause,
  })

/** Maps jose's errors to ours; `undefined` for errors that are not about the token. */
function tokenError(error: unknown): AuthServerError | undefined {
  if (error instanceof joseErrors.JWTExpired) return unauthorized('token_expired', 'The access token has expired. Refresh it and retry.')
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return unauthorized('invalid_signature', 'The access token\'s signature does not verify: it was altered or signed by someone else. Sign in again.')
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return unauthorized('invalid_signature', 'The access token was signed with a key the auth server does not publish (unknown `kid`). Sign in again.')
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return invalid('The access token is not signed with ES256. latchkey tokens always are: this one is forged.', error)
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return invalid(`The access token's \`${error.claim}\` claim is not acceptable (${error.reason}): it was not issued for this backend, or not yet valid.`, error)
  }
  if (
    error instanceof joseErrors.JWSInvalid ||
    error instanceof joseErrors.JWTInvalid ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys ||
    error instanceof joseErrors.JWKInvalid
  ) {
    return invalid('The access token is malformed. Send the token the auth server issued, unchanged.', error)
  }
  return undefined
}

function checkClaims(payload: Record<string, unknown>): AccessTokenClaims {
  const bad = (claim: string) => invalid(`The access token's \`${claim}\` claim is missing or malformed.`)
  if (typeof payload.sub !== 'string' || payload.sub === '') throw bad('sub')
  if (typeof payload.sid !== 'string' || payload.sid === '') throw bad('sid')
  if (typeof payload.exp !== 'number') throw bad('exp')
  const credentials = payload.verified_credentials
  if (credentials !== undefined && !Array.isArray(credentials)) throw bad('verified_credentials')
  return { ...(payload as unknown as AccessTokenClaims), verified_credentials: (credentials as AccessTokenClaims['verified_credentials'] | undefined) ?? [] }
}

async function sessionIsLive(check: CheckSession, claims: AccessTokenClaims, token: string, now: number): Promise<void> {
  const revoked = () => unauthorized('session_revoked', 'This session was signed out. Sign in again.')
  if (typeof check === 'function') {
    if (!(await check(claims))) throw revoked()
    return
  }
  if ('store' in check) {
    const session = await check.store.getSession(claims.sid)
    if (!session || session.userId !== claims.sub) throw revoked()
    if (!isSessionActive(session, now)) throw inactiveSessionError(session)
    return
  }
  if ('url' in check) {
    const base = String(check.url).replace(/\/+$/, '')
    const response = await (check.fetch ?? fetch)(`${base}/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
    if (response.ok) return
    const body = (await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined
    if (response.status === 401 && typeof body?.error === 'string') {
      const code = body.error as ErrorCode
      throw unauthorized(code === 'unauthorized' ? 'session_revoked' : code, body.message ?? 'This session was signed out. Sign in again.')
    }
    // The auth server is down or answered something else: not the token's fault.
    throw new Error(`latchkey: checkSession could not ask ${base}/me (HTTP ${response.status}).`)
  }
  throw new TypeError('latchkey: `checkSession` must be a function, `{ store }` or `{ url }`.')
}

/**
 * Verifies a latchkey access token in an app backend: an ES256 signature by a key of the
 * server's JWKS (looked up by `kid`), `iss`, `aud`, `exp` (and `nbf` if present), `sub` and
 * `sid`. Returns the claims (`sub` is the user, `sid` the session, `verified_credentials` their
 * emails and wallets, plus any custom claims). Throws `AuthServerError` (401) with a stable
 * `code`: `token_expired`, `invalid_signature` (altered, foreign or unknown key),
 * `invalid_token` (malformed, not ES256, wrong issuer or audience, not yet valid), and with
 * `checkSession`: `session_revoked`, `session_expired`, `reuse_detected`. A JWKS or auth
 * server that cannot be reached throws a plain error instead (answer 503, not 401).
 *
 * Without `checkSession`, a token stays valid until `exp` (15 minutes by default) even if its
 * session was revoked sooner.
 *
 * @example
 * import { verifyAccessToken } from 'latchkey/server'
 * const claims = await verifyAccessToken(token, {
 *   jwksUrl: 'https://app.example.com/auth/.well-known/jwks.json',
 *   checkSession: { url: 'https://app.example.com/auth' },
 * })
 * console.log(claims.sub, claims.verified_credentials)
 */
export async function verifyAccessToken<Extra extends object = Record<string, unknown>>(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims & Extra> {
  const keys = keyLookup(options)
  if (typeof token !== 'string' || token === '') throw invalid('No access token was given. Send it as `Authorization: Bearer <token>`.')
  const now = options.now?.() ?? Date.now()
  // Refuse a non-ES256 header before any key lookup, so a forged token never triggers a JWKS fetch.
  try {
    if (decodeProtectedHeader(token).alg !== 'ES256') {
      throw invalid('The access token is not signed with ES256. latchkey tokens always are: this one is forged.')
    }
  } catch (error) {
    if (error instanceof AuthServerError) throw error
    throw invalid('The access token is malformed. Send the token the auth server issued, unchanged.', error)
  }
  let claims: AccessTokenClaims
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: options.issuer ?? DEFAULT_ISSUER,
      audience: options.audience ?? DEFAULT_AUDIENCE,
      requiredClaims: ['iss', 'aud', 'exp', 'sub', 'sid'],
      currentDate: new Date(now),
      ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    })
    claims = checkClaims(payload)
  } catch (error) {
    if (error instanceof AuthServerError) throw error
    const mapped = tokenError(error)
    if (mapped) throw mapped
    // The key set could not be fetched or read: not the token's fault.
    throw error
  }
  if (options.checkSession !== undefined) await sessionIsLive(options.checkSession, claims, token, now)
  return claims as AccessTokenClaims & Extra
}
