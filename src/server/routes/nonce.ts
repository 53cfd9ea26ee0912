import type { NonceResponse } from '../../core/protocol.js'
import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { NONCE_KEEP_EXPIRED, NONCE_LENGTH, NONCE_TTL } from '../constants.js'
import { randomBytes } from '../crypto.js'
import { invalidField, AuthServerError } from '../errors.js'
import { json, readJson } from '../http.js'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * A uniformly random base62 string: EIP-4361 nonces are alphanumeric. Bytes at or above 248
 * (the largest multiple of 62 under 256) are drawn again, so no character is more likely.
 */
function randomAlphanumeric(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62]
    }
  }
  return out
}

/**
 * `POST /nonce` `{ purpose: 'sign-in' | 'link' }`: a single-use nonce for a wallet message,
 * valid 10 minutes. Sign-in nonces are bound to nothing (connect and sign can be one step);
 * a `link` nonce needs a session and works only for it.
 */
export const nonce: RouteHandler = async (ctx) => {
  const body = await readJson(ctx.request)
  const purpose = body.purpose
  if (purpose === undefined) throw new AuthServerError(400, 'invalid_request', "`purpose` is required: 'sign-in' or 'link'.")
  if (purpose !== 'sign-in' && purpose !== 'link') throw invalidField('purpose', "'sign-in' or 'link'")
  const sessionId = purpose === 'link' ? (await authenticate(ctx)).session.id : null
  const now = ctx.now()
  const value = randomAlphanumeric(NONCE_LENGTH)
  const expiresAt = now + NONCE_TTL * 1000
  await ctx.store.putNonce({
    nonce: { nonce: value, purpose, sessionId, createdAt: now, expiresAt, usedAt: null },
    pruneBefore: now - NONCE_KEEP_EXPIRED * 1000,
  })
  return json({ nonce: value, expiresAt, serverNow: now } satisfies NonceResponse)
}
