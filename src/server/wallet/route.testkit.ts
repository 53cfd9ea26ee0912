/**
 * Helpers for the wallet route tests: ask the server for a nonce, build the EIP-4361 message
 * with viem's `createSiweMessage` (tests only: the app-side builder lives in `latchkey/evm`),
 * and have a test wallet really sign it. The wallets come from the test (src/testing).
 * Not part of the package.
 * @internal
 */
import { base58 } from '@scure/base'
import type { Address, Hex } from 'viem'
import { createSiweMessage } from 'viem/siwe'
import type { NonceResponse, WalletVerifyRequest } from '../../core/protocol.js'
import type { startTestServer } from '../server.testkit.js'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

/** What the tests need of `createTestWallet()`. */
export interface EvmSigner {
  readonly address: Address
  request(args: { method: string; params?: unknown }): Promise<unknown>
}

/** What the tests need of `createTestSolanaWallet()`. */
export interface SolanaSigner {
  readonly address: string
  readonly features: {
    'solana:signIn': {
      signIn(...inputs: Array<Record<string, unknown>>): Promise<Array<{ signedMessage: Uint8Array; signature: Uint8Array }>>
    }
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** `POST /nonce`; `token` for a link nonce. */
export async function getNonce(t: TestServer, purpose: 'sign-in' | 'link' = 'sign-in', token?: string): Promise<string> {
  const response = await t.post('/nonce', { purpose }, token ? bearer(token) : {})
  if (response.status !== 200) throw new Error(`POST /nonce answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as NonceResponse).nonce
}

export interface EvmProofOptions {
  purpose?: 'sign-in' | 'link'
  /** The session's access token, for a link nonce. */
  token?: string
  /** Use this nonce instead of asking for one. */
  nonce?: string
  domain?: string
  chainId?: number
  /** ms; default the server's clock. */
  issuedAt?: number
  expirationTime?: number
  /** The address the message names; default the signer's. */
  address?: Address
}

/** A signed EIP-4361 message for the test server, as `POST /wallet/verify` takes it. */
export async function evmProof(t: TestServer, wallet: EvmSigner, options: EvmProofOptions = {}): Promise<WalletVerifyRequest> {
  const nonce = options.nonce ?? (await getNonce(t, options.purpose, options.token))
  const message = createSiweMessage({
    domain: options.domain ?? new URL(t.base).host,
    address: options.address ?? wallet.address,
    statement: 'Sign in to the latchkey test.',
    uri: t.url,
    version: '1',
    chainId: options.chainId ?? 1,
    nonce,
    issuedAt: new Date(options.issuedAt ?? t.clock.now()),
    ...(options.expirationTime === undefined ? {} : { expirationTime: new Date(options.expirationTime) }),
  })
  const hex = `0x${Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')}` as Hex
  await wallet.request({ method: 'eth_requestAccounts' })
  const signature = (await wallet.request({ method: 'personal_sign', params: [hex, wallet.address] })) as Hex
  return { chain: 'evm', message, signature, walletName: 'Test Wallet' }
}

export interface SolanaProofOptions {
  purpose?: 'sign-in' | 'link'
  token?: string
  nonce?: string
  domain?: string
  chainId?: string
  issuedAt?: number
  expirationTime?: number
}

/** A Sign-In-With-Solana message signed through the wallet's `solana:signIn`, as the route takes it. */
export async function solanaProof(t: TestServer, wallet: SolanaSigner, options: SolanaProofOptions = {}): Promise<WalletVerifyRequest> {
  const nonce = options.nonce ?? (await getNonce(t, options.purpose, options.token))
  const [output] = await wallet.features['solana:signIn'].signIn({
    domain: options.domain ?? new URL(t.base).host,
    statement: 'Sign in to the latchkey test.',
    uri: t.url,
    version: '1',
    chainId: options.chainId ?? 'solana:devnet',
    nonce,
    issuedAt: new Date(options.issuedAt ?? t.clock.now()).toISOString(),
    ...(options.expirationTime === undefined ? {} : { expirationTime: new Date(options.expirationTime).toISOString() }),
  })
  return {
    chain: 'solana',
    message: new TextDecoder('utf-8', { fatal: true }).decode(output!.signedMessage),
    signature: base58.encode(output!.signature),
    walletName: 'Test Solana Wallet',
  }
}
