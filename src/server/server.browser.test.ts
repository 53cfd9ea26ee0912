import { createLocalJWKSet, jwtVerify } from 'jose'
import { expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { createAuthServer } from './server.js'
import { memoryMailer } from './mailers.js'
import { createMemoryStore } from './stores/memory.js'

// The handler and the memory store use Web APIs only: the whole server runs in a page
// (Storybook, in-browser tests).
test('behavior: the server runs in a browser with the memory store', async () => {
  const mailer = memoryMailer()
  const server = createAuthServer({ store: createMemoryStore(), mailer })
  const post = (path: string, body: unknown) =>
    server.fetch(
      new Request(`${location.origin}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1', origin: location.origin },
        body: JSON.stringify(body),
      }),
    )
  expect((await post('/email/start', { email: 'browser@example.com' })).status).toBe(200)
  const code = mailer.last('browser@example.com')!.code
  const verified = await post('/email/verify', { email: 'browser@example.com', code })
  expect(verified.status).toBe(200)
  const tokens = (await verified.json()) as Required<TokenResponse>

  const refreshed = (await (await post('/refresh', { refreshToken: tokens.refreshToken })).json()) as Required<TokenResponse>
  expect(refreshed.session.id).toBe(tokens.session.id)

  const jwks = await (await server.fetch(new Request(`${location.origin}/auth/.well-known/jwks.json`))).json()
  const { payload } = await jwtVerify(refreshed.accessToken, createLocalJWKSet(jwks), { issuer: 'latchkey', audience: 'latchkey' })
  expect(payload.sub).toBe(tokens.session.user.id)
})

// --- wallet-server (issues 4 and 5): wallet sign-in in a page -------------------------------
test('behavior: EVM and Solana wallet sign-in and linking run in a browser too', async () => {
  const { createSiweMessage } = await import('viem/siwe')
  const { base58 } = await import('@scure/base')
  const { createTestSolanaWallet, createTestWallet } = await import('../testing/wallets/index.js')
  const server = createAuthServer({ store: createMemoryStore(), mailer: memoryMailer() })
  const post = (path: string, body: unknown, token?: string) =>
    server.fetch(
      new Request(`${location.origin}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      }),
    )
  const nonce = async (purpose: 'sign-in' | 'link', token?: string) => ((await (await post('/nonce', { purpose }, token)).json()) as { nonce: string }).nonce

  const evm = createTestWallet()
  const [address] = (await evm.request({ method: 'eth_requestAccounts' })) as [`0x${string}`]
  const message = createSiweMessage({ domain: location.host, address, uri: location.origin, version: '1', chainId: 1, nonce: await nonce('sign-in'), issuedAt: new Date() })
  const hex = `0x${Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')}` as `0x${string}`
  const signature = await evm.request({ method: 'personal_sign', params: [hex, address] })
  const signedIn = await post('/wallet/verify', { chain: 'evm', message, signature })
  expect(signedIn.status).toBe(200)
  const tokens = (await signedIn.json()) as Required<TokenResponse>
  expect(tokens.session.user.verifiedCredentials).toMatchObject([{ chain: 'eip155', address }])

  const solana = createTestSolanaWallet()
  const [output] = await solana.features['solana:signIn'].signIn({ domain: location.host, chainId: 'solana:devnet', nonce: await nonce('link', tokens.accessToken), issuedAt: new Date().toISOString() })
  const linked = await post(
    '/link/wallet',
    { chain: 'solana', message: new TextDecoder().decode(output!.signedMessage), signature: base58.encode(output!.signature) },
    tokens.accessToken,
  )
  expect(linked.status).toBe(200)
  const update = (await linked.json()) as { session: TokenResponse['session'] }
  expect(update.session.id).toBe(tokens.session.id)
  expect(update.session.user.verifiedCredentials.map((c) => c.chain)).toEqual(['eip155', 'solana'])
})
