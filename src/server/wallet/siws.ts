import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { MAX_SIGNATURE_CHARS } from './constants.js'
import { WalletVerificationError } from './errors.js'
import { assertExpectations, assertMessageSize, checkFields, parseDateTime, type MessageExpectations } from './fields.js'

/**
 * The fields of a Sign-In-With-Solana message, as written in it. Only `domain` and
 * `address` are required by the SIWS format; `verifySiws` also requires `nonce` and `issuedAt`.
 */
export interface SiwsMessageFields {
  /** An RFC 3986 authority: host, optional port, optional userinfo. */
  domain: string
  /** The base58 public key of the signing account. */
  address: string
  statement: string | undefined
  uri: string | undefined
  version: '1' | undefined
  /** As written: `mainnet`, `devnet`, `solana:mainnet`, ... */
  chainId: string | undefined
  nonce: string | undefined
  issuedAt: string | undefined
  expirationTime: string | undefined
  notBefore: string | undefined
  requestId: string | undefined
  resources: string[] | undefined
}

/** What `verifySiws` accepts. `chainIds` may use either form (`mainnet` or `solana:mainnet`). */
export type SiwsExpectations = MessageExpectations<string>

/** A verified Sign-In-With-Solana message. Times in milliseconds since the epoch. */
export interface SiwsVerification {
  /** The signer: the message's base58 address. */
  address: string
  /** The chain in its Wallet Standard form (`solana:mainnet`), when the message names one. */
  chainId: string | undefined
  /** The message's nonce: consume it in the store (atomically) before issuing tokens. */
  nonce: string
  issuedAt: number
  expirationTime: number | undefined
  fields: SiwsMessageFields
}

const HEADER = / wants you to sign in with your Solana account:$/
// RFC 3986 authority characters (userinfo@host:port, IP literals in brackets).
const AUTHORITY = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@[\]]+$/
const BASE58_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/
// SIWS ABNF: message-statement = 1*( reserved / unreserved / " " ), so one line of printable ASCII.
const STATEMENT = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]+$/
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/
const NONCE = /^[A-Za-z0-9]{8,}$/
const REQUEST_ID = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@]*$/
const CHAINS = ['mainnet', 'testnet', 'devnet', 'localnet', 'solana:mainnet', 'solana:testnet', 'solana:devnet'] as const

type FieldKey = 'uri' | 'version' | 'chainId' | 'nonce' | 'issuedAt' | 'expirationTime' | 'notBefore' | 'requestId'
/** The advanced fields in the only order the format allows. */
const FIELDS: Array<[title: string, key: FieldKey, valid: (value: string) => boolean]> = [
  ['URI: ', 'uri', (v) => URI.test(v)],
  ['Version: ', 'version', (v) => v === '1'],
  ['Chain ID: ', 'chainId', (v) => (CHAINS as readonly string[]).includes(v)],
  ['Nonce: ', 'nonce', (v) => NONCE.test(v)],
  ['Issued At: ', 'issuedAt', (v) => parseDateTime(v) !== undefined],
  ['Expiration Time: ', 'expirationTime', (v) => parseDateTime(v) !== undefined],
  ['Not Before: ', 'notBefore', (v) => parseDateTime(v) !== undefined],
  ['Request ID: ', 'requestId', (v) => REQUEST_ID.test(v)],
]
const RESOURCES = 'Resources:'
const isFieldLine = (line: string) => line === RESOURCES || FIELDS.some(([title]) => line.startsWith(title))

function malformed(detail: string): WalletVerificationError {
  return new WalletVerificationError(
    'malformed_message',
    `The sign-in message is not a valid Sign-In-With-Solana message (${detail}): sign in again from the app, without editing the message.`,
  )
}

/**
 * Parses a Sign-In-With-Solana message (the `sign-in-with-solana` ABNF of the SIWS
 * specification, which the Wallet Standard's `solana:signIn` feature produces): LF line
 * ends, fields in their fixed order, each at most once, nothing after the last one.
 * Throws `WalletVerificationError('malformed_message')` when the text is not one.
 */
export function parseSiwsMessage(message: string): SiwsMessageFields {
  assertMessageSize(message)
  const lines = message.split('\n')
  const header = lines[0] ?? ''
  if (!HEADER.test(header)) throw malformed('the first line must be "<domain> wants you to sign in with your Solana account:"')
  const domain = header.replace(HEADER, '')
  if (!AUTHORITY.test(domain)) throw malformed('the domain is not an RFC 3986 authority')
  const address = lines[1]
  if (address === undefined || !BASE58_ADDRESS.test(address) || decodeBase58(address)?.length !== 32)
    throw malformed('the second line must be the base58 address of a Solana account')

  const fields: SiwsMessageFields = {
    domain,
    address,
    statement: undefined,
    uri: undefined,
    version: undefined,
    chainId: undefined,
    nonce: undefined,
    issuedAt: undefined,
    expirationTime: undefined,
    notBefore: undefined,
    requestId: undefined,
    resources: undefined,
  }

  let i = 2
  if (i === lines.length) return fields
  if (lines[i] !== '') throw malformed('a blank line must follow the address')
  i++
  // A blank line, then either the statement or the first advanced field.
  if (i < lines.length && !isFieldLine(lines[i]!)) {
    const statement = lines[i]!
    if (!STATEMENT.test(statement)) throw malformed('the statement must be one line of printable ASCII')
    fields.statement = statement
    i++
    if (i === lines.length) return fields
    if (lines[i] !== '') throw malformed('a blank line must follow the statement')
    i++
  }
  if (i === lines.length) throw malformed('the message ends with a blank line')

  let next = 0
  for (; i < lines.length && lines[i] !== RESOURCES; i++) {
    const line = lines[i]!
    const at = FIELDS.findIndex(([title]) => line.startsWith(title))
    if (at === -1) throw malformed(`unexpected line "${line.slice(0, 40)}"`)
    if (at < next) throw malformed(`"${FIELDS[at]![0].trim()}" is out of order or repeated`)
    const [title, key, valid] = FIELDS[at]!
    const value = line.slice(title.length)
    if (!valid(value)) throw malformed(`"${title.trim()}" has an invalid value`)
    ;(fields as unknown as Record<FieldKey, string>)[key] = value
    next = at + 1
  }
  if (i < lines.length) {
    i++ // "Resources:"
    fields.resources = []
    for (; i < lines.length; i++) {
      const line = lines[i]!
      if (!line.startsWith('- ') || !URI.test(line.slice(2))) throw malformed('each resource must be a line "- <URI>"')
      fields.resources.push(line.slice(2))
    }
  }
  return fields
}

/**
 * Verifies a signed Sign-In-With-Solana message: an ed25519 signature over the exact
 * UTF-8 bytes of `message`, by the account the message names.
 *
 * - `message` is the signed text. From `solana:signIn` / `solana:signMessage` output, send
 *   `new TextDecoder('utf-8', { fatal: true }).decode(signedMessage)`: SIWS messages are
 *   ASCII, so the text and the signed bytes are the same thing.
 * - `signature` is base58 (Solana's usual encoding), 64 bytes once decoded.
 * - `address`, optional, is the account the wallet reports as the signer; it must be the
 *   message's address.
 *
 * Checks in the same order as `verifySiwe`, with the same codes: size and syntax, then
 * domain, URI, chain, times and nonce, then the signature.
 *
 * @example
 * const { address, nonce } = verifySiws(
 *   { message, signature, address: account.address },
 *   { domains: ['app.example.com'], chainIds: ['solana:mainnet'], nonce: issuedNonce, now: Date.now() },
 * )
 */
export function verifySiws(input: { message: string; signature: string; address?: string }, expected: SiwsExpectations): SiwsVerification {
  assertExpectations('verifySiws', expected)
  const fields = parseSiwsMessage(input?.message)
  if (fields.nonce === undefined) throw malformed('it has no "Nonce:"; the server needs the nonce it issued')
  if (fields.issuedAt === undefined) throw malformed('it has no "Issued At:"')
  const issuedAt = parseDateTime(fields.issuedAt)!
  const expirationTime = fields.expirationTime === undefined ? undefined : parseDateTime(fields.expirationTime)
  const notBefore = fields.notBefore === undefined ? undefined : parseDateTime(fields.notBefore)
  const chainId = fields.chainId === undefined ? undefined : normalizeChain(fields.chainId)

  checkFields(
    { scheme: undefined, domain: fields.domain, uri: fields.uri, chainId, nonce: fields.nonce, issuedAt, expirationTime, notBefore },
    { ...expected, chainIds: expected.chainIds?.map(normalizeChain) },
  )

  const signature = decodeSignature(input.signature)
  if (input.address !== undefined && input.address !== fields.address)
    throw new WalletVerificationError(
      'invalid_signature',
      `The wallet reports ${String(input.address)} as the signer, but the message is for ${fields.address}: sign in again with one account.`,
    )
  const publicKey = decodeBase58(fields.address)!
  if (!verifyEd25519(signature, new TextEncoder().encode(input.message), publicKey))
    throw new WalletVerificationError('invalid_signature', `The signature was not made by ${fields.address} over this message: sign in again.`)

  return { address: fields.address, chainId, nonce: fields.nonce, issuedAt, expirationTime, fields }
}

/** `mainnet` and `solana:mainnet` name the same chain; the Wallet Standard form is kept. */
function normalizeChain(chain: string): string {
  return chain.startsWith('solana:') ? chain : `solana:${chain}`
}

function decodeSignature(signature: unknown): Uint8Array {
  if (typeof signature !== 'string' || signature === '')
    throw new WalletVerificationError('invalid_signature', 'Send the signature as a base58 string.')
  if (signature.length > MAX_SIGNATURE_CHARS)
    throw new WalletVerificationError('invalid_signature', 'The signature is far too long: send the 64-byte ed25519 signature, base58-encoded.')
  const bytes = decodeBase58(signature)
  if (!bytes) throw new WalletVerificationError('invalid_signature', 'The signature is not valid base58: send the signature the wallet returned, base58-encoded.')
  if (bytes.length !== 64)
    throw new WalletVerificationError('invalid_signature', `The signature is ${bytes.length} bytes long; an ed25519 signature has 64.`)
  return bytes
}

function decodeBase58(text: string): Uint8Array | undefined {
  try {
    return base58.decode(text)
  } catch {
    return undefined
  }
}

function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    // Strict RFC 8032 verification (not ZIP-215): no non-canonical encodings, so one valid signature per message.
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    // A public key that is not a curve point.
    return false
  }
}
