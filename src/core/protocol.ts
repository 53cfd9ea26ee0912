/**
 * The wire protocol between the latchkey client and the latchkey server.
 * Both sides import these types; the server imports nothing else from core.
 */

/** Default path under which the server's routes are mounted. */
export const DEFAULT_BASE_PATH = '/auth'

/**
 * Header every non-GET request carries. A cross-site form cannot set it, so its
 * presence (together with an exact `Origin` match) is the CSRF check.
 */
export const CSRF_HEADER = 'x-latchkey'

/** A credential the user proved they own. Times are milliseconds since the epoch. */
export interface VerifiedCredential {
  id: string
  format: 'blockchain' | 'email'
  /** `eip155` or `solana` for wallets. */
  chain?: string
  address?: string
  walletName?: string
  email?: string
}

/** The user as the server returns it. */
export interface User {
  id: string
  email: string | null
  alias: string | null
  name: string | null
  verifiedCredentials: VerifiedCredential[]
  createdAt: number
}

/**
 * The non-secret session body in every token response (both storage modes).
 * Times are milliseconds since the epoch, by the server's clock.
 */
export interface SessionBody {
  id: string
  user: User
  accessTokenExpiresAt: number
  /** The absolute end of the session: no refresh extends it. */
  expiresAt: number
  /** The server's clock when it answered, to correct client clock skew. */
  serverNow: number
}

/** A token response. `accessToken`/`refreshToken` are present in `app` storage mode only. */
export interface TokenResponse {
  session: SessionBody
  accessToken?: string
  refreshToken?: string
}

/** `POST /email/start` answer. */
export interface EmailStartResponse {
  /** When the code stops working (server clock, ms). */
  expiresAt: number
  /** When a new code may be requested (server clock, ms). */
  resendAvailableAt: number
  serverNow: number
}

/** Every error answer: a stable code and a message that says what to do. */
export interface ErrorBody {
  error: ErrorCode
  message: string
  /** Seconds until the request may be retried (cooldowns, rate limits). */
  retryAfter?: number
  /** Attempts left, where a code can be retried. */
  attemptsLeft?: number
}

/**
 * Stable error codes, shared by server answers and client errors.
 * Client-only codes (no server answer involved) are marked.
 */
export type ErrorCode =
  // request shape
  | 'invalid_request'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'not_found'
  | 'csrf_failed'
  // email codes
  | 'invalid_email'
  | 'invalid_code'
  | 'code_expired'
  | 'too_many_attempts'
  | 'resend_cooldown'
  | 'rate_limited'
  // sessions and tokens
  | 'unauthorized'
  | 'invalid_grant'
  | 'session_expired'
  | 'session_revoked'
  | 'reuse_detected'
  | 'token_expired'
  | 'invalid_token'
  // server
  | 'internal_error'
  // client only
  | 'network_error'
  | 'timeout'
  | 'cookie_mode'
  | 'not_signed_in'
  | 'invalid_response'
  | 'aborted'

/** Access-token claims beyond the registered ones. */
export interface AccessTokenClaims {
  iss: string
  aud: string | string[]
  sub: string
  sid: string
  iat: number
  exp: number
  /** Absolute end of the session, seconds since the epoch. */
  session_exp: number
  verified_credentials: Array<{
    id: string
    format: 'blockchain' | 'email'
    chain?: string
    address?: string
    wallet_name?: string
    email?: string
  }>
}

/**
 * One session of the signed-in user, as `GET /sessions` lists it. Times are ms, server clock.
 * (Not `SessionInfo`: that name is the client state's view of the current session.)
 */
export interface ActiveSession {
  id: string
  createdAt: number
  lastUsedAt: number
  /** The absolute end of the session. */
  expiresAt: number
  userAgent: string | null
  /** True for the session that made the request. */
  current: boolean
}

/** `GET /sessions` answer: the user's active sessions, newest first. */
export interface SessionListResponse {
  sessions: ActiveSession[]
}
