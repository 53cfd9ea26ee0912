import { PGlite } from '@electric-sql/pglite'
import type { AuthStore } from '../store.js'
import { createSqlStore } from './sql.js'

export interface PGliteStoreOptions {
  /** Folder for the database files; in memory when omitted. */
  dataDir?: string
}

/**
 * Closes in progress, by data folder, shared across copies of this module (a Vite config
 * reload bundles a fresh copy): a store reopening a folder waits until the old one is closed,
 * so two PGlite instances never write one folder at once (e.g. on a dev-server restart).
 */
const registry = globalThis as { [key: symbol]: Map<string, Promise<void>> | undefined }
const closing = (registry[Symbol.for('latchkey.pglite.closing')] ??= new Map<string, Promise<void>>())

/**
 * An `AuthStore` on PGlite (PostgreSQL in WASM): the default on disk. Opening takes a moment, so
 * the store opens and migrates on its first call; `close()` closes the database.
 *
 * @example
 * import { createPGliteStore } from 'latchkey/server/pglite'
 * const server = createAuthServer({ store: createPGliteStore({ dataDir: '.latchkey-data' }) })
 */
export function createPGliteStore(options: PGliteStoreOptions = {}): AuthStore {
  const { dataDir } = options
  let db: PGlite | undefined
  return createSqlStore(
    async () => {
      if (dataDir !== undefined) await closing.get(dataDir)
      return (db = await PGlite.create(dataDir === undefined ? {} : { dataDir }))
    },
    {
      onClose: async () => {
        if (!db) return
        const done = db.close()
        if (dataDir === undefined) return done
        const settled = done.catch(() => undefined)
        closing.set(dataDir, settled)
        try {
          await done
        } finally {
          if (closing.get(dataDir) === settled) closing.delete(dataDir)
        }
      },
    },
  )
}
