/**
 * `latchkey/server/pg`: the SQL store on a PostgreSQL server through `pg` (node-postgres), for
 * several server instances sharing one database. Same schema, SQL and migrations as the PGlite
 * default.
 */
import pg from 'pg'
import type { AuthStore } from '../store.js'
import { createSqlStore } from './sql.js'
import type { SqlClient } from './sql.js'

/** Options of `createPostgresStore`: `pool` or `connectionString`, exactly one. */
export interface PostgresStoreOptions {
  /** A pool you made and own: the store uses it and never ends it. */
  pool?: pg.Pool
  /** Where to connect (`postgres://user:password@host:5432/db`) when no `pool` is given; the store owns that pool and `close()` ends it. */
  connectionString?: string
  /** Most connections the store's own pool opens. Default 10 (`pg`'s default). Ignored with `pool`. */
  max?: number
  /**
   * Where errors of idle connections of the store's own pool go (the database restarted, the
   * network dropped). `pg` crashes the process on those unless someone listens. Default
   * `console.error`. Ignored with `pool`: listen on your pool's `'error'` yourself.
   */
  onIdleError?: (error: Error) => void
}

/**
 * `pg`'s pool as the store's `SqlClient`. Being pool-like (`connect()`), it gets the SQL store's
 * own transaction handling: one checked-out connection, destroyed rather than returned after an
 * error.
 */
function sqlClient(pool: pg.Pool): SqlClient & { connect(): Promise<pg.PoolClient> } {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as Row[] }),
    connect: () => pool.connect(),
  }
}

/**
 * An `AuthStore` on a PostgreSQL server through `pg`: what several instances of the server share.
 * It migrates the schema on first use (instances starting together migrate once, under an
 * advisory lock). Needs the optional peer `pg` (8.11 or later; plain JavaScript, no native build).
 *
 * @example
 * import { createAuthServer } from 'latchkey/server'
 * import { createPostgresStore } from 'latchkey/server/pg'
 *
 * const auth = createAuthServer({ store: createPostgresStore({ connectionString: process.env.DATABASE_URL }) })
 */
export function createPostgresStore(options: PostgresStoreOptions): AuthStore {
  if (typeof options !== 'object' || options === null || (options.pool === undefined) === (options.connectionString === undefined)) {
    throw new TypeError(
      'latchkey: createPostgresStore() needs exactly one of `pool` (a pg.Pool) or `connectionString` (like "postgres://user@localhost:5432/app").',
    )
  }
  if (options.connectionString !== undefined && (typeof options.connectionString !== 'string' || !/^postgres(?:ql)?:\/\//.test(options.connectionString))) {
    throw new TypeError(
      `latchkey: \`connectionString\` must be a PostgreSQL URL like "postgres://user@localhost:5432/app"; got ${JSON.stringify(String(options.connectionString).replace(/:[^:@/]*@/, ':***@'))}.`,
    )
  }
  const owned = options.pool === undefined
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, ...(options.max === undefined ? {} : { max: options.max }) })
  if (owned) {
    const report = options.onIdleError ?? ((error: Error) => console.error('latchkey: an idle PostgreSQL connection failed', error))
    pool.on('error', report)
  }
  return createSqlStore(sqlClient(pool), { sharedRateLimits: true, ...(owned ? { onClose: () => pool.end() } : {}) })
}
