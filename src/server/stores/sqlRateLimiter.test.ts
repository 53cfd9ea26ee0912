// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMemoryRateLimiter } from '../ratelimit.js'
import type { RateLimiter } from '../ratelimit.js'
import { errorOf, startTestServer } from '../server.testkit.js'
import type { AuthStore } from '../store.js'
import { createSqlStore } from './sql.js'

// The SQL store's rate limiter (`sharedRateLimits`, on by default in the PostgreSQL store): the
// same answers as the memory limiter, counted in the database so instances share them.
let db: PGlite
let store: AuthStore
beforeAll(async () => {
  db = await PGlite.create()
  store = createSqlStore(db, { sharedRateLimits: true })
}, 60_000)
afterAll(() => db.close())

describe('the SQL store rate limiter', () => {
  test('default: only with sharedRateLimits (one PGlite process counts in memory)', () => {
    expect(createSqlStore(db).rateLimiter).toBeUndefined()
    expect(store.rateLimiter).toBeDefined()
  })

  test('behavior: answers exactly as the memory limiter, hit for hit', async () => {
    const sql = store.rateLimiter!
    const memory = createMemoryRateLimiter()
    const rule = { limit: 3, window: 10 }
    const at = (s: number) => 1_000_000 + s * 1000
    const hits: [string, number][] = [
      ['k', 0],
      ['k', 4],
      ['k', 6],
      ['k', 7],
      ['k', 9.5],
      ['k', 10.5],
      ['k', 11],
      ['other', 11],
      ['k', 16.5],
      ['k', 30],
    ]
    const answers = async (limiter: RateLimiter) => {
      const out = []
      for (const [key, s] of hits) out.push(await limiter.hit(`same:${key}`, rule, at(s)))
      return out
    }
    const expected = await answers(memory)
    expect(expected.filter((a) => !a.allowed)).toHaveLength(3)
    expect(await answers(sql)).toEqual(expected)
  })

  test('behavior: parallel hits never let more than `limit` through', async () => {
    const limiter = store.rateLimiter!
    const results = await Promise.all(Array.from({ length: 12 }, async () => limiter.hit('parallel', { limit: 5, window: 60 }, 2_000_000)))
    expect(results.filter((r) => r.allowed)).toHaveLength(5)
  })

  test('behavior: keys are stored hashed: no IP or email address in the table', async () => {
    await store.rateLimiter!.hit('id:/email/verify:ada@example.com', { limit: 5, window: 60 }, 3_000_000)
    const { rows } = await db.query<{ key: string }>('SELECT key FROM latchkey_rate_limit_hits')
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((row) => row.key.includes('@'))).toBe(false)
  })

  test('behavior: two servers on one store share the limits (what instances on PostgreSQL get)', async () => {
    const shared = { ...createSqlStore(db, { sharedRateLimits: true }), close: async () => {} }
    const rateLimits = { routes: { '/email/start': { perIp: { limit: 3, window: 60 } } } }
    const a = await startTestServer({ store: shared, rateLimits })
    const b = await startTestServer({ store: shared, rateLimits, clock: a.clock })
    try {
      expect((await a.post('/email/start', { email: 'share-1@example.com' })).status).toBe(200)
      expect((await b.post('/email/start', { email: 'share-2@example.com' })).status).toBe(200)
      expect((await a.post('/email/start', { email: 'share-3@example.com' })).status).toBe(200)
      expect(await errorOf(await b.post('/email/start', { email: 'share-4@example.com' }))).toMatchObject({ status: 429, error: 'rate_limited' })
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
