import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose'
import type { JSONWebKeySet } from 'jose'
import type { AccessTokenClaims } from '../core/protocol.js'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './constants.js'
import { unauthorized } from './errors.js'

export interface VerifyAccessTokenOptions {
  /** The auth server's JWKS URL (`https://app.example.com/auth/.well-known/jwks.json`) or the key set itself. */
  jwks: string | URL | JSONWebKeySet
  /** Expected `iss`. Default `'latchkey'`. */
  issuer?: string
  /** Expected `aud`. Default `'latchkey'`. */
  audience?: string
  /** Seconds of clock difference tolerated on `exp`/`iat`. Default 0. */
  clockTolerance?: number
  /** The current time in ms. Default `Date.now()`. For tests. */
  now?: () => number
}

type KeyLookup = ReturnType<typeof createRemoteJWKSet>
// One remote key set per URL: jose caches the keys and refetches on an unknown `kid`.
const remote = new Map<string, KeyLookup>()

function keyLookup(jwks: VerifyAccessTokenOptions['jwks']): KeyLookup | ReturnType<typeof createLocalJWKSet> {
  if (typeof jwks === 'string' || jwks instanceof URL) {
    const url = String(jwks)
    let lookup = remote.get(url)
    if (!lookup) remote.set(url, (lookup = createRemoteJWKSet(new URL(url))))
    return lookup
  }
  return createLocalJWKSet(jwks)
}

/**
 * Verifies a latchkey access token in an app backend: ES256 signature against the server's
 * JWKS, issuer, audience and expiry. Returns the claims (`sub` is the user, `sid` the session,
 * `verified_credentials` their emails and wallets). Throws `AuthServerError` `401
 * token_expired` or `401 unauthorized`; a JWKS that cannot be fetched throws jose's error.
 *
 * A token stays valid until `exp` even if its session was revoked sooner; ask the server
 * (`GET /me`) where instant revocation matters.
 *
 * @example
 * import { verifyAccessToken } from 'latchkey/server'
 * const claims = await verifyAccessToken(token, { jwks: 'https://app.example.com/auth/.well-known/jwks.json' })
 * console.log(claims.sub, claims.verified_credentials)
 */
export async function verifyAccessToken(token: string, options: VerifyAccessTokenOptions): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, keyLookup(options.jwks), {
      algorithms: ['ES256'],
      issuer: options.issuer ?? DEFAULT_ISSUER,
      audience: options.audience ?? DEFAULT_AUDIENCE,
      requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
      ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
    })
    return payload as unknown as AccessTokenClaims
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'The access token has expired. Refresh it and retry.')
    if (TOKEN_ERRORS.some((type) => error instanceof type)) {
      throw unauthorized('unauthorized', 'The access token is missing or not valid. Sign in again.')
    }
    // The key set could not be fetched or read: not the token's fault.
    throw error
  }
}

/** jose errors that mean "this token is not good" (others are about reaching the key set). */
const TOKEN_ERRORS = [
  joseErrors.JWSInvalid,
  joseErrors.JWTInvalid,
  joseErrors.JWSSignatureVerificationFailed,
  joseErrors.JWTClaimValidationFailed,
  joseErrors.JOSEAlgNotAllowed,
  joseErrors.JOSENotSupported,
  joseErrors.JWKSNoMatchingKey,
  joseErrors.JWKSMultipleMatchingKeys,
]
