import type { WalletChain } from './protocol.js'

/**
 * The seam between the session engine and a wallet library. `latchkey/evm` (wagmi) and
 * `latchkey/solana` (Wallet Standard) each export one; the app registers them with
 * `createAuthClient({ wallets })` or `<AuthProvider wallets>`. Core, React and UI only
 * ever talk to this interface, so an email-only app downloads no wallet code.
 */

/** A wallet the user can pick: an installed extension (EIP-6963, Wallet Standard) or a connector. */
export interface WalletInfo {
  /** Stable within its adapter (an EIP-6963 rdns, a connector id, a Wallet Standard name). */
  id: string
  name: string
  /** A `data:` or https URL, or null. */
  icon: string | null
  chain: WalletChain
  /** False for wallets the adapter knows of but cannot reach (not installed). */
  installed: boolean
}

/** The connected account of an adapter. */
export interface WalletAccount {
  /** As the wallet reports it (checksummed for EVM, base58 for Solana). */
  address: string
  /** EVM: the numeric chain id; Solana: the cluster (`mainnet`, `devnet`, …). */
  chainId: number | string
  walletId: string
  walletName: string
}

/** The fields of a sign-in message (EIP-4361 for EVM, SIWS for Solana). Times are the server's. */
export interface WalletMessageParameters {
  nonce: string
  address: string
  chainId: number | string
  /** The page's host as an authority (`example.com`, `localhost:5173`). */
  domain: string
  /** The page's origin. */
  uri: string
  issuedAt: Date
  expirationTime: Date
  statement?: string | undefined
}

/** A wallet library behind one chain family. Implementations throw `LatchkeyError`s (`user_rejected`, `wallet_not_found`, `wallet_error`). */
export interface WalletAuthAdapter {
  /** `evm`, `solana`, or your own. Unique among the registered adapters. */
  readonly id: string
  readonly chain: WalletChain
  /** The wallets to offer, discovered ones included. */
  listWallets(): WalletInfo[]
  /** Called when `listWallets()` changes (a wallet announced itself). Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Asks the wallet for its account (the user approves in the wallet). */
  connect(walletId: string): Promise<{ address: string; chainId: number | string }>
  /** The connected account, or null. Synchronous. */
  getAccount(): WalletAccount | null
  /** Builds the exact text the wallet signs. */
  createMessage(parameters: WalletMessageParameters): string
  /** Signs `message` with the connected account: 0x-hex (EVM) or base58 (Solana). */
  signMessage(message: string): Promise<string>
  /**
   * Optional: the wallet writes and signs the sign-in message itself from these fields
   * (Solana's `solana:signIn`). Resolves to the exact signed text and its signature, or to
   * null when the connected wallet cannot; latchkey then uses `createMessage` + `signMessage`.
   */
  signIn?(parameters: WalletMessageParameters): Promise<{ message: string; signature: string } | null>
  /** Called on every account or chain change (and `null` on disconnect). Returns an unsubscribe function. */
  watchAccount(callback: (account: WalletAccount | null) => void): () => void
  disconnect(): Promise<void>
  /**
   * Restores a previous connection without prompting (after a reload), if the wallet still
   * allows it. latchkey never calls it after the user disconnected.
   */
  reconnect?(): Promise<WalletAccount | null>
}

/** @internal The credential `chain` a wallet adapter's `chain` signs in as. */
export function credentialChain(chain: WalletChain): string {
  return chain === 'evm' ? 'eip155' : chain
}

/** @internal EVM addresses compare case-insensitively (EIP-55 is only a checksum); others exactly. */
export function sameAddress(chain: WalletChain, a: string, b: string): boolean {
  return chain === 'evm' ? a.toLowerCase() === b.toLowerCase() : a === b
}

/** @internal Misuse of the `wallets` option is a `TypeError` at construction. */
export function checkWalletAdapters(adapters: readonly WalletAuthAdapter[]): void {
  const seen = new Set<string>()
  for (const adapter of adapters) {
    if (typeof adapter !== 'object' || adapter === null || typeof adapter.connect !== 'function' || typeof adapter.id !== 'string') {
      throw new TypeError('latchkey: every entry of `wallets` must be a wallet adapter, e.g. `evmWallets()` from latchkey/evm.')
    }
    if (seen.has(adapter.id)) throw new TypeError(`latchkey: two wallet adapters share the id ${JSON.stringify(adapter.id)}; register each once.`)
    seen.add(adapter.id)
  }
}
