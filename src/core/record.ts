import type { SessionBody } from './protocol.js'
import type { KeyValueStorage } from './types.js'
import { parseSessionBody } from './validate.js'

/**
 * @internal What one browser profile keeps for its session, as one JSON value under
 * `storageKey`. Times in `session` are the server's; `skew` (server − local, ms) is the
 * writer's estimate, used by a reader that has not measured its own yet.
 */
export interface SessionRecord {
  v: 1
  mode: 'app' | 'cookie'
  session: SessionBody
  /** App mode only. */
  accessToken?: string
  /** App mode only. */
  refreshToken?: string
  skew: number
  /** The user dismissed this session's expiry warning (in some tab): every tab keeps it hidden. */
  expiryWarningDismissed?: true
}

/** @internal A pending server-side revocation (sign-out while offline). */
export interface PendingRevocation {
  /** App mode; absent in cookie mode, where the cookie names the session. */
  refreshToken?: string
  sessionId: string
  /** Local ms; entries older than the longest session are dropped. */
  queuedAt: number
}

const MAX_SESSION_MS = 30 * 24 * 60 * 60 * 1000

/** A `KeyValueStorage` in memory: the default outside browsers, and for tests. */
export function createMemoryStorage(initial?: Record<string, string>): KeyValueStorage & { readonly size: number } {
  const map = new Map(Object.entries(initial ?? {}))
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      map.set(key, String(value))
    },
    removeItem: (key) => {
      map.delete(key)
    },
    get size() {
      return map.size
    },
  }
}

/** @internal */
export function safeGet(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key)
  } catch {
    // Storage can throw on read (blocked third-party storage, SecurityError): nothing stored.
    return null
  }
}

/** @internal Writes; when storage refuses (quota, private mode) warns and returns false. */
export function safeSet(storage: KeyValueStorage, key: string, value: string): boolean {
  try {
    storage.setItem(key, value)
    return true
  } catch (error) {
    console.warn(`[latchkey] Could not write "${key}" to storage; the session lives in memory only for this page.`, error)
    return false
  }
}

/** @internal */
export function safeRemove(storage: KeyValueStorage, key: string): void {
  try {
    storage.removeItem(key)
  } catch {
    // Nothing to do: a storage that cannot be written cannot hold the record either.
  }
}

/**
 * @internal Reads the record defensively: anything that is not a well-formed record of
 * this `mode` is removed and read as "signed out", never a crash.
 */
export function readRecord(storage: KeyValueStorage, key: string, mode: 'app' | 'cookie'): SessionRecord | null {
  const raw = safeGet(storage, key)
  if (raw === null) return null
  const record = parseRecord(raw, mode)
  if (record === null) safeRemove(storage, key)
  return record
}

function parseRecord(raw: string, mode: 'app' | 'cookie'): SessionRecord | null {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const candidate = value as Record<string, unknown>
  if (candidate.v !== 1 || candidate.mode !== mode) return null
  if (typeof candidate.skew !== 'number' || !Number.isFinite(candidate.skew)) return null
  const session = parseSessionBody(candidate.session)
  if (session === null) return null
  const dismissed = candidate.expiryWarningDismissed === true ? { expiryWarningDismissed: true as const } : {}
  if (mode === 'cookie') return { v: 1, mode, session, skew: candidate.skew, ...dismissed }
  const { accessToken, refreshToken } = candidate
  if (typeof accessToken !== 'string' || accessToken === '' || typeof refreshToken !== 'string' || refreshToken === '') {
    return null
  }
  return { v: 1, mode, session, accessToken, refreshToken, skew: candidate.skew, ...dismissed }
}

/** @internal */
export function writeRecord(storage: KeyValueStorage, key: string, record: SessionRecord): boolean {
  return safeSet(storage, key, JSON.stringify(record))
}

/** @internal True when both hold the same tokens (or, in cookie mode, the same session answer). */
export function isSameRecord(a: SessionRecord, b: SessionRecord): boolean {
  return (
    a.session.id === b.session.id &&
    a.session.serverNow === b.session.serverNow &&
    a.session.accessTokenExpiresAt === b.session.accessTokenExpiresAt &&
    a.accessToken === b.accessToken &&
    a.refreshToken === b.refreshToken
  )
}

/** @internal The pending-revocation queue, read defensively. */
export function readRevocations(storage: KeyValueStorage, key: string, now: number): PendingRevocation[] {
  const raw = safeGet(storage, key)
  if (raw === null) return []
  try {
    const value: unknown = JSON.parse(raw)
    if (!Array.isArray(value)) throw new TypeError('not an array')
    return value.filter(
      (item): item is PendingRevocation =>
        typeof item === 'object' &&
        item !== null &&
        typeof item.sessionId === 'string' &&
        (item.refreshToken === undefined || typeof item.refreshToken === 'string') &&
        typeof item.queuedAt === 'number' &&
        now - item.queuedAt < MAX_SESSION_MS,
    )
  } catch {
    safeRemove(storage, key)
    return []
  }
}

/** @internal */
export function writeRevocations(storage: KeyValueStorage, key: string, items: PendingRevocation[]): void {
  if (items.length === 0) safeRemove(storage, key)
  else safeSet(storage, key, JSON.stringify(items))
}
