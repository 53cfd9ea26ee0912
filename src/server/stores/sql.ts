import type {
  AuthStore,
  CredentialRecord,
  EmailCodeRecord,
  NewCredential,
  NonceRecord,
  RefreshTokenRecord,
  RevokeReason,
  SessionRecord,
  UserRecord,
  UserWithCredentials,
} from '../store.js'
import type { SigningKeyRecord } from '../store.js'
import type { JWK } from 'jose'
import { sha256 } from '../crypto.js'
import type { RateLimiter } from '../ratelimit.js'
import { migrations as allMigrations } from './migrations.js'
import type { Migration } from './migrations.js'

/**
 * The smallest SQL client the store needs: PGlite and `pg`'s `Pool` fit as they are.
 * `transaction`, when present, runs `fn` in one transaction (PGlite has it); a `pg.Pool` gets
 * one through its `connect()`. Used for migrations, key rotations and rate-limit counts; every
 * other store operation is one statement.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>
  transaction?<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
}

/** What `pg.Pool#connect()` gives: a client to hold for a transaction, then release. */
interface PoolLike extends SqlClient {
  connect(): Promise<SqlClient & { release(error?: Error | boolean): void }>
}

const isPoolLike = (client: SqlClient): client is PoolLike => typeof (client as Partial<PoolLike>).connect === 'function'

/** Runs `fn` in a transaction if the client can hold one; else statement by statement. */
async function inTransaction<T>(client: SqlClient, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  if (client.transaction) return client.transaction(fn)
  if (!isPoolLike(client)) return fn(client)
  const connection = await client.connect()
  try {
    await connection.query('BEGIN')
    const result = await fn(connection)
    await connection.query('COMMIT')
    connection.release()
    return result
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined)
    connection.release(error instanceof Error ? error : true)
    throw error
  }
}

/** Rate-limit hits older than this (or than the longest window in use) are swept now and then. */
const RATE_HIT_RETENTION = 24 * 3_600_000

/**
 * A sliding-window limiter in the database, with the memory limiter's exact semantics: each
 * allowed request is a row; one key is counted under an advisory lock, so instances racing on
 * it never let more than `limit` through. Keys are stored hashed (they hold IPs and emails).
 */
function sqlRateLimiter(db: () => Promise<SqlClient>): RateLimiter {
  let allowed = 0
  let longestWindow = 0
  return {
    async hit(key, rule, now) {
      const from = now - rule.window * 1000
      longestWindow = Math.max(longestWindow, rule.window * 1000)
      const hashed = await sha256(key)
      return inTransaction(await db(), async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [hashed])
        await tx.query('DELETE FROM latchkey_rate_limit_hits WHERE key = $1 AND at <= $2', [hashed, from])
        const { rows } = await tx.query<{ at: unknown }>('SELECT at FROM latchkey_rate_limit_hits WHERE key = $1 ORDER BY at DESC LIMIT $2', [
          hashed,
          rule.limit,
        ])
        if (rows.length >= rule.limit) {
          // The request that must leave the window before one more fits.
          const blocking = Number(rows[rule.limit - 1]!.at)
          return { allowed: false, retryAfter: Math.max(1, Math.ceil((blocking - from) / 1000)) }
        }
        await tx.query('INSERT INTO latchkey_rate_limit_hits (key, at) VALUES ($1, $2)', [hashed, now])
        // Keys that went quiet keep their last rows: sweep those now and then.
        if (++allowed % 1000 === 0) {
          await tx.query('DELETE FROM latchkey_rate_limit_hits WHERE at < $1', [now - Math.max(RATE_HIT_RETENTION, longestWindow)])
        }
        return { allowed: true, remaining: rule.limit - rows.length - 1 }
      })
    },
  }
}

/** Any constant: serializes migrations of several instances starting at once on one database. */
const MIGRATION_LOCK = 0x6c61_7463 // 'latc'

export interface SqlStoreOptions {
  /** Called by `close()` after the store is done (e.g. to close the database). */
  onClose?: () => Promise<void>
  /**
   * Keep rate-limit counts in the database (`store.rateLimiter`), so that several instances
   * sharing it share the limits. Default false: one process (PGlite) counts faster in memory.
   */
  sharedRateLimits?: boolean
  /** @internal for tests */
  migrations?: Migration[]
}

type Row = Record<string, unknown>

const num = (value: unknown): number => Number(value)
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

const toUser = (r: Row): UserRecord => ({
  id: String(r.id),
  email: strOrNull(r.email),
  alias: strOrNull(r.alias),
  name: strOrNull(r.name),
  primaryWalletId: strOrNull(r.primary_wallet_id),
  createdAt: num(r.created_at),
})
const toCredential = (r: Row): CredentialRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  format: r.format as CredentialRecord['format'],
  key: String(r.key),
  chain: strOrNull(r.chain),
  address: strOrNull(r.address),
  walletName: strOrNull(r.wallet_name),
  email: strOrNull(r.email),
  createdAt: num(r.created_at),
})
const toSession = (r: Row): SessionRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  lastUsedAt: num(r.last_used_at),
  lastActiveAt: num(r.last_active_at),
  revokedAt: numOrNull(r.revoked_at),
  revokeReason: strOrNull(r.revoke_reason) as RevokeReason | null,
  userAgent: strOrNull(r.user_agent),
})
const toToken = (r: Row): RefreshTokenRecord => ({
  hash: String(r.hash),
  sessionId: String(r.session_id),
  parentHash: strOrNull(r.parent_hash),
  createdAt: num(r.created_at),
  rotatedAt: numOrNull(r.rotated_at),
  childHash: strOrNull(r.child_hash),
  childSealed: strOrNull(r.child_sealed),
})
const toCode = (r: Row): EmailCodeRecord => ({
  email: String(r.email),
  codeMac: String(r.code_mac),
  sentAt: num(r.sent_at),
  expiresAt: num(r.expires_at),
  attempts: num(r.attempts),
  consumedAt: numOrNull(r.consumed_at),
  windowStartedAt: num(r.window_started_at),
  windowSends: num(r.window_sends),
})

const toNonce = (r: Row): NonceRecord => ({
  nonce: String(r.nonce),
  purpose: r.purpose as NonceRecord['purpose'],
  sessionId: strOrNull(r.session_id),
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  usedAt: numOrNull(r.used_at),
})

// --- signing keys (issue 7, key rotation) ---
const toSigningKey = (r: Row): SigningKeyRecord => ({
  kid: String(r.kid),
  alg: 'ES256',
  publicJwk: JSON.parse(String(r.public_jwk)) as JWK,
  privateJwk: r.private_jwk === null || r.private_jwk === undefined ? null : (JSON.parse(String(r.private_jwk)) as JWK),
  createdAt: num(r.created_at),
  activatesAt: num(r.activates_at),
  retiredAt: numOrNull(r.retired_at),
})
/** Serializes key rotations of several instances on one database (any constant but MIGRATION_LOCK). */
const SIGNING_KEY_LOCK = 0x6c61_746b // 'latk'
// --- end signing keys ---

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'

const credentialParams = (userId: string, credential: NewCredential, now: number): unknown[] => [
  credential.id,
  userId,
  credential.format,
  credential.key,
  credential.chain ?? null,
  credential.address ?? null,
  credential.walletName ?? null,
  credential.email ?? null,
  now,
]

/**
 * Applies the migrations not yet recorded in `latchkey_migrations`, in order, in one
 * transaction holding an advisory lock (so two instances starting together migrate once).
 */
export async function migrate(client: SqlClient, migrations: Migration[] = allMigrations): Promise<void> {
  await inTransaction(client, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(
      'CREATE TABLE IF NOT EXISTS latchkey_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    )
    const { rows } = await tx.query<{ id: unknown }>('SELECT id FROM latchkey_migrations')
    const applied = new Set(rows.map((r) => num(r.id)))
    for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(migration.id)) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO latchkey_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
        migration.id,
        migration.name,
        Date.now(),
      ])
    }
  })
}

/**
 * An `AuthStore` over any PostgreSQL-speaking `SqlClient` (PGlite, `pg`). Accepts the client or a
 * function opening it: the store opens and migrates on first use, so creating it stays synchronous.
 *
 * @example
 * import pg from 'pg'
 * const store = createSqlStore(new pg.Pool({ connectionString }))
 */
export function createSqlStore(
  client: SqlClient | (() => SqlClient | Promise<SqlClient>),
  options: SqlStoreOptions = {},
): AuthStore {
  let ready: Promise<SqlClient> | undefined
  let closed: Promise<void> | undefined
  const db = (): Promise<SqlClient> =>
    (ready ??= (async () => {
      const c = typeof client === 'function' ? await client() : client
      await migrate(c, options.migrations)
      return c
    })())
  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await (await db()).query<Row>(sql, params)).rows

  const getUser = async (id: string): Promise<UserWithCredentials | null> => {
    const [user] = await query('SELECT * FROM latchkey_users WHERE id = $1', [id])
    if (!user) return null
    const credentials = await query('SELECT * FROM latchkey_credentials WHERE user_id = $1 ORDER BY created_at, id', [id])
    return { ...toUser(user), credentials: credentials.map(toCredential) }
  }
  const userByCredential = async (key: string) => {
    const [row] = await query('SELECT user_id FROM latchkey_credentials WHERE key = $1', [key])
    return row ? getUser(String(row.user_id)) : null
  }
  const sessionAndToken = async (hash: string) => {
    const [row] = await query('SELECT * FROM latchkey_refresh_tokens WHERE hash = $1', [hash])
    if (!row) return undefined
    const [session] = await query('SELECT * FROM latchkey_sessions WHERE id = $1', [row.session_id])
    return { token: toToken(row), session: toSession(session!) }
  }

  return {
    async getOrCreateSecret(name, candidate, now) {
      await query('INSERT INTO latchkey_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
        name,
        candidate,
        now,
      ])
      const [row] = await query('SELECT value FROM latchkey_secrets WHERE name = $1', [name])
      return String(row!.value)
    },

    async putEmailCode({ email, codeMac, now, expiresAt, cooldownFrom, windowFrom, maxSends }) {
      const [row] = await query(
        `INSERT INTO latchkey_email_codes AS c
           (email, code_mac, sent_at, expires_at, attempts, consumed_at, window_started_at, window_sends)
         VALUES ($1, $2, $3, $4, 0, NULL, $3, 1)
         ON CONFLICT (email) DO UPDATE
           SET code_mac = EXCLUDED.code_mac, sent_at = EXCLUDED.sent_at, expires_at = EXCLUDED.expires_at,
               attempts = 0, consumed_at = NULL,
               window_started_at = CASE WHEN c.window_started_at > $6 THEN c.window_started_at ELSE EXCLUDED.sent_at END,
               window_sends = CASE WHEN c.window_started_at > $6 THEN c.window_sends + 1 ELSE 1 END
           WHERE (c.consumed_at IS NOT NULL OR c.sent_at <= $5)
             AND (c.window_started_at <= $6 OR c.window_sends < $7)
         RETURNING *`,
        [email, codeMac, now, expiresAt, cooldownFrom, windowFrom, maxSends],
      )
      if (row) return { status: 'sent', code: toCode(row) }
      const [current] = await query('SELECT * FROM latchkey_email_codes WHERE email = $1', [email])
      const code = toCode(current!)
      const cooling = code.consumedAt === null && code.sentAt > cooldownFrom
      return { status: cooling ? 'cooldown' : 'rate_limited', code }
    },

    async takeEmailCodeAttempt({ email, now, maxAttempts }) {
      const [row] = await query(
        `UPDATE latchkey_email_codes SET attempts = attempts + 1
         WHERE email = $1 AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3
         RETURNING *`,
        [email, now, maxAttempts],
      )
      if (row) return { status: 'taken', code: toCode(row) }
      const [current] = await query('SELECT * FROM latchkey_email_codes WHERE email = $1', [email])
      if (!current) return { status: 'missing' }
      const code = toCode(current)
      if (code.consumedAt !== null) return { status: 'used', code }
      if (code.expiresAt <= now) return { status: 'expired', code }
      return { status: 'exhausted', code }
    },

    async consumeEmailCode({ email, codeMac, now }) {
      const rows = await query(
        `UPDATE latchkey_email_codes SET consumed_at = $3
         WHERE email = $1 AND code_mac = $2 AND consumed_at IS NULL RETURNING email`,
        [email, codeMac, now],
      )
      return rows.length === 1
    },

    getUser,

    async findOrCreateUser({ user, credential }) {
      const existing = await userByCredential(credential.key)
      if (existing) return { user: existing, created: false }
      try {
        // One statement, so the user row exists only if its credential does.
        await query(
          `WITH u AS (
               INSERT INTO latchkey_users (id, email, alias, name, created_at, primary_wallet_id)
             VALUES ($1, $2, $3, $4, $5, CASE WHEN $7 = 'blockchain' THEN $6 END) RETURNING id
           )
           INSERT INTO latchkey_credentials (id, user_id, format, key, chain, address, wallet_name, email, created_at)
           SELECT $6, u.id, $7, $8, $9, $10, $11, $12, $5 FROM u`,
          [
            user.id,
            user.email,
            user.alias,
            user.name,
            user.createdAt,
            credential.id,
            credential.format,
            credential.key,
            credential.chain ?? null,
            credential.address ?? null,
            credential.walletName ?? null,
            credential.email ?? null,
          ],
        )
      } catch (error) {
        // Another request created the owner of this credential first: use that user.
        if (!isUniqueViolation(error)) throw error
        const winner = await userByCredential(credential.key)
        if (!winner) throw error
        return { user: winner, created: false }
      }
      return { user: (await getUser(user.id))!, created: true }
    },

    async createSession({ session, refreshTokenHash }) {
      await query(
        `WITH s AS (
           INSERT INTO latchkey_sessions (id, user_id, created_at, expires_at, last_used_at, revoked_at, revoke_reason, user_agent, last_active_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10) RETURNING id, created_at
         )
         INSERT INTO latchkey_refresh_tokens (hash, session_id, created_at) SELECT $9, id, created_at FROM s`,
        [
          session.id,
          session.userId,
          session.createdAt,
          session.expiresAt,
          session.lastUsedAt,
          session.revokedAt,
          session.revokeReason,
          session.userAgent,
          refreshTokenHash,
          session.lastActiveAt,
        ],
      )
    },

    async getSession(id) {
      const [row] = await query('SELECT * FROM latchkey_sessions WHERE id = $1', [id])
      return row ? toSession(row) : null
    },

    async listActiveSessions(userId, now) {
      const rows = await query(
        `SELECT * FROM latchkey_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY created_at DESC, id`,
        [userId, now],
      )
      return rows.map(toSession)
    },

    async findRefreshToken(hash) {
      const [row] = await query('SELECT * FROM latchkey_refresh_tokens WHERE hash = $1', [hash])
      return row ? toToken(row) : null
    },

    async rotateRefreshToken({ hash, childHash, childSealed, now, active, activeSince }) {
      // One statement: take the live token (only if its session is active), insert its child,
      // clear the grandparent's sealed copy and touch the session. Concurrent callers with the
      // same token: exactly one UPDATE matches `rotated_at IS NULL`. Idle timeout ($6, $5):
      // input reported with this token ($5) happened no earlier than the token's issue.
      const rows = await query(
        `WITH parent AS (
           UPDATE latchkey_refresh_tokens t SET rotated_at = $4, child_hash = $2, child_sealed = $3
           FROM latchkey_sessions s
           WHERE t.hash = $1 AND t.rotated_at IS NULL AND s.id = t.session_id
             AND s.revoked_at IS NULL AND s.expires_at > $4
             AND ($6::bigint IS NULL
               OR GREATEST(s.last_active_at, CASE WHEN $5::boolean THEN t.created_at ELSE s.last_active_at END) >= $6::bigint)
           RETURNING t.session_id, t.parent_hash, t.created_at
         ), child AS (
           INSERT INTO latchkey_refresh_tokens (hash, session_id, parent_hash, created_at)
           SELECT $2, session_id, $1, $4 FROM parent RETURNING session_id
         ), wipe AS (
           UPDATE latchkey_refresh_tokens SET child_sealed = NULL
           WHERE hash = (SELECT parent_hash FROM parent) RETURNING hash
         ), touch AS (
           UPDATE latchkey_sessions SET last_used_at = $4,
             last_active_at = CASE WHEN $5::boolean THEN GREATEST(last_active_at, (SELECT created_at FROM parent)) ELSE last_active_at END
           WHERE id = (SELECT session_id FROM parent)
           RETURNING *
         )
         SELECT touch.* FROM touch JOIN child ON child.session_id = touch.id`,
        [hash, childHash, childSealed, now, active === true, activeSince ?? null],
      )
      if (rows[0]) return { status: 'rotated', session: toSession(rows[0]) }
      const found = await sessionAndToken(hash)
      if (!found) return { status: 'unknown' }
      const { token, session } = found
      if (session.revokedAt !== null || session.expiresAt <= now) return { status: 'inactive', session, token }
      const lastActiveAt = active ? Math.max(session.lastActiveAt, token.createdAt) : session.lastActiveAt
      if (token.rotatedAt === null && activeSince !== undefined && lastActiveAt < activeSince) return { status: 'idle', session, token }
      const [child] =
        token.childHash === null ? [] : await query('SELECT rotated_at FROM latchkey_refresh_tokens WHERE hash = $1', [token.childHash])
      return {
        status: 'rotated_before',
        session,
        token,
        childIsLive: child !== undefined && child.rotated_at === null,
      }
    },

    async revokeSession({ id, now, reason }) {
      await query(
        'UPDATE latchkey_sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL',
        [id, now, reason],
      )
      const [row] = await query('SELECT * FROM latchkey_sessions WHERE id = $1', [id])
      return row ? toSession(row) : null
    },

    // --- Wallet nonces and linking (issues 4 and 5) -----------------------------------------
    async putNonce({ nonce, pruneBefore }) {
      await query('DELETE FROM latchkey_nonces WHERE expires_at < $1', [pruneBefore])
      await query(
        `INSERT INTO latchkey_nonces (nonce, purpose, session_id, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [nonce.nonce, nonce.purpose, nonce.sessionId, nonce.createdAt, nonce.expiresAt, nonce.usedAt],
      )
    },

    async consumeNonce({ nonce, purpose, sessionId, now }) {
      // One conditional UPDATE: of parallel callers exactly one matches `used_at IS NULL`.
      const [row] = await query(
        `UPDATE latchkey_nonces SET used_at = $4
         WHERE nonce = $1 AND used_at IS NULL AND expires_at > $4 AND purpose = $2 AND session_id IS NOT DISTINCT FROM $3
         RETURNING *`,
        [nonce, purpose, sessionId, now],
      )
      if (row) return { status: 'consumed', nonce: toNonce(row) }
      const [current] = await query('SELECT * FROM latchkey_nonces WHERE nonce = $1', [nonce])
      if (!current) return { status: 'unknown' }
      const record = toNonce(current)
      if (record.usedAt !== null) return { status: 'used', nonce: record }
      if (record.expiresAt <= now) return { status: 'expired', nonce: record }
      return { status: 'purpose_mismatch', nonce: record }
    },

    async addCredential({ userId, credential, now }) {
      // The unique `key` decides between parallel adders: exactly one INSERT lands.
      const [row] = await query(
        `WITH c AS (
           INSERT INTO latchkey_credentials (id, user_id, format, key, chain, address, wallet_name, email, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT DO NOTHING RETURNING *
         ), u AS (
           UPDATE latchkey_users SET
             email = CASE WHEN email IS NULL AND (SELECT format FROM c) = 'email' THEN (SELECT email FROM c) ELSE email END,
             primary_wallet_id = CASE WHEN primary_wallet_id IS NULL AND (SELECT format FROM c) = 'blockchain' THEN (SELECT id FROM c) ELSE primary_wallet_id END
           WHERE id = $2 AND EXISTS (SELECT 1 FROM c) RETURNING id
         )
         SELECT c.* FROM c`,
        credentialParams(userId, credential, now),
      )
      if (row) return { status: 'added', user: (await getUser(userId))!, credential: toCredential(row) }
      const [existing] = await query('SELECT * FROM latchkey_credentials WHERE key = $1', [credential.key])
      if (!existing) {
        // Only a per-column index (not \`key\`) refused it: the same wallet or email under another key.
        const [other] = await query(
          `SELECT * FROM latchkey_credentials
           WHERE (format = 'blockchain' AND chain = $1 AND address = $2) OR (format = 'email' AND email = $3)`,
          [credential.chain ?? null, credential.address ?? null, credential.email ?? null],
        )
        if (!other) throw new Error(`latchkey: the credential ${credential.key} was neither added nor found.`)
        return String(other.user_id) === userId
          ? { status: 'exists', user: (await getUser(userId))!, credential: toCredential(other) }
          : { status: 'in_use' }
      }
      if (String(existing.user_id) !== userId) return { status: 'in_use' }
      return { status: 'exists', user: (await getUser(userId))!, credential: toCredential(existing) }
    },

    async deleteCredential({ userId, credentialId }) {
      const outcome = await inTransaction(await db(), async (tx) => {
        // Lock the user row first, so parallel removals count one after the other and can
        // never remove the last two credentials at once.
        const locked = await tx.query('SELECT id FROM latchkey_users WHERE id = $1 FOR UPDATE', [userId])
        if (locked.rows.length === 0) return 'not_found' as const
        const { rows } = await tx.query<Row>('SELECT * FROM latchkey_credentials WHERE user_id = $1', [userId])
        const target = rows.find((r) => String(r.id) === credentialId)
        if (!target) return 'not_found' as const
        if (rows.length === 1) return 'last' as const
        // `primary_wallet_id` is cleared by its ON DELETE SET NULL.
        await tx.query('DELETE FROM latchkey_credentials WHERE id = $1 AND user_id = $2', [credentialId, userId])
        if (target.format === 'email') {
          await tx.query(
            `UPDATE latchkey_users SET email = (
               SELECT email FROM latchkey_credentials WHERE user_id = $1 AND format = 'email' ORDER BY created_at, id LIMIT 1
             ) WHERE id = $1 AND email = $2`,
            [userId, target.email],
          )
        }
        return 'deleted' as const
      })
      return outcome === 'deleted' ? { status: 'deleted', user: (await getUser(userId))! } : { status: outcome }
    },

    async updateUser({ userId, alias, name, primaryWalletId }) {
      // One statement: the wallet check and the update see the same credentials.
      const [row] = await query(
        `UPDATE latchkey_users SET
           alias = CASE WHEN $2 THEN $3 ELSE alias END,
           name = CASE WHEN $4 THEN $5 ELSE name END,
           primary_wallet_id = CASE WHEN $6 THEN $7 ELSE primary_wallet_id END
         WHERE id = $1 AND (NOT $6 OR $7::text IS NULL OR EXISTS (
           SELECT 1 FROM latchkey_credentials WHERE id = $7 AND user_id = $1 AND format = 'blockchain'
         ))
         RETURNING id`,
        [userId, alias !== undefined, alias ?? null, name !== undefined, name ?? null, primaryWalletId !== undefined, primaryWalletId ?? null],
      )
      if (row) return { status: 'updated', user: (await getUser(userId))! }
      const [user] = await query('SELECT id FROM latchkey_users WHERE id = $1', [userId])
      return user ? { status: 'wallet_not_found' } : { status: 'not_found' }
    },
    // --- end wallet nonces and linking --------------------------------------------------------

    // --- signing keys (issue 7, key rotation) ---------------------------------------------------
    async listSigningKeys({ retiredAfter }) {
      const rows = await query(
        `SELECT * FROM latchkey_signing_keys WHERE retired_at IS NULL OR retired_at > $1
         ORDER BY retired_at DESC NULLS FIRST, created_at DESC, kid`,
        [retiredAfter],
      )
      return rows.map(toSigningKey)
    },

    async addFirstSigningKey(key) {
      // The partial unique index allows one current key: a second first key is a conflict, ignored.
      await query(
        `INSERT INTO latchkey_signing_keys (kid, alg, public_jwk, private_jwk, created_at, activates_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [key.kid, key.alg, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk), key.createdAt, key.activatesAt],
      )
    },

    async rotateSigningKey({ key, now, dropRetiredBefore }) {
      // Under one advisory lock: rotations racing on several instances run one after the other,
      // each retiring the key the previous one added.
      await inTransaction(await db(), async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK])
        await tx.query('DELETE FROM latchkey_signing_keys WHERE retired_at < $1', [dropRetiredBefore])
        // Whatever would still sign when the new key activates retires then.
        await tx.query(
          'UPDATE latchkey_signing_keys SET retired_at = $1 WHERE retired_at IS NULL OR retired_at > $1',
          [key.activatesAt],
        )
        await tx.query('UPDATE latchkey_signing_keys SET private_jwk = NULL WHERE retired_at <= $1 AND private_jwk IS NOT NULL', [now])
        await tx.query(
          `INSERT INTO latchkey_signing_keys (kid, alg, public_jwk, private_jwk, created_at, activates_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [key.kid, key.alg, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk), key.createdAt, key.activatesAt],
        )
      })
    },

    async wipeRetiredSigningKeys({ now }) {
      await query('UPDATE latchkey_signing_keys SET private_jwk = NULL WHERE retired_at <= $1 AND private_jwk IS NOT NULL', [now])
    },
    // --- end signing keys -------------------------------------------------------------------------

    ...(options.sharedRateLimits ? { rateLimiter: sqlRateLimiter(db) } : {}),

    close() {
      // Never opened: nothing to close (and nothing to open just to close it). Idempotent.
      return (closed ??= (async () => {
        if (!ready) return
        await ready.catch(() => undefined)
        await options.onClose?.()
      })())
    },
  }
}
