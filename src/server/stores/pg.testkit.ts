/**
 * PostgreSQL for tests: `LATCHKEY_TEST_PG_URL` names a server (`eval "$(scripts/postgres.sh
 * start)"` makes a throwaway one; `.ci/run` does). Without it the PostgreSQL tests are skipped
 * with a message saying so, except in CI (`CI` set), where a missing server is a failure: CI
 * must never pass by skipping them. Not part of the package.
 * @internal
 */
import pg from 'pg'
import { describe, test } from 'vitest'

/** The test server's URL, if any. */
export const testPgUrl: string | undefined = process.env.LATCHKEY_TEST_PG_URL || undefined

const inCi = (): boolean => {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}

/**
 * `describe(name, fn)` when a PostgreSQL server is configured. Otherwise a skipped suite whose
 * name says how to run it, or, in CI, a failing test.
 */
export function describePostgres(name: string, fn: (url: string) => void): void {
  if (testPgUrl) {
    describe(name, () => fn(testPgUrl))
    return
  }
  const how = 'set LATCHKEY_TEST_PG_URL to a PostgreSQL server (eval "$(scripts/postgres.sh start)")'
  if (inCi()) {
    describe(name, () => {
      test('a PostgreSQL server is configured', () => {
        throw new Error(`LATCHKEY_TEST_PG_URL is not set, and CI must run the PostgreSQL tests: ${how}.`)
      })
    })
    return
  }
  describe.skip(`${name} (skipped: ${how})`, () => {
    test('needs PostgreSQL', () => {})
  })
}

/** A schema of its own on the test server, so runs and files never see each other's rows. */
export interface TestSchema {
  name: string
  /** A pool whose connections use the schema (search_path). */
  pool: pg.Pool
  /** Ends the pool and drops the schema. */
  drop(): Promise<void>
}

export async function createTestSchema(url: string, prefix = 'latchkey_test'): Promise<TestSchema> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`CREATE SCHEMA ${name}`)
  } finally {
    await admin.end()
  }
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${name}` })
  pool.on('error', () => {}) // idle connections dropped when the schema goes
  return {
    name,
    pool,
    async drop() {
      await pool.end()
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}

/** A URL whose connections use `schema` (what another process needs to share a test schema). */
export function schemaUrl(url: string, schema: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${schema}`)
  return parsed.toString()
}
