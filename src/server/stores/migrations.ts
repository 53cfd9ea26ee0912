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
]
