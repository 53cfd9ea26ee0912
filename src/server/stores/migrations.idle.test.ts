// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { migrations } from './migrations.js'
import { createSqlStore, migrate } from './sql.js'

// Migration 5 (session idle timeout) on a database made before it, with sessions in it.
let db: PGlite
beforeAll(async () => {
  db = await PGlite.create()
}, 60_000)
afterAll(() => db.close())

test('behavior: migration 5 gives existing sessions a last activity (their last use) and keeps them working', async () => {
  await migrate(db, migrations.filter((m) => m.id < 5))
  await db.query(`INSERT INTO latchkey_users (id, created_at) VALUES ('usr_old', 1)`)
  await db.query(
    `INSERT INTO latchkey_sessions (id, user_id, created_at, expires_at, last_used_at) VALUES ('ses_old', 'usr_old', 1000, 9000000, 5000)`,
  )
  await db.query(`INSERT INTO latchkey_refresh_tokens (hash, session_id, created_at) VALUES ('h1', 'ses_old', 5000)`)
  const store = createSqlStore(db)
  expect(await store.getSession('ses_old')).toMatchObject({ lastUsedAt: 5000, lastActiveAt: 5000 })
  // The idle timeout applies to it from its last use.
  expect(await store.rotateRefreshToken({ hash: 'h1', childHash: 'h2', childSealed: 'x', now: 7000, activeSince: 5001 })).toMatchObject({
    status: 'idle',
  })
  expect(await store.rotateRefreshToken({ hash: 'h1', childHash: 'h2', childSealed: 'x', now: 7000, activeSince: 5000 })).toMatchObject({
    status: 'rotated',
    session: { lastActiveAt: 5000, lastUsedAt: 7000 },
  })
  const { rows } = await db.query<{ is_nullable: string }>(
    `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'latchkey_sessions' AND column_name = 'last_active_at'`,
  )
  expect(rows).toEqual([{ is_nullable: 'NO' }])
})
