import { base58 } from '@scure/base'
import { verifyMessage } from 'viem'
import { expect, test } from 'vitest'
import { WalletVerificationError } from '../../server/wallet/errors.js'
import { verifySiwe } from '../../server/wallet/siwe.js'
import { verifySiws } from '../../server/wallet/siws.js'
import { createTestSolanaWallet, createTestWallet } from './index.js'

// In a real Chromium: both test wallets sign and are discovered through the window
// protocols, and what they sign verifies (both verifiers run in the page).

test('behavior: the EVM test wallet is announced and its SIWE signature verifies in a browser', async () => {
  const wallet = createTestWallet({ privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' })
  const seen: unknown[] = []
  const onAnnounce = (event: Event) => seen.push((event as CustomEvent<{ provider: unknown }>).detail.provider)
  window.addEventListener('eip6963:announceProvider', onAnnounce)
  const stop = wallet.announce()
  window.dispatchEvent(new Event('eip6963:requestProvider'))
  window.removeEventListener('eip6963:announceProvider', onAnnounce)
  stop()
  expect(seen).toEqual([wallet, wallet])

  const [address] = (await wallet.request({ method: 'eth_requestAccounts' })) as [`0x${string}`]
  const now = Date.now()
  const message = [
    `${location.host} wants you to sign in with your Ethereum account:`,
    address,
    '',
    'Sign in to the browser test.',
    '',
    `URI: ${location.origin}`,
    'Version: 1',
    'Chain ID: 1',
    'Nonce: browserNonce1',
    `Issued At: ${new Date(now).toISOString()}`,
  ].join('\n')
  const hex = `0x${Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')}` as const
  const signature = (await wallet.request({ method: 'personal_sign', params: [hex, address] })) as `0x${string}`
  expect(await verifyMessage({ address, message, signature })).toBe(true)

  // @spruceid/siwe-parser parses through apg-js, which takes `Buffer` from the `buffer` module.
  // latchkey depends on the npm `buffer` package, so browser bundles resolve it to the real
  // polyfill instead of Vite's empty shim: the whole verifier runs in the page.
  const verified = await verifySiwe({ message, signature }, { domains: [location.host], nonce: 'browserNonce1', chainIds: [1], now })
  expect(verified).toMatchObject({ address, chainId: 1, nonce: 'browserNonce1', signer: 'eoa' })
  // And a malformed message is the user's refusal, not a server fault.
  await expect(verifySiwe({ message: message.replace('Version: 1', 'Version: 2'), signature }, { domains: [location.host], chainIds: [1], now })).rejects.toBeInstanceOf(
    WalletVerificationError,
  )
})

test('behavior: the Solana test wallet registers and its SIWS sign-in verifies in a browser', async () => {
  const wallet = createTestSolanaWallet()
  const registered: unknown[] = []
  const stop = wallet.register()
  window.dispatchEvent(new CustomEvent('wallet-standard:app-ready', { detail: { register: (w: unknown) => (registered.push(w), () => {}) } }))
  stop()
  expect(registered).toEqual([wallet])

  const now = Date.now()
  const [output] = await wallet.features['solana:signIn'].signIn({
    uri: location.origin,
    version: '1',
    chainId: 'solana:devnet',
    nonce: 'browserNonce1',
    issuedAt: new Date(now).toISOString(),
  })
  const result = verifySiws(
    { message: new TextDecoder().decode(output!.signedMessage), signature: base58.encode(output!.signature), address: output!.account.address },
    { domains: [location.host], nonce: 'browserNonce1', chainIds: ['devnet'], now },
  )
  expect(result).toMatchObject({ address: wallet.address, chainId: 'solana:devnet' })
})
