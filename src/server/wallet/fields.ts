import { DEFAULT_LEEWAY_MS, MAX_MESSAGE_BYTES } from './constants.js'
import { WalletVerificationError } from './errors.js'

/**
 * What the server accepts in a sign-in message. Shared by `verifySiwe` (chain ids are
 * numbers) and `verifySiws` (chain ids are strings such as `solana:mainnet`).
 */
export interface MessageExpectations<ChainId> {
  /** The nonce the server issued. When omitted, the caller must check the returned `nonce` itself. */
  nonce?: string
  /**
   * Accepted domains: an authority (`app.example.com`, `localhost:5173`) or an origin
   * (`https://app.example.com`). An origin also checks the message's scheme, which
   * EIP-4361 defaults to `https` when the message has none. Compared case-insensitively.
   */
  domains: readonly string[]
  /** Accepted `URI:` values: an exact list, or a predicate. When omitted, any URI is accepted. */
  uris?: readonly string[] | ((uri: string) => boolean)
  /** Accepted chains. When omitted, any chain is accepted. */
  chainIds?: readonly ChainId[]
  /** The moment of verification, in milliseconds since the epoch (the server's clock). */
  now: number
  /** Tolerance for clock differences, in milliseconds. Defaults to 60 000. */
  leewayMs?: number
  /**
   * Refuse an `Issued At:` later than `now` (beyond the leeway) as `message_not_yet_valid`.
   * EIP-4361 itself sets no such rule; a client clock far ahead of the server's is a
   * replayed or forged message more often than not. Defaults to `true`.
   */
  rejectFutureIssuedAt?: boolean
}

/** The fields both verifiers check, already parsed. Times in milliseconds. @internal */
export interface CheckedFields<ChainId> {
  scheme: string | undefined
  domain: string
  uri: string | undefined
  chainId: ChainId | undefined
  nonce: string
  issuedAt: number
  expirationTime: number | undefined
  notBefore: number | undefined
}

/** Programmer errors in `expected` are a `TypeError` at the call, never a refusal of the user. @internal */
export function assertExpectations(fn: string, expected: MessageExpectations<unknown>): void {
  if (!expected || typeof expected !== 'object') throw new TypeError(`${fn}: pass the expected values as the second argument.`)
  if (!Array.isArray(expected.domains) || expected.domains.length === 0 || !expected.domains.every((d) => typeof d === 'string' && d !== ''))
    throw new TypeError(`${fn}: \`expected.domains\` must list at least one domain, e.g. ['app.example.com'].`)
  if (typeof expected.now !== 'number' || !Number.isFinite(expected.now))
    throw new TypeError(`${fn}: \`expected.now\` must be the current time in milliseconds (e.g. Date.now()).`)
  if (expected.leewayMs !== undefined && !(Number.isFinite(expected.leewayMs) && expected.leewayMs >= 0))
    throw new TypeError(`${fn}: \`expected.leewayMs\` must be a number of milliseconds, 0 or more.`)
  if (expected.uris !== undefined && typeof expected.uris !== 'function' && !Array.isArray(expected.uris))
    throw new TypeError(`${fn}: \`expected.uris\` must be a list of URIs or a predicate.`)
  if (expected.chainIds !== undefined && !Array.isArray(expected.chainIds))
    throw new TypeError(`${fn}: \`expected.chainIds\` must be a list.`)
}

/** Refuses a message that is not a string or is larger than `MAX_MESSAGE_BYTES`. @internal */
export function assertMessageSize(message: unknown): asserts message is string {
  if (typeof message !== 'string' || message === '')
    throw new WalletVerificationError('malformed_message', 'Send the signed sign-in message as a non-empty string.')
  // UTF-8 never has fewer bytes than UTF-16 has code units: a long string is refused before it is encoded.
  if (message.length > MAX_MESSAGE_BYTES || new TextEncoder().encode(message).length > MAX_MESSAGE_BYTES)
    throw new WalletVerificationError(
      'malformed_message',
      `The sign-in message is larger than ${MAX_MESSAGE_BYTES} bytes: sign the message the server's nonce was issued for, without extra content.`,
    )
}

/**
 * The checks on the message's fields, in this order: domain (and scheme), URI, chain,
 * times (expiry, not-before, issued-at), nonce. The signature is checked after these by
 * the caller: a refusal here costs no signature recovery and no RPC call.
 * @internal
 */
export function checkFields<ChainId>(fields: CheckedFields<ChainId>, expected: MessageExpectations<ChainId>): void {
  if (!domainAllowed(fields.scheme, fields.domain, expected.domains))
    throw new WalletVerificationError(
      'domain_mismatch',
      `The message was made for ${fields.scheme ? `${fields.scheme}://` : ''}${fields.domain}, not for this site: sign in again from this page.`,
    )

  if (expected.uris !== undefined) {
    const uris = expected.uris
    const allowed = fields.uri !== undefined && (typeof uris === 'function' ? uris(fields.uri) : uris.includes(fields.uri))
    if (!allowed)
      throw new WalletVerificationError(
        'uri_mismatch',
        fields.uri === undefined
          ? 'The message has no URI: sign in again from this page.'
          : `The message's URI (${fields.uri}) is not one this server accepts: sign in again from this page.`,
      )
  }

  if (expected.chainIds !== undefined && (fields.chainId === undefined || !expected.chainIds.includes(fields.chainId)))
    throw new WalletVerificationError(
      'chain_not_allowed',
      fields.chainId === undefined
        ? `The message names no chain: this server accepts ${expected.chainIds.join(', ')}.`
        : `Chain ${String(fields.chainId)} is not accepted here: switch the wallet to ${expected.chainIds.join(', ')} and sign in again.`,
    )

  const leeway = expected.leewayMs ?? DEFAULT_LEEWAY_MS
  const now = expected.now
  if (fields.expirationTime !== undefined && now - leeway >= fields.expirationTime)
    throw new WalletVerificationError('message_expired', 'The sign-in message has expired: sign in again.')
  if (fields.notBefore !== undefined && now + leeway < fields.notBefore)
    throw new WalletVerificationError(
      'message_not_yet_valid',
      "The sign-in message is not valid yet (its Not Before time is in the future): check the device's clock and sign in again.",
    )
  if ((expected.rejectFutureIssuedAt ?? true) && now + leeway < fields.issuedAt)
    throw new WalletVerificationError(
      'message_not_yet_valid',
      "The sign-in message was issued in the future: check the device's clock and sign in again.",
    )

  if (expected.nonce !== undefined && fields.nonce !== expected.nonce)
    throw new WalletVerificationError(
      'nonce_mismatch',
      'The message does not carry the nonce this server issued: request a new nonce and sign in again.',
    )
}

function domainAllowed(scheme: string | undefined, domain: string, domains: readonly string[]): boolean {
  const host = domain.toLowerCase()
  return domains.some((entry) => {
    const split = entry.indexOf('://')
    if (split === -1) return entry.toLowerCase() === host
    const entryScheme = entry.slice(0, split).toLowerCase()
    const entryHost = entry.slice(split + 3).replace(/\/+$/, '').toLowerCase()
    // EIP-4361: "If scheme is not specified, HTTPS is assumed by default."
    return entryHost === host && entryScheme === (scheme ?? 'https').toLowerCase()
  })
}

const ISO_8601 =
  /^(?<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/**
 * An RFC 3339 date-time (the `date-time` of EIP-4361's ABNF) to milliseconds, or
 * `undefined` when it is not one, including impossible dates such as February 31
 * (which `Date.parse` would silently roll over into March).
 * @internal
 */
export function parseDateTime(text: string): number | undefined {
  const match = ISO_8601.exec(text)
  const date = match?.groups?.date
  if (!date) return undefined
  const ms = Date.parse(text.replace(/:60(?=[.Zz+-])/, ':59'))
  if (!Number.isFinite(ms)) return undefined
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return undefined
  return ms
}
