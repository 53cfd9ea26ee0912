/**
 * Numbered schema migrations in plain PostgreSQL (runs on PGlite and on a PostgreSQL server
 * through `pg`). Never edit an applied migration: append a new one.
 * Times are `bigint` milliseconds since the epoch.
 * @internal
 */
export interface Migration {
  id: number
  name: string
  statements: string[]
}

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE IF NOT EXISTS latchkey_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS latchkey_users (
        id text PRIMARY KEY,
        email text,
        alias text,
        name text,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS latchkey_credentials (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES latchkey_users (id) ON DELETE CASCADE,
        format text NOT NULL CHECK (format IN ('email', 'blockchain')),
        key text NOT NULL UNIQUE,
        chain text,
        address text,
        wallet_name text,
        email text,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS latchkey_credentials_user_id ON latchkey_credentials (user_id)`,
      `CREATE TABLE IF NOT EXISTS latchkey_sessions (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES latchkey_users (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        last_used_at bigint NOT NULL,
        revoked_at bigint,
        revoke_reason text,
        user_agent text
      )`,
      `CREATE INDEX IF NOT EXISTS latchkey_sessions_user_id ON latchkey_sessions (user_id)`,
      `CREATE TABLE IF NOT EXISTS latchkey_refresh_tokens (
        hash text PRIMARY KEY,
        session_id text NOT NULL REFERENCES latchkey_sessions (id) ON DELETE CASCADE,
        parent_hash text,
        created_at bigint NOT NULL,
        rotated_at bigint,
        child_hash text,
        child_sealed text
      )`,
      `CREATE INDEX IF NOT EXISTS latchkey_refresh_tokens_session_id ON latchkey_refresh_tokens (session_id)`,
      `CREATE TABLE IF NOT EXISTS latchkey_email_codes (
        email text PRIMARY KEY,
        code_mac text NOT NULL,
        sent_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        consumed_at bigint
      )`,
    ],
  },
  {
    id: 2,
    name: 'email code rate-limit window',
    statements: [
      `ALTER TABLE latchkey_email_codes
         ADD COLUMN IF NOT EXISTS window_started_at bigint NOT NULL DEFAULT 0,
         ADD COLUMN IF NOT EXISTS window_sends integer NOT NULL DEFAULT 0`,
    ],
  },
  // --- 3: wallet nonces and linking (issues 4 and 5) ---
  {
    id: 3,
    name: 'wallet nonces, primary wallet, one owner per wallet and email',
    statements: [
      `CREATE TABLE IF NOT EXISTS latchkey_nonces (
        nonce text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('sign-in', 'link')),
        session_id text REFERENCES latchkey_sessions (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
      )`,
      `CREATE INDEX IF NOT EXISTS latchkey_nonces_expires_at ON latchkey_nonces (expires_at)`,
      `ALTER TABLE latchkey_users
         ADD COLUMN IF NOT EXISTS primary_wallet_id text REFERENCES latchkey_credentials (id) ON DELETE SET NULL`,
      // \`key\` is unique already; these say the same per column, so no future key format can
      // let one wallet or one email belong to two users.
      `CREATE UNIQUE INDEX IF NOT EXISTS latchkey_credentials_wallet ON latchkey_credentials (chain, address) WHERE format = 'blockchain'`,
      `CREATE UNIQUE INDEX IF NOT EXISTS latchkey_credentials_email ON latchkey_credentials (email) WHERE format = 'email'`,
    ],
  },
  // --- migration 4: signing keys with rotation (issue 7, server-scale) ---
  {
    id: 4,
    name: 'signing keys with rotation',
    statements: [
      // One row per ES256 key. The current key has `retired_at` NULL (at most one: the partial
      // unique index below). A rotation retires it: `retired_at` is the moment it stopped signing
      // and its private half is wiped, since a retired key never signs again; servers keep
      // publishing its public half for their access-token lifetime plus a leeway.
      `CREATE TABLE IF NOT EXISTS latchkey_signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL CHECK (alg = 'ES256'),
        public_jwk text NOT NULL,
        private_jwk text,
        created_at bigint NOT NULL,
        retired_at bigint,
        CHECK ((retired_at IS NULL) = (private_jwk IS NOT NULL))
      )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS latchkey_signing_keys_current ON latchkey_signing_keys ((true)) WHERE retired_at IS NULL`,
      // The key migration 1 kept among the secrets becomes the current key, so tokens signed
      // before the upgrade keep verifying; then the secret row (a private key) goes.
      `INSERT INTO latchkey_signing_keys (kid, alg, public_jwk, private_jwk, created_at)
         SELECT value::jsonb ->> 'kid', 'ES256', ((value::jsonb -> 'privateJwk') - 'd')::text, (value::jsonb -> 'privateJwk')::text, created_at
         FROM latchkey_secrets WHERE name = 'signing_key:es256:1'
         ON CONFLICT DO NOTHING`,
      `DELETE FROM latchkey_secrets WHERE name = 'signing_key:es256:1'`,
    ],
  },
  // --- end migration 4 ---
  // --- migration 5: session idle timeout (issue 3, session-proof) ---
  {
    id: 5,
    name: 'session last activity',
    statements: [
      // Sessions from before: their last use is the best estimate of their last activity.
      `ALTER TABLE latchkey_sessions ADD COLUMN IF NOT EXISTS last_active_at bigint`,
      `UPDATE latchkey_sessions SET last_active_at = last_used_at WHERE last_active_at IS NULL`,
      `ALTER TABLE latchkey_sessions ALTER COLUMN last_active_at SET NOT NULL`,
    ],
  },
  // --- end migration 5 ---
  // --- migration 6: signing keys published before they sign ---
  {
    id: 6,
    name: 'signing key activation',
    statements: [
      // A rotation publishes the next key ahead of its first token: it signs from `activates_at`,
      // and the key before it keeps signing (and its private half) until then, so `retired_at`
      // may lie ahead. The private half is wiped once that moment has passed.
      `ALTER TABLE latchkey_signing_keys ADD COLUMN IF NOT EXISTS activates_at bigint`,
      `UPDATE latchkey_signing_keys SET activates_at = created_at WHERE activates_at IS NULL`,
      `ALTER TABLE latchkey_signing_keys ALTER COLUMN activates_at SET NOT NULL`,
      // Migration 4's table check (retired exactly when wiped) held only while retiring was instant.
      `ALTER TABLE latchkey_signing_keys DROP CONSTRAINT IF EXISTS latchkey_signing_keys_check`,
      `ALTER TABLE latchkey_signing_keys ADD CONSTRAINT latchkey_signing_keys_newest_signs CHECK (retired_at IS NOT NULL OR private_jwk IS NOT NULL)`,
    ],
  },
  // --- end migration 6 ---
  // --- migration 7: rate limits shared by instances ---
  {
    id: 7,
    name: 'shared rate limits',
    statements: [
      // One row per request a limit let through, under the SHA-256 of its key (an IP or an email).
      `CREATE TABLE IF NOT EXISTS latchkey_rate_limit_hits (key text NOT NULL, at bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS latchkey_rate_limit_hits_key_at ON latchkey_rate_limit_hits (key, at)`,
      `CREATE INDEX IF NOT EXISTS latchkey_rate_limit_hits_at ON latchkey_rate_limit_hits (at)`,
    ],
  },
  // --- end migration 7 ---
]
