import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import { CODE_HMAC_SECRET, KEY_CACHE_TTL, KEY_RELOAD_COOLDOWN, MAX_SESSION_TTL, SIGNING_KEY_LEEWAY } from './constants.js'
import { fromBase64Url, importHmacKey, randomBytes, toBase64Url } from './crypto.js'
import type { AuthStore, NewSigningKey, SigningKeyRecord } from './store.js'

/** The server's secrets, as usable keys. @internal */
export interface ServerKeys {
  /** The current signing key: every new access token is signed with it. */
  kid: string
  privateKey: CryptoKey
  /** Public JWK of the current key, with `kid`, `alg` and `use`. */
  publicJwk: JWK
  /**
   * Every key a live token may be signed with: the current key first, then retired keys still
   * in their overlap. What the JWKS route serves and what verification accepts.
   */
  publicJwks: JWK[]
  /** HMAC key for email codes. */
  codeKey: CryptoKey
}

/** A signing key as `rotateKeys()` reports it. */
export interface SigningKeyInfo {
  kid: string
  createdAt: number
  /** When a newer key replaced it; null for the current key. */
  retiredAt: number | null
  /** Until when servers publish and accept it (ms); null for the current key. */
  publishedUntil: number | null
}

/** What `AuthServer#rotateKeys()` returns. */
export interface KeyRotation {
  /** The new current key. */
  current: SigningKeyInfo
  /** Retired keys still published (tokens they signed may still be live), newest first. */
  previous: SigningKeyInfo[]
}

/** The server's view of its keys: cached, reloaded on a schedule or when a token names an unknown `kid`. @internal */
export interface KeyRing {
  /** The keys; `fresh` reloads them from the store unless they were loaded in the last second. */
  get(options?: { fresh?: boolean }): Promise<ServerKeys>
  /** Makes a new current key (on every server sharing the store, within `KEY_CACHE_TTL`). */
  rotate(): Promise<KeyRotation>
}

/**
 * Seconds a retired key stays published: the tokens it signed live `accessTokenTtl` at most,
 * counted from the moment the last instance stopped signing with it (its cache may keep it for
 * `KEY_CACHE_TTL` after the rotation), plus clock differences between machines.
 */
export const keyOverlap = (accessTokenTtl: number): number => accessTokenTtl + SIGNING_KEY_LEEWAY

async function newSigningKey(now: number): Promise<NewSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const { d: _private, ...publicJwk } = privateJwk
  return { kid: await calculateJwkThumbprint(publicJwk), alg: 'ES256', publicJwk, privateJwk, createdAt: now }
}

const published = (key: SigningKeyRecord): JWK => ({ ...key.publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' })

const info = (key: SigningKeyRecord, overlapMs: number): SigningKeyInfo => ({
  kid: key.kid,
  createdAt: key.createdAt,
  retiredAt: key.retiredAt,
  publishedUntil: key.retiredAt === null ? null : key.retiredAt + overlapMs,
})

/**
 * Rotates the signing key of a store: the new key is current at once, the old one is retired
 * (its private half deleted) and stays published for each server's `accessTokenTtl` plus a
 * leeway. What `AuthServer#rotateKeys()` and `latchkey-server rotate-keys` do.
 */
export async function rotateStoreKeys(store: AuthStore, now: number, accessTokenTtl: number): Promise<KeyRotation> {
  const key = await newSigningKey(now)
  await store.rotateSigningKey({ key, now, dropRetiredBefore: now - (MAX_SESSION_TTL + SIGNING_KEY_LEEWAY) * 1000 })
  const overlapMs = keyOverlap(accessTokenTtl) * 1000
  const keys = await store.listSigningKeys({ retiredAfter: now - overlapMs })
  const current = keys.find((k) => k.retiredAt === null)
  if (!current) throw new Error('latchkey: the store has no current signing key right after a rotation.')
  return { current: info(current, overlapMs), previous: keys.filter((k) => k !== current).map((k) => info(k, overlapMs)) }
}

/**
 * The key ring of one server. Keys live in the store, so every server on it signs with the same
 * current key and accepts the same retired ones. Each server caches them for `KEY_CACHE_TTL`
 * (or until a retired key's overlap ends, if sooner), and reloads at once when a token names a
 * `kid` it does not know: a rotation on one server is used by the others within `KEY_CACHE_TTL`,
 * and tokens signed with the new key verify everywhere right away.
 */
export function createKeyRing(store: AuthStore, options: { now(): number; accessTokenTtl: number }): KeyRing {
  const overlapMs = keyOverlap(options.accessTokenTtl) * 1000
  let codeKey: Promise<CryptoKey> | undefined
  let cached: { keys: Promise<ServerKeys>; loadedAt: number; validUntil: number } | undefined

  const loadCodeKey = async (now: number) => {
    const secret = await store.getOrCreateSecret(CODE_HMAC_SECRET, toBase64Url(randomBytes(32)), now)
    const bytes = fromBase64Url(secret)
    if (!bytes) throw new Error('The stored email-code secret is not base64url.')
    return importHmacKey(bytes)
  }

  async function load(now: number): Promise<{ keys: ServerKeys; validUntil: number }> {
    // The code secret never rotates: load it once (but retry after a failure).
    codeKey ??= loadCodeKey(now).catch((error: unknown) => {
      codeKey = undefined
      throw error
    })
    const [code, listed] = await Promise.all([codeKey, store.listSigningKeys({ retiredAfter: now - overlapMs })])
    let records = listed
    if (!records.some((k) => k.retiredAt === null)) {
      // First start: the first key written by any instance wins.
      await store.addFirstSigningKey(await newSigningKey(now))
      records = await store.listSigningKeys({ retiredAfter: now - overlapMs })
    }
    const current = records.find((k) => k.retiredAt === null)
    if (!current?.privateJwk) throw new Error('latchkey: the store has no current signing key.')
    const previous = records.filter((k) => k !== current)
    const firstRetirement = Math.min(...previous.map((k) => k.retiredAt! + overlapMs))
    return {
      keys: {
        kid: current.kid,
        privateKey: (await importJWK(current.privateJwk, 'ES256')) as CryptoKey,
        publicJwk: published(current),
        publicJwks: [current, ...previous].map(published),
        codeKey: code,
      },
      validUntil: Math.min(now + KEY_CACHE_TTL * 1000, firstRetirement),
    }
  }

  function reload(now: number): Promise<ServerKeys> {
    const entry = {
      loadedAt: now,
      validUntil: Number.POSITIVE_INFINITY,
      keys: load(now).then(
        (loaded) => {
          entry.validUntil = loaded.validUntil
          return loaded.keys
        },
        (error: unknown) => {
          // Cache the keys, not a failure: a store that was down may be up on the next request.
          if (cached === entry) cached = undefined
          throw error
        },
      ),
    }
    cached = entry
    return entry.keys
  }

  return {
    get(getOptions = {}) {
      const now = options.now()
      if (!cached || now >= cached.validUntil) return reload(now)
      if (getOptions.fresh && now - cached.loadedAt >= KEY_RELOAD_COOLDOWN * 1000) return reload(now)
      return cached.keys
    },
    async rotate() {
      const rotation = await rotateStoreKeys(store, options.now(), options.accessTokenTtl)
      await reload(options.now())
      return rotation
    },
  }
}
