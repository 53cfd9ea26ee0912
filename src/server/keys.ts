import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import { CODE_HMAC_SECRET, KEY_CACHE_TTL, KEY_PREPUBLISH, KEY_RELOAD_COOLDOWN, MAX_SESSION_TTL, SIGNING_KEY_LEEWAY } from './constants.js'
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
   * Every key a live token may be signed with: the current key first, then the keys waiting to
   * sign (published ahead of their first token), then retired keys still in their overlap. What
   * the JWKS route serves and what verification accepts.
   */
  publicJwks: JWK[]
  /** HMAC key for email codes. */
  codeKey: CryptoKey
}

/** A signing key as `rotateKeys()` reports it. */
export interface SigningKeyInfo {
  kid: string
  createdAt: number
  /** When it starts signing (ms); it is published from `createdAt`. */
  activatesAt: number
  /** When it stops signing (a newer key activates then); null for the newest key. */
  retiredAt: number | null
  /** Until when servers publish and accept it (ms); null for the newest key. */
  publishedUntil: number | null
}

/** What `AuthServer#rotateKeys()` returns. */
export interface KeyRotation {
  /** The key that signs now: after an `immediate` rotation, the new key. */
  current: SigningKeyInfo
  /**
   * Keys published ahead of the moment they sign, soonest first: the new key (empty after an
   * `immediate` rotation), after any still waiting from an earlier rotation.
   */
  upcoming: SigningKeyInfo[]
  /** Retired keys still published (tokens they signed may still be live), newest first. */
  previous: SigningKeyInfo[]
}

/** Options of `AuthServer#rotateKeys()`. */
export interface RotateKeysOptions {
  /**
   * Sign with the new key at once, e.g. when the current key may have leaked. Default: the new
   * key is published now and signs from `KEY_PREPUBLISH` (six minutes) later, so backends that
   * cache the JWKS know it before its first token.
   */
  immediate?: boolean
}

/** The server's view of its keys: cached, reloaded on a schedule or when a token names an unknown `kid`. @internal */
export interface KeyRing {
  /** The keys; `fresh` reloads them from the store unless they were loaded in the last second. */
  get(options?: { fresh?: boolean }): Promise<ServerKeys>
  /** Adds the next key (see `RotateKeysOptions`), used by every server sharing the store. */
  rotate(options?: RotateKeysOptions): Promise<KeyRotation>
}

/**
 * Seconds a retired key stays published: the tokens it signed live `accessTokenTtl` at most,
 * counted from the moment the last instance stopped signing with it (its cache may keep it for
 * `KEY_CACHE_TTL` after the rotation), plus clock differences between machines.
 */
export const keyOverlap = (accessTokenTtl: number): number => accessTokenTtl + SIGNING_KEY_LEEWAY

async function newSigningKey(now: number, activatesAt = now): Promise<NewSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const { d: _private, ...publicJwk } = privateJwk
  return { kid: await calculateJwkThumbprint(publicJwk), alg: 'ES256', publicJwk, privateJwk, createdAt: now, activatesAt }
}

const published = (key: SigningKeyRecord): JWK => ({ ...key.publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' })

const info = (key: SigningKeyRecord, overlapMs: number): SigningKeyInfo => ({
  kid: key.kid,
  createdAt: key.createdAt,
  activatesAt: key.activatesAt,
  retiredAt: key.retiredAt,
  publishedUntil: key.retiredAt === null ? null : key.retiredAt + overlapMs,
})

/** The keys of a store at `now`: the one that signs, those that will (soonest first), the retired ones. */
function classify(keys: SigningKeyRecord[], now: number) {
  const current = keys.find((k) => k.activatesAt <= now && (k.retiredAt === null || k.retiredAt > now))
  // A key retired before it activated (an immediate rotation replaced it) never signs: it is only published.
  const willSign = (k: SigningKeyRecord) => k.activatesAt > now && (k.retiredAt === null || k.retiredAt > k.activatesAt)
  const upcoming = keys.filter(willSign).sort((a, b) => a.activatesAt - b.activatesAt)
  const previous = keys.filter((k) => k !== current && !willSign(k))
  return { current, upcoming, previous }
}

/**
 * Rotates the signing key of a store: the new key is published now and signs from
 * `KEY_PREPUBLISH` later (at once with `immediate`); the key before it signs until then, and
 * stays published for each server's `accessTokenTtl` plus a leeway after that. What
 * `AuthServer#rotateKeys()` and `latchkey-server rotate-keys` do.
 */
export async function rotateStoreKeys(store: AuthStore, now: number, accessTokenTtl: number, options: RotateKeysOptions = {}): Promise<KeyRotation> {
  if (options.immediate !== undefined && typeof options.immediate !== 'boolean') {
    throw new TypeError(`rotateKeys: \`immediate\` must be true or false; got ${String(options.immediate)}.`)
  }
  // A store with no key yet has signed nothing: its first key has nobody to be announced to.
  const first = !(await store.listSigningKeys({ retiredAfter: now })).some((k) => k.retiredAt === null)
  const key = await newSigningKey(now, options.immediate || first ? now : now + KEY_PREPUBLISH * 1000)
  await store.rotateSigningKey({ key, now, dropRetiredBefore: now - (MAX_SESSION_TTL + SIGNING_KEY_LEEWAY) * 1000 })
  const overlapMs = keyOverlap(accessTokenTtl) * 1000
  const { current, upcoming, previous } = classify(await store.listSigningKeys({ retiredAfter: now - overlapMs }), now)
  if (!current) throw new Error('latchkey: the store has no signing key for now right after a rotation.')
  const toInfo = (k: SigningKeyRecord) => info(k, overlapMs)
  return { current: toInfo(current), upcoming: upcoming.map(toInfo), previous: previous.map(toInfo) }
}

/**
 * The key ring of one server. Keys live in the store, so every server on it signs with the same
 * current key and accepts the same others. Each server caches them for `KEY_CACHE_TTL` (or until
 * the next key activates or a retired key's overlap ends, if sooner), and reloads at once when a
 * token names a `kid` it does not know: a pre-published key starts signing on every server at
 * the same moment, and an immediate rotation on one server reaches the others within
 * `KEY_CACHE_TTL` while tokens of the new key verify everywhere right away.
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
    const { current, upcoming, previous } = classify(records, now)
    if (!current?.privateJwk) throw new Error('latchkey: the store has no signing key for now.')
    // A key retired by now (it signed until a pre-published key took over) loses its private half.
    if (records.some((k) => k.privateJwk !== null && k.retiredAt !== null && k.retiredAt <= now)) {
      await store.wipeRetiredSigningKeys({ now })
    }
    // Reload at the next change: a key starts or stops signing, or leaves the JWKS.
    const changes = records.flatMap((k) => (k.retiredAt === null ? [k.activatesAt] : [k.activatesAt, k.retiredAt, k.retiredAt + overlapMs]))
    return {
      keys: {
        kid: current.kid,
        privateKey: (await importJWK(current.privateJwk, 'ES256')) as CryptoKey,
        publicJwk: published(current),
        publicJwks: [current, ...upcoming, ...previous].map(published),
        codeKey: code,
      },
      validUntil: Math.min(now + KEY_CACHE_TTL * 1000, ...changes.filter((at) => at > now)),
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
    async rotate(rotateOptions) {
      const rotation = await rotateStoreKeys(store, options.now(), options.accessTokenTtl, rotateOptions)
      await reload(options.now())
      return rotation
    },
  }
}
