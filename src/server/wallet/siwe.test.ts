// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createPublicClient, custom, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { MAX_MESSAGE_BYTES, MAX_SIGNATURE_CHARS } from './constants.js'
import { WalletVerificationError, type WalletVerificationCode } from './errors.js'
import { parseSiweMessage, verifySiwe, type SiweExpectations } from './siwe.js'

// Two well-known development keys (the first accounts of Hardhat/Anvil): never hold value.
const alice = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const bob = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

interface SiweFields {
  scheme?: string | null
  domain: string
  address: string
  statement?: string
  uri: string
  version: string
  chainId: number
  nonce: string
  issuedAt: string
  expirationTime?: string
  notBefore?: string
  requestId?: string
  resources?: string[]
}

/** EIP-4361's message layout (the same one the reference `siwe` library's `toMessage()` writes). */
function formatSiwe(f: SiweFields): string {
  const lines = [`${f.scheme ? `${f.scheme}://` : ''}${f.domain} wants you to sign in with your Ethereum account:`, f.address, '']
  lines.push(...(f.statement === undefined ? [''] : [f.statement, '']))
  lines.push(`URI: ${f.uri}`, `Version: ${f.version}`, `Chain ID: ${f.chainId}`, `Nonce: ${f.nonce}`, `Issued At: ${f.issuedAt}`)
  if (f.expirationTime) lines.push(`Expiration Time: ${f.expirationTime}`)
  if (f.notBefore) lines.push(`Not Before: ${f.notBefore}`)
  if (f.requestId) lines.push(`Request ID: ${f.requestId}`)
  if (f.resources) lines.push('Resources:', ...f.resources.map((r) => `- ${r}`))
  return lines.join('\n')
}

async function refusal(promise: Promise<unknown>): Promise<WalletVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'expected a refusal').toBeInstanceOf(WalletVerificationError)
  return error as WalletVerificationError
}

// ---------------------------------------------------------------------------------------
// EIP-4361 conformance: the reference suite's vectors, read from ../shared/vectors/siwe.

const vectorDir = path.resolve(process.cwd(), '../shared/vectors/siwe')
const haveVectors = existsSync(path.join(vectorDir, 'parsing_positive.json'))
const readVectors = <T,>(name: string): Record<string, T> =>
  haveVectors ? (JSON.parse(readFileSync(path.join(vectorDir, `${name}.json`), 'utf8')) as Record<string, T>) : {}

type VerificationVector = SiweFields & { signature: string; time?: string; domainBinding?: string; matchNonce?: string }
const parsingPositive = readVectors<{ message: string; fields: Record<string, unknown> }>('parsing_positive')
const parsingNegative = readVectors<string>('parsing_negative')
const verificationPositive = readVectors<VerificationVector>('verification_positive')
const verificationNegative = readVectors<VerificationVector>('verification_negative')

/** Each refused vector and the one code it must produce. */
const negativeCodes: Record<string, WalletVerificationCode> = {
  'expired message': 'message_expired',
  'domain binding': 'domain_mismatch',
  'custom time': 'message_expired',
  'custom nonce': 'nonce_mismatch',
  'malformed signature': 'invalid_signature', // 131 hex digits: not whole bytes
  'wrong signature': 'invalid_signature', // recovers to another address
  'not yet valid': 'message_not_yet_valid',
  'invalid issuedAt': 'malformed_message', // February 31st
  'invalid notBefore': 'malformed_message',
  'invalid expirationTime': 'malformed_message',
}

/**
 * What a server would inject for a vector: its domain (or `domainBinding`), its nonce (or
 * `matchNonce`), its URI and chain, and its `time` (else now). EIP-4361 puts no bound on
 * `Issued At`, and the vector "expired message" is verified at a `time` two years before
 * its `Issued At`, so the vectors run with latchkey's extra rule off (it is tested below).
 */
function vectorExpectations(v: VerificationVector): SiweExpectations {
  return {
    domains: [v.domainBinding ?? v.domain],
    nonce: v.matchNonce ?? v.nonce,
    uris: [v.uri],
    chainIds: [v.chainId],
    now: v.time === undefined ? Date.now() : Date.parse(v.time),
    rejectFutureIssuedAt: false,
  }
}

describe.skipIf(!haveVectors)(`EIP-4361 vectors (${vectorDir}; skipped when that folder is absent, as on a clone without shared/)`, () => {
  test('behavior: the suite is complete (48 parsing, 14 verification vectors) and every refusal has its code', () => {
    expect(Object.keys(parsingPositive)).toHaveLength(19)
    expect(Object.keys(parsingNegative)).toHaveLength(29)
    expect(Object.keys(verificationPositive)).toHaveLength(4)
    expect(Object.keys(verificationNegative).sort()).toEqual(Object.keys(negativeCodes).sort())
  })

  test.each(Object.entries(parsingPositive))('parsing_positive: %s', (_name, { message, fields }) => {
    const parsed = parseSiweMessage(message) as unknown as Record<string, unknown>
    for (const [key, value] of Object.entries(fields)) expect(parsed[key] ?? null, key).toEqual(value ?? null)
  })

  test.each(Object.entries(parsingNegative))('parsing_negative: %s', async (_name, message) => {
    expect(() => parseSiweMessage(message)).toThrowError(expect.objectContaining({ code: 'malformed_message' }))
    // ...and the verifier refuses it the same way, before looking at any signature.
    const error = await refusal(verifySiwe({ message, signature: '0x' }, { domains: ['service.org'], now: Date.now() }))
    expect(error.code).toBe('malformed_message')
  })

  test.each(Object.entries(verificationPositive))('verification_positive: %s', async (_name, vector) => {
    const result = await verifySiwe({ message: formatSiwe(vector), signature: vector.signature }, vectorExpectations(vector))
    expect(result.address).toBe(vector.address)
    expect(result.chainId).toBe(vector.chainId)
    expect(result.nonce).toBe(vector.nonce)
    expect(result.issuedAt).toBe(Date.parse(vector.issuedAt))
    expect(result.signer).toBe('eoa')
  })

  test.each(Object.entries(verificationNegative))('verification_negative: %s', async (name, vector) => {
    const error = await refusal(verifySiwe({ message: formatSiwe(vector), signature: vector.signature }, vectorExpectations(vector)))
    expect(error.code).toBe(negativeCodes[name])
  })

  test('behavior: by default an Issued At after now is refused ("expired message" at its own time)', async () => {
    const vector = verificationPositive['expired message']!
    const { rejectFutureIssuedAt: _, ...strict } = vectorExpectations(vector)
    const error = await refusal(verifySiwe({ message: formatSiwe(vector), signature: vector.signature }, strict))
    expect(error.code).toBe('message_not_yet_valid')
  })
})

// ---------------------------------------------------------------------------------------
// Messages signed here, with real keys.

const NOW = Date.parse('2026-05-01T12:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

function fieldsFor(overrides: Partial<SiweFields> = {}): SiweFields {
  return {
    domain: 'app.example.com',
    address: alice.address,
    statement: 'Sign in to Example.',
    uri: 'https://app.example.com/login',
    version: '1',
    chainId: 1,
    nonce: 'n0nce1234abcd',
    issuedAt: iso(NOW - 5_000),
    expirationTime: iso(NOW + 10 * 60_000),
    ...overrides,
  }
}

async function signed(overrides: Partial<SiweFields> = {}, signer = alice) {
  const message = formatSiwe(fieldsFor(overrides))
  return { message, signature: await signer.signMessage({ message }) }
}

const expected = (overrides: Partial<SiweExpectations> = {}): SiweExpectations => ({
  domains: ['app.example.com'],
  uris: ['https://app.example.com/login'],
  chainIds: [1, 8453],
  nonce: 'n0nce1234abcd',
  now: NOW,
  ...overrides,
})

async function codeOf(input: { message: string; signature: string }, options: SiweExpectations = expected()) {
  return (await refusal(verifySiwe(input, options))).code
}

describe('verifySiwe', () => {
  test('default', async () => {
    const input = await signed()
    const result = await verifySiwe(input, expected())
    expect(result).toEqual({
      address: alice.address,
      chainId: 1,
      nonce: 'n0nce1234abcd',
      issuedAt: NOW - 5_000,
      expirationTime: NOW + 10 * 60_000,
      signer: 'eoa',
      fields: expect.objectContaining({ domain: 'app.example.com', uri: 'https://app.example.com/login', statement: 'Sign in to Example.' }),
    })
  })

  test('behavior: the nonce is returned for the route to consume when none is expected', async () => {
    const { nonce } = await verifySiwe(await signed(), expected({ nonce: undefined }))
    expect(nonce).toBe('n0nce1234abcd')
  })

  test('behavior: oversized input is refused before parsing', async () => {
    const big = await signed({ statement: 'x'.repeat(MAX_MESSAGE_BYTES) })
    expect(await codeOf(big)).toBe('malformed_message')
    // Multi-byte characters count as bytes, not as UTF-16 units.
    const wide = await signed({ statement: '€'.repeat(Math.ceil(MAX_MESSAGE_BYTES / 3)) })
    expect(wide.message.length).toBeLessThan(MAX_MESSAGE_BYTES)
    expect(await codeOf(wide)).toBe('malformed_message')
    const good = await signed()
    expect(await codeOf({ message: good.message, signature: `0x${'ab'.repeat(MAX_SIGNATURE_CHARS / 2)}` })).toBe('invalid_signature')
  })

  test('behavior: malformed signatures are invalid_signature', async () => {
    const { message, signature } = await signed()
    for (const bad of ['', 'hello', signature.slice(2), `${signature}0`, `0x${'zz'.repeat(65)}`, '0x', `0x${'00'.repeat(64)}`, signature.slice(0, -2)])
      expect(await codeOf({ message, signature: bad }), bad).toBe('invalid_signature')
    expect(await codeOf({ message, signature: 42 as unknown as string })).toBe('invalid_signature')
  })

  test('behavior: a 65-byte signature that is not on the curve is invalid_signature', async () => {
    const { message } = await signed()
    expect(await codeOf({ message, signature: `0x${'ff'.repeat(64)}1b` })).toBe('invalid_signature')
  })

  test('behavior: a signature from another address is invalid_signature', async () => {
    expect(await codeOf(await signed({}, bob))).toBe('invalid_signature')
  })

  test('behavior: a tampered message is invalid_signature', async () => {
    const { message, signature } = await signed()
    expect(await codeOf({ message: message.replace('Sign in to Example.', 'Sign in to Example!'), signature })).toBe('invalid_signature')
  })

  test('parameters: domains', async () => {
    expect(await codeOf(await signed({ domain: 'evil.example.com' }))).toBe('domain_mismatch')
    // Compared case-insensitively, port included.
    await expect(verifySiwe(await signed({ domain: 'App.Example.com' }), expected())).resolves.toBeTruthy()
    expect(await codeOf(await signed({ domain: 'app.example.com:8443' }))).toBe('domain_mismatch')
    // An origin entry also checks the scheme (https when the message has none).
    await expect(verifySiwe(await signed(), expected({ domains: ['https://app.example.com'] }))).resolves.toBeTruthy()
    expect(await codeOf(await signed(), expected({ domains: ['http://app.example.com'] }))).toBe('domain_mismatch')
    const local = await signed({ scheme: 'http', domain: 'localhost:5173' })
    await expect(verifySiwe(local, expected({ domains: ['http://localhost:5173'] }))).resolves.toBeTruthy()
    expect(await codeOf(local, expected({ domains: ['https://localhost:5173'] }))).toBe('domain_mismatch')
  })

  test('parameters: uris', async () => {
    expect(await codeOf(await signed({ uri: 'https://evil.example.com/login' }))).toBe('uri_mismatch')
    const input = await signed({ uri: 'https://app.example.com/callback' })
    await expect(verifySiwe(input, expected({ uris: (uri) => new URL(uri).origin === 'https://app.example.com' }))).resolves.toBeTruthy()
    expect(await codeOf(input, expected({ uris: (uri) => uri.endsWith('/login') }))).toBe('uri_mismatch')
    await expect(verifySiwe(input, expected({ uris: undefined }))).resolves.toBeTruthy()
  })

  test('parameters: chainIds', async () => {
    expect(await codeOf(await signed({ chainId: 137 }))).toBe('chain_not_allowed')
    await expect(verifySiwe(await signed({ chainId: 8453 }), expected())).resolves.toMatchObject({ chainId: 8453 })
    await expect(verifySiwe(await signed({ chainId: 137 }), expected({ chainIds: undefined }))).resolves.toMatchObject({ chainId: 137 })
  })

  test('parameters: nonce', async () => {
    expect(await codeOf(await signed({ nonce: 'someOtherNonce1' }))).toBe('nonce_mismatch')
  })

  test('parameters: now and leewayMs (expiry)', async () => {
    const input = await signed({ expirationTime: iso(NOW - 30_000) })
    // Within the default 60 s leeway.
    await expect(verifySiwe(input, expected())).resolves.toBeTruthy()
    expect(await codeOf(input, expected({ leewayMs: 0 }))).toBe('message_expired')
    expect(await codeOf(input, expected({ now: NOW + 30_000 }))).toBe('message_expired')
    expect(await codeOf(await signed({ expirationTime: iso(NOW - 61_000) }))).toBe('message_expired')
  })

  test('parameters: now and leewayMs (not before, issued at)', async () => {
    expect(await codeOf(await signed({ notBefore: iso(NOW + 5 * 60_000) }))).toBe('message_not_yet_valid')
    await expect(verifySiwe(await signed({ notBefore: iso(NOW + 30_000) }), expected())).resolves.toBeTruthy()
    // A message issued in the future: a client clock far ahead, or a message made in advance.
    const future = await signed({ issuedAt: iso(NOW + 5 * 60_000) })
    expect(await codeOf(future)).toBe('message_not_yet_valid')
    await expect(verifySiwe(future, expected({ leewayMs: 10 * 60_000 }))).resolves.toBeTruthy()
    await expect(verifySiwe(future, expected({ rejectFutureIssuedAt: false }))).resolves.toBeTruthy()
    await expect(verifySiwe(await signed({ issuedAt: iso(NOW + 30_000) }), expected())).resolves.toBeTruthy()
  })

  test('behavior: fields are checked before the signature, in the documented order', async () => {
    const { message } = await signed({ domain: 'evil.example.com', uri: 'https://evil.example.com', chainId: 5, nonce: 'wrongNonce99', expirationTime: iso(NOW - 3_600_000) })
    const garbage = `0x${'11'.repeat(65)}`
    expect(await codeOf({ message, signature: garbage })).toBe('domain_mismatch')
    expect(await codeOf({ message, signature: garbage }, expected({ domains: ['evil.example.com'] }))).toBe('uri_mismatch')
    expect(await codeOf({ message, signature: garbage }, expected({ domains: ['evil.example.com'], uris: undefined }))).toBe('chain_not_allowed')
    expect(await codeOf({ message, signature: garbage }, expected({ domains: ['evil.example.com'], uris: undefined, chainIds: undefined }))).toBe(
      'message_expired',
    )
    expect(
      await codeOf({ message, signature: garbage }, expected({ domains: ['evil.example.com'], uris: undefined, chainIds: undefined, now: NOW - 7_200_000, rejectFutureIssuedAt: false })),
    ).toBe('nonce_mismatch')
  })

  test('behavior: a smart-contract signature without an RPC is unsupported_signer', async () => {
    const { message, signature } = await signed()
    // An EIP-6492 wrapped signature (counterfactual smart account): longer than 65 bytes.
    const wrapped = `0x${'00'.repeat(96)}${signature.slice(2)}${'6492'.repeat(16)}`
    expect(await codeOf({ message, signature: wrapped })).toBe('unsupported_signer')
  })

  test('parameters: publicClient (universal verification through the RPC)', async () => {
    const { message } = await signed()
    const contractSignature = `0x${'42'.repeat(96)}` as Hex
    const calls: Array<{ method: string; params: unknown }> = []
    const node = (answer: 'valid' | 'invalid' | 'revert' | 'down') =>
      createPublicClient({
        transport: custom(
          {
            async request({ method, params }: { method: string; params: unknown }) {
              calls.push({ method, params })
              if (method !== 'eth_call') throw new Error(`unexpected ${method}`)
              if (answer === 'down') throw Object.assign(new Error('upstream unavailable'), { code: -32603 })
              if (answer === 'revert') throw Object.assign(new Error('execution reverted'), { code: 3, data: '0x' })
              return `0x${'00'.repeat(31)}${answer === 'valid' ? '01' : '00'}`
            },
          },
          { retryCount: 0 },
        ),
      })

    const result = await verifySiwe({ message, signature: contractSignature }, expected({ publicClient: node('valid') }))
    expect(result).toMatchObject({ address: alice.address, signer: 'contract' })
    // The node was asked, through viem's deployless EIP-6492 validator, about this address and signature.
    const [call] = calls
    expect(call?.method).toBe('eth_call')
    const data = (call?.params as [{ data: Hex }])[0].data
    expect(data.toLowerCase()).toContain(alice.address.slice(2).toLowerCase())
    expect(data).toContain(contractSignature.slice(2))

    const codeWith = async (answer: Parameters<typeof node>[0]) =>
      (await refusal(verifySiwe({ message, signature: contractSignature }, expected({ publicClient: node(answer) })))).code
    expect(await codeWith('invalid')).toBe('invalid_signature')
    expect(await codeWith('revert')).toBe('invalid_signature')
    expect(await codeWith('down')).toBe('rpc_unavailable')

    // A 65-byte signature from another key goes to the node too (a Safe's owner signs for the Safe)...
    calls.length = 0
    expect((await refusal(verifySiwe(await signed({}, bob), expected({ publicClient: node('invalid') })))).code).toBe('invalid_signature')
    expect(calls).toHaveLength(1)
    // ...while a plain wallet signature never touches it.
    calls.length = 0
    await expect(verifySiwe(await signed(), expected({ publicClient: node('down') }))).resolves.toMatchObject({ signer: 'eoa' })
    expect(calls).toEqual([])
  })

  test('parameters: publicClient and rpcUrl per chain', async () => {
    const contractSignature = `0x${'42'.repeat(96)}` as Hex
    const asked: number[] = []
    const nodeFor = (chainId: number) =>
      chainId === 8453
        ? createPublicClient({
            transport: custom({
              async request() {
                asked.push(chainId)
                return `0x${'00'.repeat(31)}01`
              },
            }),
          })
        : undefined
    const onBase = await signed({ chainId: 8453 })
    await expect(verifySiwe({ ...onBase, signature: contractSignature }, expected({ publicClient: nodeFor }))).resolves.toMatchObject({ signer: 'contract' })
    expect(asked).toEqual([8453])
    // No node for mainnet: as if no RPC were configured.
    const onMainnet = await signed({ chainId: 1 })
    expect(await codeOf({ ...onMainnet, signature: contractSignature }, expected({ publicClient: nodeFor }))).toBe('unsupported_signer')
    expect(await codeOf({ ...onMainnet, signature: contractSignature }, expected({ rpcUrl: { 8453: 'http://127.0.0.1:9/' } }))).toBe('unsupported_signer')
    expect(await codeOf({ ...onBase, signature: contractSignature }, expected({ rpcUrl: { 8453: 'http://127.0.0.1:9/' } }))).toBe('rpc_unavailable')
  })

  test('parameters: rpcUrl (an RPC that does not answer is rpc_unavailable, not a bad signature)', async () => {
    const { message } = await signed()
    // Port 9 (discard) on loopback: the connection is refused at once, and there are no retries.
    const error = await refusal(verifySiwe({ message, signature: `0x${'42'.repeat(96)}` }, expected({ rpcUrl: 'http://127.0.0.1:9/' })))
    expect(error.code).toBe('rpc_unavailable')
    expect(error.status).toBe(503)
  })

  test('behavior: misuse of the expectations is a TypeError, not a refusal', async () => {
    const input = await signed()
    await expect(verifySiwe(input, { ...expected(), domains: [] })).rejects.toThrow(TypeError)
    await expect(verifySiwe(input, { ...expected(), now: Number.NaN })).rejects.toThrow(TypeError)
    await expect(verifySiwe(input, { ...expected(), leewayMs: -1 })).rejects.toThrow(TypeError)
    await expect(verifySiwe(input, undefined as unknown as SiweExpectations)).rejects.toThrow(TypeError)
  })

  test('behavior: every refusal says what to do', async () => {
    const error = await refusal(verifySiwe(await signed({ domain: 'evil.example.com' }), expected()))
    expect(error.message).toMatch(/evil\.example\.com.*sign in again/)
    expect(error.status).toBe(400)
    expect(error.name).toBe('WalletVerificationError')
  })
})
