// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectParallelGuessesCapped, expectParallelRefreshesOneChild, startTestServer } from '../server.testkit.js'
import { createPGliteStore } from './pglite.js'
import { storeContract } from './store.contract.js'

describe('createPGliteStore (in memory)', () => {
  const store = createPGliteStore()
  // Opening PGlite (initdb in WASM) takes seconds: do it before the timed tests.
  beforeAll(() => store.getSession('warm-up'), 60_000)
  afterAll(() => store.close())
  storeContract(() => store)
})

describe('createPGliteStore (on disk)', () => {
  test('behavior: data survives closing and reopening', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-pglite-'))
    try {
      const first = createPGliteStore({ dataDir })
      const secret = await first.getOrCreateSecret('key', 'first', 1)
      const { user } = await first.findOrCreateUser({
        user: { id: 'usr_disk', email: 'disk@example.com', alias: null, name: null, createdAt: 1 },
        credential: { id: 'cred_disk', format: 'email', key: 'email:disk@example.com', email: 'disk@example.com' },
      })
      await first.close()

      const second = createPGliteStore({ dataDir })
      expect(await second.getOrCreateSecret('key', 'second', 2)).toBe(secret)
      expect(await second.getUser('usr_disk')).toEqual(user)
      await second.close()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)

  test('behavior: reopening a folder waits for a close in progress', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-pglite-'))
    try {
      const first = createPGliteStore({ dataDir })
      await first.getOrCreateSecret('key', 'first', 1)
      const closed = first.close()
      const second = createPGliteStore({ dataDir })
      expect(await second.getOrCreateSecret('key', 'second', 2)).toBe('first')
      await closed
      await second.close()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)

  test('behavior: close() on a store that never opened does not open it', async () => {
    const store = createPGliteStore({ dataDir: join(tmpdir(), 'latchkey-never-opened') })
    await store.close()
  })
})

describe('two servers over HTTP on one PGlite store', () => {
  const store = createPGliteStore()
  // The harness closes its server's store: share one that only the suite closes.
  const shared = { ...store, close: async () => {} }
  beforeAll(() => store.getSession('warm-up'), 60_000)
  afterAll(() => store.close())

  test('behavior: parallel wrong guesses across both servers take at most 5 attempts', async () => {
    const a = await startTestServer({ store: shared })
    const b = await startTestServer({ store: shared })
    try {
      await expectParallelGuessesCapped(a, b)
    } finally {
      await a.close()
      await b.close()
    }
  })

  test('behavior: parallel refreshes across both servers give one child', async () => {
    const a = await startTestServer({ store: shared })
    const b = await startTestServer({ store: shared })
    try {
      await expectParallelRefreshesOneChild(a, b)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
