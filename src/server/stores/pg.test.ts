// @vitest-environment node
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectParallelGuessesCapped, expectParallelRefreshesOneChild, startTestServer } from '../server.testkit.js'
import { migrations } from './migrations.js'
import { createPostgresStore } from './pg.js'
import { createTestSchema, describePostgres, schemaUrl } from './pg.testkit.js'
import type { TestSchema } from './pg.testkit.js'
import { storeContract } from './store.contract.js'

describe('createPostgresStore: options', () => {
  test('parameters: exactly one of pool or connectionString, and a PostgreSQL URL', () => {
    expect(() => createPostgresStore({})).toThrow(TypeError)
    expect(() => createPostgresStore({})).toThrow(/exactly one of `pool`.*or `connectionString`/)
    expect(() => createPostgresStore({ pool: new pg.Pool(), connectionString: 'postgres://localhost/app' })).toThrow(/exactly one/)
    expect(() => createPostgresStore({ connectionString: 'mysql://user:hunter2@localhost/app' })).toThrow(/PostgreSQL URL/)
    // The password never lands in the message.
    expect(() => createPostgresStore({ connectionString: 'mysql://user:hunter2@localhost/app' })).not.toThrow(/hunter2/)
    // @ts-expect-error: no options at all
    expect(() => createPostgresStore()).toThrow(TypeError)
  })

  test('behavior: creating the store connects to nothing; closing it unused opens nothing', async () => {
    // Port 1 on loopback: any connection attempt would fail.
    const store = createPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' })
    await store.close()
  })
})

describePostgres('createPostgresStore (PostgreSQL server)', (url) => {
  describe('store contract', () => {
    let schema: TestSchema
    let store: ReturnType<typeof createPostgresStore>
    beforeAll(async () => {
      schema = await createTestSchema(url)
      store = createPostgresStore({ pool: schema.pool })
    })
    afterAll(async () => {
      await store.close()
      await schema.drop()
    })
    storeContract(() => store)
  })

  describe('schema and pool', () => {
    let schema: TestSchema
    beforeAll(async () => {
      schema = await createTestSchema(url)
    })
    afterAll(() => schema.drop())

    test('behavior: migrates a new database once, even with several stores starting together', async () => {
      const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString: schemaUrl(url, schema.name), max: 2 }))
      try {
        await Promise.all(stores.map((store) => store.getSession('warm-up')))
        const { rows } = await schema.pool.query<{ id: number }>('SELECT id FROM latchkey_migrations ORDER BY id')
        expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id))
      } finally {
        await Promise.all(stores.map((store) => store.close()))
      }
    })

    test('behavior: a store that owns its pool ends it on close; a pool passed in stays open', async () => {
      const owned = createPostgresStore({ connectionString: schemaUrl(url, schema.name) })
      await owned.getSession('x')
      await owned.close()
      await owned.close() // idempotent

      const pool = new pg.Pool({ connectionString: schemaUrl(url, schema.name) })
      const borrowed = createPostgresStore({ pool })
      await borrowed.getSession('x')
      await borrowed.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
      await pool.end()
    })

    test('behavior: bigint times come back as numbers', async () => {
      const store = createPostgresStore({ pool: schema.pool })
      const { user } = await store.findOrCreateUser({
        user: { id: 'usr_big', email: null, alias: null, name: null, createdAt: 1_800_000_000_123 },
        credential: { id: 'cred_big', format: 'email', key: 'email:big@example.com', email: 'big@example.com' },
      })
      expect(user.createdAt).toBe(1_800_000_000_123)
      expect(typeof (await store.getUser('usr_big'))!.credentials[0]!.createdAt).toBe('number')
    })
  })

  describe('two servers on one PostgreSQL database', () => {
    let schema: TestSchema
    beforeAll(async () => {
      schema = await createTestSchema(url)
    })
    afterAll(() => schema.drop())

    // Each server gets a store of its own (its own pool), as two machines would.
    const twoServers = async () => {
      const a = await startTestServer({ store: createPostgresStore({ connectionString: schemaUrl(url, schema.name) }) })
      const b = await startTestServer({ store: createPostgresStore({ connectionString: schemaUrl(url, schema.name) }) })
      return { a, b, close: () => Promise.all([a.close(), b.close()]) }
    }

    test('behavior: rate limits are shared: parallel requests to both servers get `limit` through, not twice that', async () => {
      const rateLimits = { routes: { '/email/start': { perIp: { limit: 5, window: 600 } } } }
      const a = await startTestServer({ store: createPostgresStore({ connectionString: schemaUrl(url, schema.name) }), rateLimits })
      const b = await startTestServer({ store: createPostgresStore({ connectionString: schemaUrl(url, schema.name) }), rateLimits })
      try {
        const responses = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).post('/email/start', { email: `pg-limit-${i}@example.com` })),
        )
        expect(responses.filter((r) => r.status === 200)).toHaveLength(5)
        expect(responses.filter((r) => r.status === 429)).toHaveLength(7)
      } finally {
        await Promise.all([a.close(), b.close()])
      }
    })

    test('behavior: parallel wrong guesses across both servers take at most 5 attempts', async () => {
      const { a, b, close } = await twoServers()
      try {
        await expectParallelGuessesCapped(a, b)
      } finally {
        await close()
      }
    })

    test('behavior: parallel refreshes across both servers give one child', async () => {
      const { a, b, close } = await twoServers()
      try {
        await expectParallelRefreshesOneChild(a, b)
      } finally {
        await close()
      }
    })
  })
})
