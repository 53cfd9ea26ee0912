/**
 * Web Crypto helpers. Only Web APIs here (crypto.subtle, getRandomValues, TextEncoder), so the
 * server also runs in a browser, Deno, Bun or an edge runtime.
 * @internal
 */

const encoder = new TextEncoder()

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length))
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url; `undefined` for anything that is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  const binary = atob(padded)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** A random id with a readable prefix: `usr_…`, `ses_…` (128 bits). */
export function randomId(prefix: string): string {
  return `${prefix}_${toBase64Url(randomBytes(16))}`
}

/** A random token of `bytes` bytes, base64url. */
export function randomToken(bytes: number): string {
  return toBase64Url(randomBytes(bytes))
}

export async function sha256(text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

/**
 * A uniformly random string of `length` decimal digits. Rejection sampling: values at or above
 * the largest multiple of 10^length below 2^32 are drawn again, so no digit is more likely
 * (a plain `% 10^6` would favour low codes).
 */
export function randomDigits(length: number): string {
  const range = 10 ** length
  const limit = Math.floor(0x1_0000_0000 / range) * range
  const buffer = new Uint32Array(1)
  for (;;) {
    crypto.getRandomValues(buffer)
    const value = buffer[0]!
    if (value < limit) return String(value % range).padStart(length, '0')
  }
}

/** An HMAC-SHA256 key from raw secret bytes. */
export function importHmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
}

export async function hmac(key: CryptoKey, message: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message))))
}

/** Constant-time check of `mac` (base64url) against `message` (Web Crypto's verify compares in constant time). */
export async function hmacVerify(key: CryptoKey, mac: string, message: string): Promise<boolean> {
  const bytes = fromBase64Url(mac)
  if (!bytes) return false
  return crypto.subtle.verify('HMAC', key, bytes, encoder.encode(message))
}

const SEAL_INFO = encoder.encode('latchkey refresh child v1')

/** AES-256-GCM key derived (HKDF-SHA256) from a refresh token: only its holder can derive it. */
async function sealingKey(token: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(token), 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: SEAL_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/**
 * Encrypts `secret` under a key derived from `token`, bound to `context` (authenticated data).
 * Used to keep a rotated refresh token's child so a retry within the grace window can get it
 * back, while the database alone holds nothing usable.
 */
export async function seal(token: string, secret: string, context: string): Promise<string> {
  const iv = randomBytes(12)
  const cipher = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    await sealingKey(token),
    encoder.encode(secret),
  )
  const out = new Uint8Array(12 + cipher.byteLength)
  out.set(iv)
  out.set(new Uint8Array(cipher), 12)
  return toBase64Url(out)
}

/** Reverses `seal`; `undefined` when the token, context or ciphertext do not match. */
export async function unseal(token: string, sealed: string, context: string): Promise<string | undefined> {
  const bytes = fromBase64Url(sealed)
  if (!bytes || bytes.length < 13) return undefined
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: encoder.encode(context) },
      await sealingKey(token),
      bytes.slice(12),
    )
    return new TextDecoder().decode(plain)
  } catch {
    return undefined
  }
}
