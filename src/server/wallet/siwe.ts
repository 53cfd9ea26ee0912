import { ParsedMessage } from '@spruceid/siwe-parser'
import { createClient, createPublicClient, custom, http, isAddressEqual, recoverMessageAddress, type Address, type Client, type Hex } from 'viem'
import { verifyMessage } from 'viem/actions'
import { MAX_SIGNATURE_CHARS } from './constants.js'
import { WalletVerificationError } from './errors.js'
import { assertExpectations, assertMessageSize, checkFields, parseDateTime, type MessageExpectations } from './fields.js'

/** The fields of an EIP-4361 (Sign-In with Ethereum) message, as written in it. */
export interface SiweMessageFields {
  /** The optional scheme before the domain (`https://app.example.com wants you…`). */
  scheme: string | undefined
  /** An RFC 3986 authority: host, optional port, optional userinfo. */
  domain: string
  /** EIP-55 checksummed. */
  address: Address
  statement: string | undefined
  uri: string
  version: '1'
  chainId: number
  nonce: string
  issuedAt: string
  expirationTime: string | undefined
  notBefore: string | undefined
  requestId: string | undefined
  resources: string[] | undefined
}

/** What `verifySiwe` accepts. */
export interface SiweExpectations extends MessageExpectations<number> {
  /**
   * A JSON-RPC URL used to check smart-contract wallet signatures (EIP-1271, EIP-6492) with
   * viem's universal verification, without retries. Plain wallet (EOA) signatures never need it.
   * A contract wallet's answer depends on the chain: give one URL per chain id
   * (`{ 1: 'https://…', 8453: 'https://…' }`) when `chainIds` allows several; a message for a
   * chain without a URL is treated as having no RPC.
   */
  rpcUrl?: string | Readonly<Record<number, string>>
  /** Like `rpcUrl`, with a viem client you configured yourself (or one per chain id). Wins over `rpcUrl`. */
  publicClient?: Client | ((chainId: number) => Client | undefined)
}

/** A verified Sign-In with Ethereum message. Times in milliseconds since the epoch. */
export interface SiweVerification {
  /** The signer, EIP-55 checksummed. */
  address: Address
  chainId: number
  /** The message's nonce: consume it in the store (atomically) before issuing tokens. */
  nonce: string
  issuedAt: number
  expirationTime: number | undefined
  /** `eoa` when the signature was recovered locally, `contract` when a smart-contract wallet vouched for it. */
  signer: 'eoa' | 'contract'
  fields: SiweMessageFields
}

const EOA_SIGNATURE_BYTES = 65

/**
 * Parses an EIP-4361 message with `@spruceid/siwe-parser`'s conformant ABNF parser
 * (viem's own parser accepts malformed messages; see TOOLCHAIN.md).
 * Throws `WalletVerificationError('malformed_message')` when the text is not one.
 *
 * In a browser bundle the parser needs the `buffer` module to resolve to the npm polyfill
 * (apg-js takes `Buffer` from it); without it, parsing throws a plain `Error` (a server fault),
 * never a `malformed_message` refusal.
 */
export function parseSiweMessage(message: string): SiweMessageFields {
  assertMessageSize(message)
  // EIP-4361's ABNF is ASCII only. apg-js counts characters by code point but is given the
  // UTF-16 length, so a character outside the BMP made it throw a plain Error (a 500): found by
  // the server fuzz test (server.fuzz.test.ts).
  if (/[\u0080-\uffff]/.test(message)) {
    throw new WalletVerificationError('malformed_message', 'The sign-in message has characters an EIP-4361 message cannot have: sign in again from the app, without editing the message.')
  }
  let parsed: ParsedMessage
  try {
    parsed = new ParsedMessage(message)
  } catch (error) {
    if (!isParseFailure(error))
      // Not the message's fault: e.g. apg-js (under siwe-parser) needs Node's `Buffer`, which a
      // browser bundle lacks unless `buffer` resolves to a polyfill. Surface it, never as a 400.
      throw new Error(
        `EIP-4361 parsing failed, not because of the message: ${String((error as Error)?.message ?? error)}. (In a browser, @spruceid/siwe-parser's apg-js needs \`buffer\` to resolve to a polyfill.)`,
        { cause: error },
      )
    throw new WalletVerificationError(
      'malformed_message',
      `The sign-in message is not a valid EIP-4361 message${describeParseError(error)}: sign in again from the app, without editing the message.`,
      { cause: error },
    )
  }
  if (!Number.isSafeInteger(parsed.chainId) || parsed.chainId < 1)
    throw new WalletVerificationError('malformed_message', `The message's Chain ID is not a usable chain id: sign in again from the app.`)
  return {
    scheme: parsed.scheme ?? undefined,
    domain: parsed.domain,
    address: parsed.address as Address,
    statement: parsed.statement ?? undefined,
    uri: parsed.uri,
    version: '1',
    chainId: parsed.chainId,
    nonce: parsed.nonce,
    issuedAt: parsed.issuedAt,
    expirationTime: parsed.expirationTime ?? undefined,
    notBefore: parsed.notBefore ?? undefined,
    requestId: parsed.requestId ?? undefined,
    resources: parsed.resources ?? undefined,
  }
}

/**
 * Verifies a signed Sign-In with Ethereum (EIP-4361) message.
 *
 * Checks, in this order, and throws `WalletVerificationError` with the first failure's code:
 * 1. size and syntax (`malformed_message`),
 * 2. the fields: domain, URI, chain, expiry / not-before / issued-at, nonce
 *    (`domain_mismatch`, `uri_mismatch`, `chain_not_allowed`, `message_expired`,
 *    `message_not_yet_valid`, `nonce_mismatch`),
 * 3. the signature (`invalid_signature`, `unsupported_signer`, `rpc_unavailable`).
 *
 * A 65-byte signature is recovered locally (no network). Anything else, or a 65-byte
 * signature that recovers to another address, is a smart-contract wallet's: it is checked
 * with viem's universal verification (EIP-1271 and EIP-6492) when `rpcUrl` or
 * `publicClient` is set, and refused otherwise.
 *
 * The nonce is only compared here; the route must also consume it (single use).
 *
 * @example
 * const { address, nonce } = await verifySiwe(
 *   { message, signature },
 *   { domains: ['app.example.com'], chainIds: [1], nonce: issuedNonce, now: Date.now() },
 * )
 */
export async function verifySiwe(
  input: { message: string; signature: string },
  expected: SiweExpectations,
): Promise<SiweVerification> {
  assertExpectations('verifySiwe', expected)
  const fields = parseSiweMessage(input?.message)
  const issuedAt = parseDateTime(fields.issuedAt)
  const expirationTime = fields.expirationTime === undefined ? undefined : parseDateTime(fields.expirationTime)
  const notBefore = fields.notBefore === undefined ? undefined : parseDateTime(fields.notBefore)
  // The parser has validated these already; this keeps the types honest.
  if (issuedAt === undefined || (fields.expirationTime !== undefined && expirationTime === undefined) || (fields.notBefore !== undefined && notBefore === undefined))
    throw new WalletVerificationError('malformed_message', 'A time in the sign-in message is not a valid date-time: sign in again.')

  checkFields(
    { scheme: fields.scheme, domain: fields.domain, uri: fields.uri, chainId: fields.chainId, nonce: fields.nonce, issuedAt, expirationTime, notBefore },
    expected,
  )

  const signer = await checkSignature(input.message, input.signature, fields.address, clientFor(fields.chainId, expected))
  return { address: fields.address, chainId: fields.chainId, nonce: fields.nonce, issuedAt, expirationTime, signer, fields }
}

function clientFor(chainId: number, expected: SiweExpectations): (() => Client) | undefined {
  const { publicClient, rpcUrl } = expected
  if (publicClient !== undefined) {
    const client = typeof publicClient === 'function' ? publicClient(chainId) : publicClient
    return client && (() => client)
  }
  const url = typeof rpcUrl === 'string' ? rpcUrl : rpcUrl?.[chainId]
  return url ? () => createPublicClient({ transport: http(url, { retryCount: 0 }) }) : undefined
}

async function checkSignature(message: string, signature: unknown, address: Address, client: (() => Client) | undefined): Promise<'eoa' | 'contract'> {
  if (typeof signature !== 'string' || signature === '')
    throw new WalletVerificationError('invalid_signature', 'Send the signature as a 0x-prefixed hex string.')
  if (signature.length > MAX_SIGNATURE_CHARS)
    throw new WalletVerificationError('invalid_signature', `The signature is longer than ${MAX_SIGNATURE_CHARS} characters: send the signature the wallet returned.`)
  if (!/^0x(?:[0-9a-fA-F]{2})+$/.test(signature))
    throw new WalletVerificationError('invalid_signature', 'The signature is not 0x-prefixed hex of whole bytes: send the signature the wallet returned.')
  const hex = signature as Hex
  const bytes = (hex.length - 2) / 2
  if (bytes < EOA_SIGNATURE_BYTES)
    throw new WalletVerificationError('invalid_signature', `The signature is ${bytes} bytes long; a wallet signature has at least ${EOA_SIGNATURE_BYTES}.`)

  if (bytes === EOA_SIGNATURE_BYTES && (await recoversTo(message, hex, address))) return 'eoa'

  if (!client) {
    if (bytes === EOA_SIGNATURE_BYTES)
      throw new WalletVerificationError(
        'invalid_signature',
        `The signature was not made by ${address}. (If that address is a smart-contract wallet, the server needs an RPC URL to check its signatures.)`,
      )
    throw new WalletVerificationError(
      'unsupported_signer',
      `${address} signed as a smart-contract wallet (EIP-1271 / EIP-6492), and this server has no RPC URL to check such signatures: sign in with a regular wallet, or configure an RPC URL.`,
    )
  }

  if (await verifiesOnchain(client(), { address, message, signature: hex })) return 'contract'
  throw new WalletVerificationError('invalid_signature', `The signature was not made by ${address}.`)
}

/**
 * viem's universal verification (EIP-6492's deployless validator, which also covers EIP-1271).
 * viem reads any failed `eth_call` as "not valid", an unreachable node included; the
 * requests are watched so that an outage is `rpc_unavailable` (retry) rather than a
 * signature the user is told is wrong. A revert is the contract's "no".
 */
async function verifiesOnchain(client: Client, parameters: { address: Address; message: string; signature: Hex }): Promise<boolean> {
  let outage: unknown
  const watched = createClient({
    chain: client.chain,
    transport: custom(
      {
        async request(args: { method: string; params?: unknown }) {
          try {
            return await client.request(args as Parameters<typeof client.request>[0])
          } catch (error) {
            if (!isRevert(error)) outage ??= error
            throw error
          }
        },
      },
      { retryCount: 0 },
    ),
  })
  let valid = false
  try {
    valid = await verifyMessage(watched, parameters)
  } catch (error) {
    outage ??= error
  }
  if (!valid && outage !== undefined)
    throw new WalletVerificationError('rpc_unavailable', 'The smart-contract wallet signature could not be checked because the RPC did not answer: try again shortly.', {
      cause: outage,
    })
  return valid
}

/** JSON-RPC `3` is "execution reverted" (EIP-1474); older nodes say it in the message of a `-32000`. */
function isRevert(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 3 || /revert/i.test(e.message)) return true
  }
  return false
}

async function recoversTo(message: string, signature: Hex, address: Address): Promise<boolean> {
  try {
    return isAddressEqual(await recoverMessageAddress({ message, signature }), address)
  } catch {
    // Not a point on the curve, a bad recovery byte, s out of range...: not this address's signature.
    return false
  }
}

/** siwe-parser reports a refused message as `line N: …`, `invalid message: …` or `Invalid message: …`. */
function isParseFailure(error: unknown): boolean {
  return error instanceof Error && /^(?:line \d+:|invalid message:)/i.test(error.message)
}

function describeParseError(error: unknown): string {
  const first = error instanceof Error ? error.message.split('\n')[0] : undefined
  return first && /^line \d+:/.test(first) ? ` (${first})` : ''
}
