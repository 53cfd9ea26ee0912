import { createTestSolanaWallet } from 'latchkey/testing'
import type { TestSolanaWallet } from 'latchkey/testing'

const KEY = 'latchkey.playground.devSolanaWallet'
const AUTHORIZED = 'latchkey.playground.devSolanaWallet.authorized'

const toHex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))

/**
 * The "Dev Solana wallet": latchkey's Wallet Standard test wallet (it really signs with an
 * ed25519 key kept in this browser's localStorage), registered for Wallet Standard discovery
 * so the login modal lists it like Phantom. Development only: never ship a key in a page.
 *
 * `window.devSolanaWallet` is the control a wallet extension's UI would be:
 * `devSolanaWallet.switchAccount(new Uint8Array(32).fill(7))`, `devSolanaWallet.rejectNext('solana:signIn')`.
 * `withoutSignIn` plays a wallet that has only `solana:signMessage` (older wallets).
 */
export function installDevSolanaWallet({ withoutSignIn = false }: { withoutSignIn?: boolean } = {}): TestSolanaWallet {
  let seed = localStorage.getItem(KEY)
  if (seed === null || !/^[0-9a-f]{64}$/.test(seed)) {
    seed = toHex(crypto.getRandomValues(new Uint8Array(32)))
    localStorage.setItem(KEY, seed)
  }
  const wallet = createTestSolanaWallet({ secretKey: fromHex(seed), ...(withoutSignIn ? { omitFeatures: ['solana:signIn'] as const } : {}) })
  // An extension remembers which sites the user connected, across reloads, so a silent
  // connect restores them: keep that here too, and restore it before anyone asks.
  if (localStorage.getItem(AUTHORIZED) === 'true') void wallet.features['standard:connect'].connect()
  wallet.features['standard:events'].on('change', ({ accounts }) => {
    if (accounts && accounts.length > 0) localStorage.setItem(AUTHORIZED, 'true')
    else localStorage.removeItem(AUTHORIZED)
  })
  wallet.register(window)
  ;(window as unknown as { devSolanaWallet: TestSolanaWallet }).devSolanaWallet = wallet
  return wallet
}
