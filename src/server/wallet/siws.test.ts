// @vitest-environment node
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58, base64 } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { createSignInMessageText } from '../../testing/wallets/solanaTestWallet.js'
import { WalletVerificationError } from './errors.js'
import { parseSiwsMessage, verifySiws, type SiwsExpectations } from './siws.js'

// Fixed seeds: the same keys on every run.
const seed = (byte: number) => new Uint8Array(32).fill(byte)
const key = (byte: number) => ({ secretKey: seed(byte), address: base58.encode(ed25519.getPublicKey(seed(byte))) })
const alice = key(1)
const bob = key(2)

const NOW = Date.parse('2026-05-01T12:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

type Fields = Parameters<typeof createSignInMessageText>[0]
/** A wallet's SIWS text: the test wallet's writer (what the verifier must read). */
const formatSiws = (fields: Fields) => createSignInMessageText(fields)

function fieldsFor(overrides: Partial<Fields> = {}): Fields {
  return {
    domain: 'app.example.com',
    address: alice.address,
    statement: 'Sign in to Example.',
    uri: 'https://app.example.com/login',
    version: '1',
    chainId: 'solana:mainnet',
    nonce: 'n0nce1234abcd',
    issuedAt: iso(NOW - 5_000),
    expirationTime: iso(NOW + 10 * 60_000),
    ...overrides,
  }
}

function signed(overrides: Partial<Fields> = {}, signer = alice) {
  const message = formatSiws(fieldsFor(overrides))
  const signature = base58.encode(ed25519.sign(new TextEncoder().encode(message), signer.secretKey))
  return { message, signature }
}

const expected = (overrides: Partial<SiwsExpectations> = {}): SiwsExpectations => ({
  domains: ['app.example.com'],
  uris: ['https://app.example.com/login'],
  chainIds: ['solana:mainnet', 'solana:devnet'],
  nonce: 'n0nce1234abcd',
  now: NOW,
  ...overrides,
})

function codeOf(input: { message: string; signature: string; address?: string }, options = expected()): string {
  try {
    verifySiws(input, options)
  } catch (error) {
    expect(error).toBeInstanceOf(WalletVerificationError)
    return (error as WalletVerificationError).code
  }
  throw new Error('expected a refusal')
}

describe('parseSiwsMessage', () => {
  test('default', () => {
    const resources = ['https://app.example.com/terms', 'ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi']
    expect(parseSiwsMessage(formatSiws(fieldsFor({ notBefore: iso(NOW), requestId: 'req-1', resources })))).toEqual({
      domain: 'app.example.com',
      address: alice.address,
      statement: 'Sign in to Example.',
      uri: 'https://app.example.com/login',
      version: '1',
      chainId: 'solana:mainnet',
      nonce: 'n0nce1234abcd',
      issuedAt: iso(NOW - 5_000),
      expirationTime: iso(NOW + 10 * 60_000),
      notBefore: iso(NOW),
      requestId: 'req-1',
      resources,
    })
  })

  test('behavior: the minimal message and the optional parts', () => {
    expect(parseSiwsMessage(`localhost:5173 wants you to sign in with your Solana account:\n${alice.address}`)).toMatchObject({
      domain: 'localhost:5173',
      address: alice.address,
      statement: undefined,
      nonce: undefined,
    })
    const noStatement = formatSiws(fieldsFor({ statement: undefined }))
    expect(parseSiwsMessage(noStatement)).toMatchObject({ statement: undefined, uri: 'https://app.example.com/login' })
    const statementOnly = formatSiws({ domain: 'app.example.com', address: alice.address, statement: 'Hello there.' })
    expect(parseSiwsMessage(statementOnly)).toMatchObject({ statement: 'Hello there.', uri: undefined })
    for (const chainId of ['mainnet', 'devnet', 'testnet', 'localnet', 'solana:devnet'])
      expect(parseSiwsMessage(formatSiws(fieldsFor({ chainId })))).toMatchObject({ chainId })
  })

  test.each([
    ['an Ethereum header', (m: string) => m.replace('Solana account', 'Ethereum account')],
    ['no domain', (m: string) => m.replace('app.example.com wants', ' wants')],
    ['a domain with a space', (m: string) => m.replace('app.example.com wants', 'app example.com wants')],
    ['an address that is not base58', (m: string) => m.replace(alice.address, `0${alice.address.slice(1)}`)],
    ['an address of the wrong length', (m: string) => m.replace(alice.address, alice.address.slice(0, 33))],
    ['an EVM address', (m: string) => m.replace(alice.address, '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2')],
    ['a statement on two lines', (m: string) => m.replace('Sign in to Example.', 'Sign in\nto Example.')],
    ['fields out of order', (m: string) => m.replace(/(Version: 1)\n(Chain ID: solana:mainnet)/, '$2\n$1')],
    ['a repeated field', (m: string) => m.replace('Version: 1', 'Version: 1\nVersion: 1')],
    ['version 2', (m: string) => m.replace('Version: 1', 'Version: 2')],
    ['an unknown chain', (m: string) => m.replace('solana:mainnet', 'mainnet-beta')],
    ['a short nonce', (m: string) => m.replace('n0nce1234abcd', 'abc123')],
    ['a nonce with symbols', (m: string) => m.replace('n0nce1234abcd', 'n0nce-1234-abcd')],
    ['February 31st', (m: string) => m.replace(/Issued At: [^\n]+/, 'Issued At: 2026-02-31T10:00:00Z')],
    ['a date that is not ISO 8601', (m: string) => m.replace(/Expiration Time: [^\n]+/, 'Expiration Time: Wed Oct 05 2011 16:48:00 GMT+0200')],
    ['a URI that is not one', (m: string) => m.replace('URI: https://app.example.com/login', 'URI: not a uri')],
    ['an unknown line', (m: string) => `${m}\nFoo: bar`],
    ['a trailing newline', (m: string) => `${m}\n`],
    ['CRLF line ends', (m: string) => m.replaceAll('\n', '\r\n')],
    ['a resource that is not a URI', (m: string) => `${m}\nResources:\n- not a uri`],
  ])('behavior: refuses %s as malformed_message', (_name, edit) => {
    const message = edit(formatSiws(fieldsFor()))
    expect(() => parseSiwsMessage(message)).toThrowError(expect.objectContaining({ code: 'malformed_message' }))
  })
})

describe('verifySiws', () => {
  test('default', () => {
    expect(verifySiws({ ...signed(), address: alice.address }, expected())).toEqual({
      address: alice.address,
      chainId: 'solana:mainnet',
      nonce: 'n0nce1234abcd',
      issuedAt: NOW - 5_000,
      expirationTime: NOW + 10 * 60_000,
      fields: expect.objectContaining({ domain: 'app.example.com', statement: 'Sign in to Example.' }),
    })
  })

  test('behavior: a wrong account is invalid_signature', () => {
    // Signed by bob for a message naming alice.
    expect(codeOf(signed({}, bob))).toBe('invalid_signature')
    // A message naming bob, signed by alice.
    expect(codeOf(signed({ address: bob.address }, alice))).toBe('invalid_signature')
    // The wallet says bob signed a message naming alice.
    expect(codeOf({ ...signed(), address: bob.address })).toBe('invalid_signature')
  })

  test('behavior: a tampered message is invalid_signature', () => {
    const { message, signature } = signed()
    expect(codeOf({ message: message.replace('Sign in to Example.', 'Sign in to Exampl3.'), signature })).toBe('invalid_signature')
  })

  test('behavior: bad base58 and wrong-length signatures are invalid_signature', () => {
    const { message, signature } = signed()
    expect(codeOf({ message, signature: `${signature.slice(0, -1)}0` })).toBe('invalid_signature') // '0' is not base58
    expect(codeOf({ message, signature: `${signature.slice(0, -2)}I` })).toBe('invalid_signature') // nor 'I'
    expect(codeOf({ message, signature: base58.encode(new Uint8Array(63).fill(7)) })).toBe('invalid_signature')
    expect(codeOf({ message, signature: base58.encode(new Uint8Array(65).fill(7)) })).toBe('invalid_signature')
    expect(codeOf({ message, signature: base64.encode(base58.decode(signature)) })).toBe('invalid_signature') // base64 is not accepted
    expect(codeOf({ message, signature: '' })).toBe('invalid_signature')
    expect(codeOf({ message, signature: 'z'.repeat(5000) })).toBe('invalid_signature')
    expect(codeOf({ message, signature: 7 as unknown as string })).toBe('invalid_signature')
    // 64 bytes that are no signature at all.
    expect(codeOf({ message, signature: base58.encode(new Uint8Array(64).fill(255)) })).toBe('invalid_signature')
  })

  test('behavior: an address that is not on the curve is invalid_signature, never a crash', () => {
    // 32 bytes of base58 that decode to a y-coordinate with no point on ed25519.
    const offCurve = Array.from({ length: 256 }, (_, i) => new Uint8Array(32).fill(i)).find((bytes) => {
      try {
        ed25519.Point.fromBytes(bytes)
        return false
      } catch {
        return true
      }
    })!
    const address = base58.encode(offCurve)
    expect(codeOf(signed({ address }))).toBe('invalid_signature')
  })

  test('behavior: oversized and missing messages are malformed_message', () => {
    expect(codeOf(signed({ statement: 'x'.repeat(5000) }))).toBe('malformed_message')
    expect(codeOf({ message: undefined as unknown as string, signature: signed().signature })).toBe('malformed_message')
    expect(codeOf(signed({ nonce: undefined }), expected({ nonce: undefined }))).toBe('malformed_message')
    expect(codeOf(signed({ issuedAt: undefined }))).toBe('malformed_message')
  })

  test('parameters: domains', () => {
    expect(codeOf(signed({ domain: 'evil.example.com' }))).toBe('domain_mismatch')
    expect(verifySiws(signed({ domain: 'localhost:5173' }), expected({ domains: ['localhost:5173'] })).address).toBe(alice.address)
    expect(verifySiws(signed(), expected({ domains: ['https://app.example.com'] })).address).toBe(alice.address)
  })

  test('parameters: uris', () => {
    expect(codeOf(signed({ uri: 'https://evil.example.com/login' }))).toBe('uri_mismatch')
    expect(codeOf(signed({ uri: undefined }))).toBe('uri_mismatch')
    expect(verifySiws(signed({ uri: undefined }), expected({ uris: undefined })).fields.uri).toBeUndefined()
  })

  test('parameters: chainIds (either form)', () => {
    expect(codeOf(signed({ chainId: 'testnet' }))).toBe('chain_not_allowed')
    expect(codeOf(signed({ chainId: undefined }))).toBe('chain_not_allowed')
    expect(verifySiws(signed({ chainId: 'mainnet' }), expected()).chainId).toBe('solana:mainnet')
    expect(verifySiws(signed({ chainId: 'solana:devnet' }), expected({ chainIds: ['devnet'] })).chainId).toBe('solana:devnet')
    expect(verifySiws(signed({ chainId: undefined }), expected({ chainIds: undefined })).chainId).toBeUndefined()
  })

  test('parameters: nonce', () => {
    expect(codeOf(signed({ nonce: 'someOtherNonce1' }))).toBe('nonce_mismatch')
    expect(verifySiws(signed({ nonce: 'someOtherNonce1' }), expected({ nonce: undefined })).nonce).toBe('someOtherNonce1')
  })

  test('parameters: now and leewayMs', () => {
    expect(codeOf(signed({ expirationTime: iso(NOW - 61_000) }))).toBe('message_expired')
    expect(verifySiws(signed({ expirationTime: iso(NOW - 30_000) }), expected()).address).toBe(alice.address)
    expect(codeOf(signed({ expirationTime: iso(NOW - 30_000) }), expected({ leewayMs: 0 }))).toBe('message_expired')
    expect(codeOf(signed({ notBefore: iso(NOW + 5 * 60_000) }))).toBe('message_not_yet_valid')
    expect(codeOf(signed({ issuedAt: iso(NOW + 5 * 60_000) }))).toBe('message_not_yet_valid')
    expect(verifySiws(signed({ issuedAt: iso(NOW + 5 * 60_000) }), expected({ rejectFutureIssuedAt: false })).address).toBe(alice.address)
  })

  test('behavior: fields are checked before the signature', () => {
    const { message } = signed({ domain: 'evil.example.com', nonce: 'wrongNonce99' })
    expect(codeOf({ message, signature: 'not-base58!' })).toBe('domain_mismatch')
    expect(codeOf({ message, signature: 'not-base58!' }, expected({ domains: ['evil.example.com'] }))).toBe('nonce_mismatch')
  })

  test('behavior: misuse of the expectations is a TypeError', () => {
    expect(() => verifySiws(signed(), { ...expected(), domains: [] })).toThrow(TypeError)
    expect(() => verifySiws(signed(), { ...expected(), now: Number.NaN })).toThrow(TypeError)
  })
})
