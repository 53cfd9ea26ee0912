/**
 * The storage contract of the reference server. Every one-time thing (a code attempt, a refresh
 * rotation) is taken by ONE atomic operation of the store, so parallel requests cannot race past
 * a limit: SQL stores use one conditional `UPDATE … RETURNING`, the memory store a synchronous
 * check-and-set. Times are milliseconds since the epoch, passed in by the server (the store has
 * no clock). Both implementations run `stores/store.contract.ts`.
 */

/** A user row. */
export interface UserRecord {
  id: string
  email: string | null
  alias: string | null
  name: string | null
  createdAt: number
}

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
export type RevokeReason = 'logout' | 'reuse_detected' | 'revoked'

export interface SessionRecord {
  id: string
  userId: string
  createdAt: number
  /** Absolute end; never moves. */
  expiresAt: number
  lastUsedAt: number
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
  findOrCreateUser(input: { user: UserRecord; credential: NewCredential }): Promise<{ user: UserWithCredentials; created: boolean }>

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
   */
  rotateRefreshToken(input: { hash: string; childHash: string; childSealed: string; now: number }): Promise<RotateResult>
  /** Revokes a session; idempotent (keeps the first revocation). Returns the session or null. */
  revokeSession(input: { id: string; now: number; reason: RevokeReason }): Promise<SessionRecord | null>

  close(): Promise<void>
}
