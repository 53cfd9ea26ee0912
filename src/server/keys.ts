import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import { CODE_HMAC_SECRET, SIGNING_KEY_SECRET } from './constants.js'
import { fromBase64Url, importHmacKey, randomBytes, toBase64Url } from './crypto.js'
import type { AuthStore } from './store.js'

/** The server's secrets, as usable keys. @internal */
export interface ServerKeys {
  kid: string
  privateKey: CryptoKey
  /** Public JWK with `kid`, `alg` and `use`: what the JWKS route serves. */
  publicJwk: JWK
  /** HMAC key for email codes. */
  codeKey: CryptoKey
}

interface StoredSigningKey {
  kid: string
  privateJwk: JWK
}

/**
 * Loads the signing key and code secret from the store, creating them on first start. Every
 * server on the same store ends up with the same keys: the store keeps the first one written.
 */
export async function loadKeys(store: AuthStore, now: number): Promise<ServerKeys> {
  const [signing, codeSecret] = await Promise.all([
    store.getOrCreateSecret(SIGNING_KEY_SECRET, JSON.stringify(await newSigningKey()), now),
    store.getOrCreateSecret(CODE_HMAC_SECRET, toBase64Url(randomBytes(32)), now),
  ])
  const { kid, privateJwk } = JSON.parse(signing) as StoredSigningKey
  const { d: _private, ...publicPart } = privateJwk
  const secretBytes = fromBase64Url(codeSecret)
  if (!secretBytes) throw new Error('The stored email-code secret is not base64url.')
  return {
    kid,
    privateKey: (await importJWK(privateJwk, 'ES256')) as CryptoKey,
    publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig' },
    codeKey: await importHmacKey(secretBytes),
  }
}

async function newSigningKey(): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const { d: _private, ...publicJwk } = privateJwk
  return { kid: await calculateJwkThumbprint(publicJwk), privateJwk }
}
