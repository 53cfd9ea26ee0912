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
  /** The id of the wallet credential the user chose as primary (`PATCH /me`), or null. */
  primaryWalletId: string | null
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
  /** The server's idle timeout ended the session (no user input for too long). */
  | 'session_idle'
  | 'token_expired'
  | 'invalid_token'
  // wallets, nonces and linking
  | 'malformed_message'
  | 'domain_mismatch'
  | 'uri_mismatch'
  | 'chain_not_allowed'
  | 'nonce_mismatch'
  | 'nonce_unknown'
  | 'nonce_expired'
  | 'nonce_reused'
  | 'nonce_purpose_mismatch'
  | 'message_expired'
  | 'message_not_yet_valid'
  | 'invalid_signature'
  | 'unsupported_signer'
  | 'unsupported_chain'
  | 'rpc_unavailable'
  | 'credential_in_use'
  | 'last_credential'
  | 'credential_not_found'
  // server
  | 'internal_error'
  // client only
  | 'network_error'
  | 'timeout'
  | 'cookie_mode'
  | 'not_signed_in'
  | 'invalid_response'
  | 'aborted'
  // client only: wallets (issue 4, wallet-client)
  | 'user_rejected'
  | 'wallet_not_found'
  | 'wallet_not_connected'
  | 'wallet_error'

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

// ---------------------------------------------------------------------------
// Wallets and linking (issues 4 and 5)
// ---------------------------------------------------------------------------

/** Chain family in requests; the credential's `chain` is `eip155` or `solana`. */
export type WalletChain = 'evm' | 'solana'

/** `POST /nonce` body. A `link` nonce needs a session and is bound to its `sid`. */
export interface NonceRequest {
  purpose: 'sign-in' | 'link'
}

/** `POST /nonce` answer: single use, valid 10 minutes. */
export interface NonceResponse {
  nonce: string
  expiresAt: number
  serverNow: number
}

/**
 * `POST /wallet/verify` and `POST /link/wallet` body: the exact signed message
 * (EIP-4361 for `evm`, SIWS text for `solana`) and its signature (0x-hex for
 * `evm`, base58 for `solana`).
 */
export interface WalletVerifyRequest {
  chain: WalletChain
  message: string
  signature: string
  /** Display name of the wallet (e.g. "MetaMask"), kept on the credential. */
  walletName?: string
}

/**
 * Answer of the link routes, `DELETE /credentials/:id` and `PATCH /me`: the same
 * session id with a new access token carrying the updated claims. The refresh
 * token is unchanged (absent), so linking never ends or forks the session.
 */
export interface SessionUpdateResponse {
  session: SessionBody
  /** App storage mode only. */
  accessToken?: string
}

/** `PATCH /me` body: profile fields; `primaryWalletId` must name one of the user's wallet credentials. */
export interface UpdateUserRequest {
  alias?: string | null
  name?: string | null
  primaryWalletId?: string | null
}
