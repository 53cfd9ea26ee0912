/**
 * The storage contract of the reference server. Every one-time thing (a code attempt, a refresh
 * rotation) is taken by ONE atomic operation of the store, so parallel requests cannot race past
 * a limit: SQL stores use one conditional `UPDATE … RETURNING`, the memory store a synchronous
 * check-and-set. Times are milliseconds since the epoch, passed in by the server (the store has
 * no clock). Both implementations run `stores/store.contract.ts`.
 */
import type { JWK } from 'jose'
import type { RateLimiter } from './ratelimit.js'

/** A user row. */
export interface UserRecord {
  id: string
  email: string | null
  alias: string | null
  name: string | null
  /** The wallet credential the user chose as primary; cleared when that credential is removed. */
  primaryWalletId: string | null
  createdAt: number
}

/** A user to create: `primaryWalletId` is set by the store (the creating wallet, if any). */
export type NewUser = Omit<UserRecord, 'primaryWalletId'>

/** A proven credential. `key` is unique across users (`email:alice@example.com`, `eip155:0xabc…`). */
export interface CredentialRecord {
  id: string
  userId: string
  format: 'email' | 'blockchain'
  key: string
  chain: string | null
  address: string | null
  walletName: string | null
  email: string | null
  createdAt: number
}

export interface UserWithCredentials extends UserRecord {
  credentials: CredentialRecord[]
}

/** Why a session was revoked. */
export type RevokeReason = 'logout' | 'reuse_detected' | 'revoked' | 'idle'

export interface SessionRecord {
  id: string
  userId: string
  createdAt: number
  /** Absolute end; never moves. */
  expiresAt: number
  lastUsedAt: number
  /**
   * The latest moment the user is known to have done something (sign-in, or a refresh marked
   * `active`, counted at the earliest moment that input can have happened). The idle timeout
   * counts from here.
   */
  lastActiveAt: number
  revokedAt: number | null
  revokeReason: RevokeReason | null
  userAgent: string | null
}

export interface RefreshTokenRecord {
  /** SHA-256 of the token (base64url); the token itself is never stored. */
  hash: string
  sessionId: string
  parentHash: string | null
  createdAt: number
  rotatedAt: number | null
  childHash: string | null
  /** The child token sealed under a key derived from this (parent) token; cleared once the child rotates. */
  childSealed: string | null
}

export interface EmailCodeRecord {
  email: string
  /** HMAC-SHA256 of `email:code` under the server's code secret. */
  codeMac: string
  sentAt: number
  expiresAt: number
  attempts: number
  consumedAt: number | null
  /** Start of the current rate-limit window and the codes sent in it. */
  windowStartedAt: number
  windowSends: number
}

export type PutEmailCodeResult =
  | { status: 'sent'; code: EmailCodeRecord }
  /** The previous code was sent less than the cooldown ago and is unused: nothing changed. */
  | { status: 'cooldown'; code: EmailCodeRecord }
  /** The address got `maxSends` codes in the window that started at `code.windowStartedAt`: nothing changed. */
  | { status: 'rate_limited'; code: EmailCodeRecord }

export type EmailAttemptResult =
  /** One attempt was taken; compare `code.codeMac` now. */
  | { status: 'taken'; code: EmailCodeRecord }
  | { status: 'missing' }
  | { status: 'used'; code: EmailCodeRecord }
  | { status: 'expired'; code: EmailCodeRecord }
  | { status: 'exhausted'; code: EmailCodeRecord }

export type RotateResult =
  /** The presented token was live and is now the parent of `childHash`. */
  | { status: 'rotated'; session: SessionRecord }
  | { status: 'unknown' }
  /** The session is revoked or past its end; nothing changed. */
  | { status: 'inactive'; session: SessionRecord; token: RefreshTokenRecord }
  /** The token had been rotated before; `childIsLive` when its child is the session's live token. */
  | { status: 'rotated_before'; session: SessionRecord; token: RefreshTokenRecord; childIsLive: boolean }
  /** The token is live but the session saw no user activity since `activeSince` (idle timeout): nothing changed. */
  | { status: 'idle'; session: SessionRecord; token: RefreshTokenRecord }

export interface NewCredential {
  id: string
  format: 'email' | 'blockchain'
  key: string
  chain?: string | null
  address?: string | null
  walletName?: string | null
  email?: string | null
}

/** What the server needs from storage. Implement it to plug in another database. */
export interface AuthStore {
  /** Returns the secret stored under `name`, storing `candidate` first if there is none (first writer wins). */
  getOrCreateSecret(name: string, candidate: string, now: number): Promise<string>

  /**
   * Stores a new code for `email`, replacing the old one, unless the old one is unused and was
   * sent after `cooldownFrom` (`cooldown`), or `maxSends` codes were sent in the window that
   * started after `windowFrom` (`rate_limited`); then nothing changes. A window older than
   * `windowFrom` restarts at `now`. Atomic.
   */
  putEmailCode(input: {
    email: string
    codeMac: string
    now: number
    expiresAt: number
    cooldownFrom: number
    windowFrom: number
    maxSends: number
  }): Promise<PutEmailCodeResult>
  /** Takes one attempt (only if unused, unexpired and under `maxAttempts`) BEFORE the caller compares. Atomic. */
  takeEmailCodeAttempt(input: { email: string; now: number; maxAttempts: number }): Promise<EmailAttemptResult>
  /** Marks the code used if it is still `codeMac` and unused; false if someone else did first. Atomic. */
  consumeEmailCode(input: { email: string; codeMac: string; now: number }): Promise<boolean>

  getUser(id: string): Promise<UserWithCredentials | null>
  /** The user owning `credential.key`, or a new user with that credential. Safe under races. */
  findOrCreateUser(input: { user: NewUser; credential: NewCredential }): Promise<{ user: UserWithCredentials; created: boolean }>

  /** Creates a session with its first refresh token. */
  createSession(input: { session: SessionRecord; refreshTokenHash: string }): Promise<void>
  getSession(id: string): Promise<SessionRecord | null>
  /** Sessions of a user that are neither revoked nor ended at `now`, newest first. */
  listActiveSessions(userId: string, now: number): Promise<SessionRecord[]>
  findRefreshToken(hash: string): Promise<RefreshTokenRecord | null>
  /**
   * Rotates the live token `hash` to `childHash` in one atomic step: only one caller can win per
   * token, so a session never forks. On success the child is the live token and `childSealed`
   * is kept on the parent.
   *
   * Idle timeout: `active` says the user did something since `hash` was issued; the rotation
   * then raises the session's `lastActiveAt` to the token's `createdAt` (the earliest moment
   * that input can have happened, so activity is never overstated). With `activeSince`, a
   * session whose `lastActiveAt` (so raised) is before it is `idle` and nothing changes.
   */
  rotateRefreshToken(input: {
    hash: string
    childHash: string
    childSealed: string
    now: number
    active?: boolean
    activeSince?: number
  }): Promise<RotateResult>
  /** Revokes a session; idempotent (keeps the first revocation). Returns the session or null. */
  revokeSession(input: { id: string; now: number; reason: RevokeReason }): Promise<SessionRecord | null>

  // --- Wallet nonces and linking (issues 4 and 5) -------------------------------------------
  /** Stores a new nonce, and forgets nonces that expired before `pruneBefore`. */
  putNonce(input: { nonce: NonceRecord; pruneBefore: number }): Promise<void>
  /**
   * Marks the nonce used if it is unused, unexpired at `now`, of `purpose` and (for `link`)
   * bound to `sessionId`, in ONE atomic step: of parallel callers with one nonce exactly one
   * gets `consumed`. A refusal changes nothing.
   */
  consumeNonce(input: { nonce: string; purpose: NoncePurpose; sessionId: string | null; now: number }): Promise<ConsumeNonceResult>
  /**
   * Adds a proven credential to a user. The same credential again is `exists` (idempotent);
   * a credential another user owns is `in_use`, nothing changed. Two users adding one
   * credential in parallel: exactly one gets it. The user's `email` is set from an email
   * credential if it had none; the first wallet becomes primary if there is none.
   */
  addCredential(input: { userId: string; credential: NewCredential; now: number }): Promise<AddCredentialResult>
  /**
   * Removes one of a user's credentials, never the last one (`last`, atomic against parallel
   * removals). Another user's or an unknown id is `not_found`. A removed primary wallet
   * clears `primaryWalletId`; a removed email that was the user's `email` is replaced by
   * another of their emails, or null.
   */
  deleteCredential(input: { userId: string; credentialId: string }): Promise<DeleteCredentialResult>
  /**
   * Updates profile fields (`undefined` leaves a field as it is). `primaryWalletId` must be
   * one of the user's blockchain credentials (`wallet_not_found` otherwise, nothing changed).
   */
  updateUser(input: {
    userId: string
    alias?: string | null
    name?: string | null
    primaryWalletId?: string | null
  }): Promise<UpdateUserResult>
  // --- end wallet nonces and linking ----------------------------------------------------------

  // --- Signing keys (issue 7, key rotation) --------------------------------------------------
  /**
   * The signing keys not retired at or before `retiredAfter`: the newest key (`retiredAt` null)
   * first, then the others, latest retirement first.
   */
  listSigningKeys(input: { retiredAfter: number }): Promise<SigningKeyRecord[]>
  /** Stores `key` as the newest key if there is none yet (first writer wins, across instances too). Atomic. */
  addFirstSigningKey(key: NewSigningKey): Promise<void>
  /**
   * Adds `key`, which signs from `key.activatesAt`: every key that would still sign then retires
   * at that moment (the newest key, and one already scheduled to retire later). Private halves
   * of keys retired by `now` are wiped; keys retired before `dropRetiredBefore` are deleted.
   * Atomic: rotations racing on several instances leave exactly one newest key.
   */
  rotateSigningKey(input: { key: NewSigningKey; now: number; dropRetiredBefore: number }): Promise<void>
  /** Wipes the private half of every key retired at or before `now` (a retired key never signs again). */
  wipeRetiredSigningKeys(input: { now: number }): Promise<void>
  // --- end signing keys -------------------------------------------------------------------------

  /**
   * A rate limiter whose counts live where the store's data does, so that every instance sharing
   * the store shares the limits (the PostgreSQL store has one). Without it, and without
   * `rateLimits.limiter`, the server counts in memory, per process.
   */
  readonly rateLimiter?: RateLimiter

  close(): Promise<void>
}

// --- Wallet nonces and linking (issues 4 and 5) ---------------------------------------------

export type NoncePurpose = 'sign-in' | 'link'

/** A wallet-message nonce. Nonces are public (they travel inside the signed message), so stored as they are. */
export interface NonceRecord {
  nonce: string
  purpose: NoncePurpose
  /** The session a `link` nonce is bound to; null for `sign-in`. */
  sessionId: string | null
  createdAt: number
  expiresAt: number
  usedAt: number | null
}

export type ConsumeNonceResult =
  | { status: 'consumed'; nonce: NonceRecord }
  | { status: 'unknown' }
  | { status: 'expired'; nonce: NonceRecord }
  | { status: 'used'; nonce: NonceRecord }
  /** Issued for the other purpose (sign-in vs link), or a link nonce of another session. */
  | { status: 'purpose_mismatch'; nonce: NonceRecord }

export type AddCredentialResult =
  | { status: 'added'; user: UserWithCredentials; credential: CredentialRecord }
  | { status: 'exists'; user: UserWithCredentials; credential: CredentialRecord }
  | { status: 'in_use' }

export type DeleteCredentialResult =
  | { status: 'deleted'; user: UserWithCredentials }
  | { status: 'not_found' }
  | { status: 'last' }

export type UpdateUserResult =
  | { status: 'updated'; user: UserWithCredentials }
  | { status: 'not_found' }
  | { status: 'wallet_not_found' }


// --- Signing keys (issue 7, key rotation) ---------------------------------------------------

/** An ES256 key that signs access tokens (while current) and verifies them (until its overlap ends). */
export interface SigningKeyRecord {
  /** The JWK thumbprint of the public key (RFC 7638); the `kid` header of the tokens it signs. */
  kid: string
  alg: 'ES256'
  /** The public JWK (`kty`, `crv`, `x`, `y`). */
  publicJwk: JWK
  /** The private JWK until the key is retired and wiped (a retired key never signs again). */
  privateJwk: JWK | null
  createdAt: number
  /**
   * When it starts signing (ms). A rotation publishes the next key ahead of this, so backends
   * that cache the JWKS know it before the first token it signs (`KEY_PREPUBLISH`).
   */
  activatesAt: number
  /** When it stops signing (a newer key activates then); null for the newest key. May be ahead of now. */
  retiredAt: number | null
}

/** A key for `addFirstSigningKey` / `rotateSigningKey`: a new newest key, private half included. */
export interface NewSigningKey {
  kid: string
  alg: 'ES256'
  publicJwk: JWK
  privateJwk: JWK
  createdAt: number
  activatesAt: number
}
