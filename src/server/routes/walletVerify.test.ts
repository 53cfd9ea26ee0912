// @vitest-environment node
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { NonceResponse, TokenResponse } from '../../core/protocol.js'
import { createTestSolanaWallet, createTestWallet } from '../../testing/wallets/index.js'
import { createAuthServer } from '../server.js'
import { errorOf, startTestServer } from '../server.testkit.js'
import { bearer, evmProof, getNonce, solanaProof } from '../wallet/route.testkit.js'

// Well-known development keys (Hardhat/Anvil accounts 0 and 1): never hold value.
const ALICE = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const BOB = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('POST /nonce', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  test('default: a 22-character alphanumeric sign-in nonce, valid 10 minutes, different every time', async () => {
    t = await startTestServer()
    const response = await t.post('/nonce', { purpose: 'sign-in' })
    expect(response.status).toBe(200)
    const body = (await response.json()) as NonceResponse
    expect(body).toEqual({ nonce: expect.stringMatching(/^[A-Za-z0-9]{22}$/), expiresAt: t.clock.now() + 600_000, serverNow: t.clock.now() })
    const more = await Promise.all(Array.from({ length: 20 }, () => getNonce(t)))
    expect(new Set([body.nonce, ...more]).size).toBe(21)
  })

  test('parameters: purpose is required and must be sign-in or link; link needs a session', async () => {
    t = await startTestServer()
    expect(await errorOf(await t.post('/nonce', {}))).toMatchObject({ status: 400, error: 'invalid_request' })
    expect(await errorOf(await t.post('/nonce', { purpose: 'login' }))).toMatchObject({ status: 400, error: 'invalid_request' })
    expect(await errorOf(await t.post('/nonce', { purpose: 'link' }))).toMatchObject({ status: 401, error: 'unauthorized' })
    const { accessToken } = await t.signIn()
    expect(await getNonce(t, 'link', accessToken)).toMatch(/^[A-Za-z0-9]{22}$/)
  })

  test('behavior: the CSRF header is required, as on every POST', async () => {
    t = await startTestServer()
    const response = await fetch(`${t.base}/nonce`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"purpose":"sign-in"}' })
    expect(await errorOf(response)).toMatchObject({ status: 403, error: 'csrf_failed' })
  })
})

describe('POST /wallet/verify (EVM)', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const verify = (body: unknown, headers: Record<string, string> = {}) => t.post('/wallet/verify', body, headers)

  test('default: the first sign-in creates the user with a checksummed eip155 credential; the next finds it', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const response = await verify(await evmProof(t, wallet))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<TokenResponse>
    const now = t.clock.now()
    expect(body.session.user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email: null,
      alias: null,
      name: null,
      createdAt: now,
      verifiedCredentials: [
        { id: expect.stringMatching(/^cred_/), format: 'blockchain', chain: 'eip155', address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', walletName: 'Test Wallet' },
      ],
      primaryWalletId: body.session.user.verifiedCredentials[0]!.id,
    })
    expect(decodeJwt(body.accessToken)).toMatchObject({
      sub: body.session.user.id,
      sid: body.session.id,
      verified_credentials: [{ format: 'blockchain', chain: 'eip155', address: wallet.address, wallet_name: 'Test Wallet' }],
    })
    expect((await (await t.get('/me', bearer(body.accessToken))).json()) as unknown).toEqual(body.session.user)

    t.clock.advance(1000)
    const again = (await (await verify(await evmProof(t, wallet))).json()) as Required<TokenResponse>
    expect(again.session.user).toEqual(body.session.user)
    expect(again.session.id).not.toBe(body.session.id)
  })

  test('behavior: a signed message works once (replay is nonce_reused)', async () => {
    t = await startTestServer()
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }))
    expect((await verify(proof)).status).toBe(200)
    expect(await errorOf(await verify(proof))).toMatchObject({ status: 400, error: 'nonce_reused' })
  })

  test('behavior: 8 parallel uses of one signed message: exactly one succeeds', async () => {
    t = await startTestServer()
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }))
    const responses = await Promise.all(Array.from({ length: 8 }, () => verify(proof)))
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1)
    const refused = await Promise.all(responses.filter((r) => r.status !== 200).map(errorOf))
    expect(refused.map((e) => e.error)).toEqual(Array(7).fill('nonce_reused'))
  })

  test('behavior: a link nonce cannot sign in', async () => {
    t = await startTestServer()
    const { accessToken } = await t.signIn()
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }), { purpose: 'link', token: accessToken })
    expect(await errorOf(await verify(proof))).toMatchObject({ status: 400, error: 'nonce_purpose_mismatch' })
  })

  test('behavior: unknown and expired nonces are refused', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    expect(await errorOf(await verify(await evmProof(t, wallet, { nonce: 'madeUpNonce12345' })))).toMatchObject({ error: 'nonce_unknown' })
    const nonce = await getNonce(t)
    t.clock.advance(600_000)
    expect(await errorOf(await verify(await evmProof(t, wallet, { nonce })))).toMatchObject({ error: 'nonce_expired' })
  })

  test('behavior: a refused message does not burn its nonce (verified before consumed)', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const nonce = await getNonce(t)
    expect(await errorOf(await verify(await evmProof(t, wallet, { nonce, domain: 'evil.example.com' })))).toMatchObject({
      status: 400,
      error: 'domain_mismatch',
    })
    expect((await verify(await evmProof(t, wallet, { nonce }))).status).toBe(200)
  })

  test('behavior: an expired message is message_expired; one from the future is message_not_yet_valid', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const now = t.clock.now()
    expect(await errorOf(await verify(await evmProof(t, wallet, { issuedAt: now - 300_000, expirationTime: now - 120_000 })))).toMatchObject({
      error: 'message_expired',
    })
    expect(await errorOf(await verify(await evmProof(t, wallet, { issuedAt: now + 600_000 })))).toMatchObject({ error: 'message_not_yet_valid' })
  })

  test('behavior: a message naming another address than the signer is invalid_signature', async () => {
    t = await startTestServer()
    const bob = createTestWallet({ privateKey: BOB })
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }), { address: bob.address })
    expect(await errorOf(await verify(proof))).toMatchObject({ status: 400, error: 'invalid_signature' })
  })

  test('behavior: a chain off the allowlist is chain_not_allowed; the allowlist is configurable', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    expect(await errorOf(await verify(await evmProof(t, wallet, { chainId: 56 })))).toMatchObject({ error: 'chain_not_allowed' })
    expect((await verify(await evmProof(t, wallet, { chainId: 8453 }))).status).toBe(200)
    await t.close()
    t = await startTestServer({ wallets: { evm: { chainIds: [56] } } })
    expect((await verify(await evmProof(t, wallet, { chainId: 56 }))).status).toBe(200)
    expect(await errorOf(await verify(await evmProof(t, wallet, { chainId: 1 })))).toMatchObject({ error: 'chain_not_allowed' })
  })

  test('behavior: configured domains replace the request host', async () => {
    t = await startTestServer({ wallets: { domains: ['app.example.com'] } })
    const wallet = createTestWallet({ privateKey: ALICE })
    expect(await errorOf(await verify(await evmProof(t, wallet)))).toMatchObject({ error: 'domain_mismatch' })
    expect((await verify(await evmProof(t, wallet, { domain: 'app.example.com' }))).status).toBe(200)
  })

  test('behavior: bad input gets a stable code, never a 500', async () => {
    t = await startTestServer()
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }))
    const cases: Array<[unknown, string]> = [
      [{ ...proof, chain: 'bitcoin' }, 'invalid_request'],
      [{ ...proof, chain: undefined }, 'invalid_request'],
      [{ ...proof, message: 42 }, 'invalid_request'],
      [{ ...proof, signature: null }, 'invalid_request'],
      [{ ...proof, walletName: 7 }, 'invalid_request'],
      [{ ...proof, signature: 'not hex at all' }, 'invalid_signature'],
      [{ ...proof, signature: `0x${'zz'.repeat(65)}` }, 'invalid_signature'],
      [{ ...proof, signature: '0x1234' }, 'invalid_signature'],
      [{ ...proof, signature: `0x${'ab'.repeat(3000)}` }, 'invalid_signature'],
      [{ ...proof, message: `${proof.message}\n${'x'.repeat(5000)}` }, 'malformed_message'],
      [{ ...proof, message: 'hello' }, 'malformed_message'],
      [{ ...proof, message: '' }, 'malformed_message'],
    ]
    for (const [body, error] of cases) expect(await errorOf(await verify(body)), JSON.stringify(body).slice(0, 80)).toMatchObject({ status: 400, error })
    expect(await errorOf(await verify({ ...proof, message: 'x'.repeat(70_000) }))).toMatchObject({ status: 413, error: 'payload_too_large' })
    // None of that touched the nonce.
    expect((await verify(proof)).status).toBe(200)
  })

  test('behavior: by default the page origin (allowed by CORS/CSRF) is an accepted domain too', async () => {
    t = await startTestServer({ allowedOrigins: ['https://app.example.com'] })
    const wallet = createTestWallet({ privateKey: ALICE })
    const origin = { origin: 'https://app.example.com' }
    expect((await verify(await evmProof(t, wallet, { domain: 'app.example.com' }), origin)).status).toBe(200)
    expect(await errorOf(await verify(await evmProof(t, wallet, { domain: 'app.example.com' })))).toMatchObject({ error: 'domain_mismatch' })
    expect(await errorOf(await verify(await evmProof(t, wallet, { domain: 'other.example.com' }), origin))).toMatchObject({ error: 'domain_mismatch' })
  })

  test('behavior: a smart-contract signature needs wallets.evm.rpcUrl; an unreachable RPC is 503 rpc_unavailable', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const contractSignature = `0x${'ab'.repeat(100)}`
    const proof = await evmProof(t, wallet)
    expect(await errorOf(await verify({ ...proof, signature: contractSignature }))).toMatchObject({ status: 400, error: 'unsupported_signer' })
    await t.close()
    // Port 1 on loopback: nothing listens, so the RPC call fails at once.
    t = await startTestServer({ wallets: { evm: { rpcUrl: 'http://127.0.0.1:1' } } })
    const again = await evmProof(t, wallet)
    expect(await errorOf(await verify({ ...again, signature: contractSignature }))).toMatchObject({ status: 503, error: 'rpc_unavailable' })
    expect((await verify(again)).status).toBe(200)
  })

  test('behavior: cookie mode answers with cookies and no tokens in the body', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const response = await verify(await evmProof(t, createTestWallet({ privateKey: ALICE })))
    expect(response.status).toBe(200)
    const body = (await response.json()) as TokenResponse
    expect(body.accessToken).toBeUndefined()
    expect(body.refreshToken).toBeUndefined()
    expect(response.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['latchkey_access', 'latchkey_refresh'])
  })
})

describe('createAuthServer({ wallets })', () => {
  test('parameters: misconfigured wallets options are a TypeError at construction', () => {
    expect(() => createAuthServer({ wallets: { evm: { chainIds: [] } } })).toThrow(TypeError)
    expect(() => createAuthServer({ wallets: { evm: { chainIds: [1.5] } } })).toThrow(/chainIds/)
    expect(() => createAuthServer({ wallets: { domains: [] } })).toThrow(/domains/)
    expect(() => createAuthServer({ wallets: { solana: { chains: [''] } } })).toThrow(/solana\.chains/)
  })
})

describe('POST /wallet/verify (Solana)', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const verify = (body: unknown) => t.post('/wallet/verify', body)
  const aliceKey = new Uint8Array(32).fill(7)
  const bobKey = new Uint8Array(32).fill(8)

  test('default: signs in with SIWS; the user gets a solana credential with the base58 address', async () => {
    t = await startTestServer()
    const wallet = createTestSolanaWallet({ secretKey: aliceKey })
    const response = await verify(await solanaProof(t, wallet))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<TokenResponse>
    expect(body.session.user.verifiedCredentials).toEqual([
      { id: expect.stringMatching(/^cred_/), format: 'blockchain', chain: 'solana', address: wallet.address, walletName: 'Test Solana Wallet' },
    ])
    expect(decodeJwt(body.accessToken).verified_credentials).toEqual([expect.objectContaining({ chain: 'solana', address: wallet.address })])
  })

  test('behavior: replay, link nonce, wrong domain, expired and off-list cluster are refused', async () => {
    t = await startTestServer()
    const wallet = createTestSolanaWallet({ secretKey: aliceKey })
    const proof = await solanaProof(t, wallet)
    expect((await verify(proof)).status).toBe(200)
    expect(await errorOf(await verify(proof))).toMatchObject({ error: 'nonce_reused' })
    const { accessToken } = await t.signIn()
    expect(await errorOf(await verify(await solanaProof(t, wallet, { purpose: 'link', token: accessToken })))).toMatchObject({
      error: 'nonce_purpose_mismatch',
    })
    expect(await errorOf(await verify(await solanaProof(t, wallet, { domain: 'evil.example.com' })))).toMatchObject({ error: 'domain_mismatch' })
    const now = t.clock.now()
    expect(await errorOf(await verify(await solanaProof(t, wallet, { issuedAt: now - 300_000, expirationTime: now - 120_000 })))).toMatchObject({
      error: 'message_expired',
    })
    // Every public cluster is accepted by default.
    expect((await verify(await solanaProof(t, wallet, { chainId: 'solana:testnet' }))).status).toBe(200)
    await t.close()
    t = await startTestServer({ wallets: { solana: { chains: ['mainnet'] } } })
    expect(await errorOf(await verify(await solanaProof(t, wallet, { chainId: 'solana:devnet' })))).toMatchObject({ error: 'chain_not_allowed' })
    expect((await verify(await solanaProof(t, wallet, { chainId: 'solana:mainnet' }))).status).toBe(200)
  })

  test('behavior: a signature by another account is invalid_signature', async () => {
    t = await startTestServer()
    const proof = await solanaProof(t, createTestSolanaWallet({ secretKey: aliceKey }))
    const forged = base58.encode(ed25519.sign(new TextEncoder().encode(proof.message), bobKey))
    expect(await errorOf(await verify({ ...proof, signature: forged }))).toMatchObject({ status: 400, error: 'invalid_signature' })
  })

  test('behavior: malformed base58 and wrong-length signatures are invalid_signature', async () => {
    t = await startTestServer()
    const proof = await solanaProof(t, createTestSolanaWallet({ secretKey: aliceKey }))
    const signature = base58.decode(proof.signature)
    for (const bad of ['0OIl+/', base58.encode(signature.slice(0, 63)), base58.encode(new Uint8Array([...signature, 1])), `0x${'ab'.repeat(64)}`]) {
      expect(await errorOf(await verify({ ...proof, signature: bad }))).toMatchObject({ status: 400, error: 'invalid_signature' })
    }
    expect(await errorOf(await verify({ ...proof, message: proof.message.replace(/\n[1-9A-HJ-NP-Za-km-z]{32,44}\n/, '\n0OOl\n') }))).toMatchObject({
      error: 'malformed_message',
    })
    expect((await verify(proof)).status).toBe(200)
  })
})
