// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { migrations } from './migrations.js'
import { migrate } from './sql.js'
import type { SqlClient } from './sql.js'

describe('migrate', () => {
  let db: PGlite
  beforeAll(async () => {
    db = await PGlite.create()
  }, 60_000)
  afterAll(() => db.close())

  const tables = async (schema: string) =>
    (
      await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [schema],
      )
    ).rows.map((r) => r.table_name)

  /** A fresh schema per test, so each starts from an empty database. */
  async function schema(name: string): Promise<SqlClient> {
    await db.exec(`CREATE SCHEMA ${name}; SET search_path TO ${name}`)
    return db
  }

  test('default: migrations are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, i) => i + 1))
  })

  test('behavior: a database made by migration 1 alone is brought up to date with its data', async () => {
    const client = await schema('upgrade')
    await migrate(client, migrations.slice(0, 1))
    await db.query(`INSERT INTO latchkey_email_codes (email, code_mac, sent_at, expires_at) VALUES ('old@example.com', 'mac', 1, 2)`)
    await migrate(client)
    const { rows } = await db.query('SELECT email, window_started_at, window_sends FROM latchkey_email_codes')
    expect(rows).toEqual([{ email: 'old@example.com', window_started_at: 0, window_sends: 0 }])
  })

  test('default: creates the schema once and records each migration', async () => {
    const client = await schema('fresh')
    await migrate(client)
    await migrate(client)
    expect(await tables('fresh')).toEqual([
      'latchkey_credentials',
      'latchkey_email_codes',
      'latchkey_migrations',
      'latchkey_nonces',
      'latchkey_rate_limit_hits',
      'latchkey_refresh_tokens',
      'latchkey_secrets',
      'latchkey_sessions',
      'latchkey_signing_keys',
      'latchkey_users',
    ])
    const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM latchkey_migrations ORDER BY id')
    expect(rows).toEqual(migrations.map(({ id, name }) => ({ id, name })))
  })

  test('behavior: a later migration applies once, in order, on an existing database', async () => {
    const client = await schema('later')
    await migrate(client)
    const id = migrations.length + 1
    const next = [...migrations, { id, name: 'add a column', statements: ['ALTER TABLE latchkey_users ADD COLUMN nickname text'] }]
    await migrate(client, next)
    await migrate(client, next)
    const { rows } = await db.query<{ id: number }>('SELECT id FROM latchkey_migrations ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual(next.map((m) => m.id))
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'later' AND table_name = 'latchkey_users'`,
    )
    expect(columns.rows.map((c) => c.column_name)).toContain('nickname')
  })

  test('behavior: a failing migration leaves nothing half-applied (pg.Pool-like client)', async () => {
    await schema('failing')
    let released = 0
    const pool: SqlClient & { connect(): Promise<SqlClient & { release(): void }> } = {
      query: (sql, params) => db.query(sql, params),
      connect: async () => ({ query: (sql, params) => db.query(sql, params), release: () => void released++ }),
    }
    const broken = [{ id: 1, name: 'broken', statements: ['CREATE TABLE latchkey_half (id text)', 'SELECT * FROM no_such_table'] }]
    await expect(migrate(pool, broken)).rejects.toThrow(/no_such_table/)
    expect(released).toBe(1)
    expect(await tables('failing')).toEqual([])
    await migrate(pool)
    expect(await tables('failing')).toContain('latchkey_sessions')
  })
})
