import { getWallets } from '@wallet-standard/app'
import type { Wallet, WalletAccount as StandardAccount } from '@wallet-standard/base'
import { base58 } from '@scure/base'
import { LatchkeyError } from '../core/index.js'
import type { WalletAccount, WalletAuthAdapter, WalletInfo, WalletMessageParameters } from '../core/index.js'
import { createSiwsMessage, type SolanaCluster } from './siwsMessage.js'

/** Options of `solanaWallets`. */
export interface SolanaWalletsOptions {
  /** The adapter's id. Default `solana`. */
  id?: string
  /**
   * The Wallet Standard wallets to offer. Default: every Solana wallet that registers itself
   * (`getWallets()` from `@wallet-standard/app`: Phantom, Solflare, Backpack, …).
   */
  wallets?: readonly Wallet[]
  /** The cluster written in sign-in messages (`Chain ID:`). Default `mainnet`. */
  cluster?: SolanaCluster
  /**
   * Where the last connected wallet's name is kept, so a reload reconnects it silently
   * (`standard:connect` with `silent: true`). Default `localStorage`; `null` keeps nothing.
   */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
}

// Wallet Standard feature shapes (https://github.com/anza-xyz/wallet-standard), the few members used here.
type Connect = { connect(input?: { silent?: boolean }): Promise<{ accounts: readonly StandardAccount[] }> }
type Disconnect = { disconnect(): Promise<void> }
type Events = { on(event: 'change', listener: (properties: { accounts?: readonly StandardAccount[] }) => void): () => void }
type SignMessage = {
  signMessage(...inputs: Array<{ account: StandardAccount; message: Uint8Array }>): Promise<Array<{ signedMessage: Uint8Array; signature: Uint8Array }>>
}
type SignIn = {
  signIn(...inputs: Array<Record<string, string | undefined>>): Promise<Array<{ account: StandardAccount; signedMessage: Uint8Array; signature: Uint8Array }>>
}

const STORAGE_KEY = 'latchkey.solana.wallet'

function feature<T>(wallet: Wallet, name: string): T | undefined {
  return (wallet.features as Record<string, unknown>)[name] as T | undefined
}

/** A wallet latchkey can sign in with: it connects, signs messages or signs in, and holds Solana accounts. */
function isSolanaWallet(wallet: Wallet): boolean {
  return (
    feature(wallet, 'standard:connect') !== undefined &&
    (feature(wallet, 'solana:signMessage') !== undefined || feature(wallet, 'solana:signIn') !== undefined) &&
    wallet.chains.some((chain) => chain.startsWith('solana:'))
  )
}

function defaultStorage(): SolanaWalletsOptions['storage'] {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // Storage blocked (third-party iframe, privacy mode): reconnect manually.
    return null
  }
}

/**
 * Solana wallets for latchkey, over the Wallet Standard: discovery of every installed wallet,
 * connect, Sign-In-With-Solana through the wallet's `solana:signIn` where it has it (else
 * `solana:signMessage` over a SIWS message written here), and account events. No
 * `@solana/web3.js`: signing in needs none of it.
 *
 * @example
 * import { solanaWallets } from 'latchkey/solana'
 *
 * <AuthProvider wallets={[evmWallets(), solanaWallets()]}>
 *   <AuthButton />
 * </AuthProvider>
 */
export function solanaWallets(options: SolanaWalletsOptions = {}): WalletAuthAdapter {
  if (typeof options !== 'object' || options === null) throw new TypeError('solanaWallets: pass an options object, or nothing.')
  if (options.wallets !== undefined && !Array.isArray(options.wallets)) {
    throw new TypeError('solanaWallets: `wallets` must be an array of Wallet Standard wallets, or left out to use discovery.')
  }
  const cluster = options.cluster ?? 'mainnet'
  const fixed = options.wallets
  // Resolved on first use, not when the app calls solanaWallets(): nothing touches `window` before.
  let registry: ReturnType<typeof getWallets> | undefined
  const discovery = () => (registry ??= getWallets())
  let storage: SolanaWalletsOptions['storage'] | undefined = options.storage
  const store = () => (storage === undefined ? (storage = defaultStorage()) : storage)

  let wallets: WalletInfo[] | null = null
  let walletsFrom: readonly Wallet[] | null = null
  let connected: { wallet: Wallet; account: StandardAccount; stop: () => void } | null = null
  let account: WalletAccount | null = null
  const watchers = new Set<(account: WalletAccount | null) => void>()
  /** Bumped by every connect and disconnect, so a late silent reconnect never overrides the user. */
  let generation = 0

  const available = (): readonly Wallet[] => (fixed ?? discovery().get()).filter(isSolanaWallet)

  function walletFor(walletId: string): Wallet {
    const wallet = available().find((item) => item.name === walletId)
    if (wallet === undefined) {
      throw new LatchkeyError(
        'wallet_not_found',
        `No Solana wallet ${JSON.stringify(walletId)} is available. Install it, or pick one of: ${available().map((item) => item.name).join(', ') || 'none'}.`,
      )
    }
    return wallet
  }

  function publish(): void {
    const next: WalletAccount | null =
      connected === null ? null : { address: connected.account.address, chainId: cluster, walletId: connected.wallet.name, walletName: connected.wallet.name }
    // The same object while nothing changed, so callers may compare by identity.
    if (account?.address === next?.address && account?.walletId === next?.walletId) return
    account = next
    for (const watcher of [...watchers]) watcher(account)
  }

  function solanaAccount(accounts: readonly StandardAccount[], prefer?: string): StandardAccount | undefined {
    const usable = accounts.filter((item) => item.chains.length === 0 || item.chains.some((chain) => chain.startsWith('solana:')))
    return usable.find((item) => item.address === prefer) ?? usable[0]
  }

  function select(wallet: Wallet, accounts: readonly StandardAccount[]): StandardAccount | undefined {
    const picked = solanaAccount(accounts, connected?.wallet === wallet ? connected.account.address : undefined)
    if (picked === undefined) {
      drop()
      return undefined
    }
    if (connected?.wallet === wallet) connected.account = picked
    else {
      drop()
      // An account switch in the wallet arrives as a `change` event with the new accounts.
      const stop =
        feature<Events>(wallet, 'standard:events')?.on('change', ({ accounts: next }) => {
          if (connected?.wallet !== wallet || next === undefined) return
          select(wallet, next)
        }) ?? (() => {})
      connected = { wallet, account: picked, stop }
    }
    publish()
    return picked
  }

  function drop(): void {
    if (connected === null) return
    connected.stop()
    connected = null
    publish()
  }

  function requireConnected(): { wallet: Wallet; account: StandardAccount } {
    if (connected === null) throw new LatchkeyError('wallet_not_connected', 'Connect a Solana wallet before signing.')
    return connected
  }

  async function silentConnect(wallet: Wallet, at: number): Promise<void> {
    const result = await feature<Connect>(wallet, 'standard:connect')!.connect({ silent: true })
    if (at !== generation || connected !== null) return
    select(wallet, result.accounts.length > 0 ? result.accounts : wallet.accounts)
  }

  return {
    id: options.id ?? 'solana',
    chain: 'solana',
    listWallets() {
      const current = available()
      if (wallets !== null && walletsFrom !== null && walletsFrom.length === current.length && walletsFrom.every((item, i) => item === current[i])) return wallets
      walletsFrom = current
      wallets = current.map((wallet) => ({ id: wallet.name, name: wallet.name, icon: wallet.icon ?? null, chain: 'solana' as const, installed: true }))
      return wallets
    },
    subscribe(listener) {
      if (fixed !== undefined) return () => {}
      const offRegister = discovery().on('register', () => listener())
      const offUnregister = discovery().on('unregister', (...gone) => {
        if (connected !== null && gone.includes(connected.wallet)) drop()
        listener()
      })
      return () => {
        offRegister()
        offUnregister()
      }
    },
    async connect(walletId) {
      const wallet = walletFor(walletId)
      if (connected?.wallet === wallet) return { address: connected.account.address, chainId: cluster }
      generation += 1
      const result = await feature<Connect>(wallet, 'standard:connect')!.connect()
      const picked = select(wallet, result.accounts.length > 0 ? result.accounts : wallet.accounts)
      if (picked === undefined) throw new LatchkeyError('wallet_not_connected', 'The wallet connected without a Solana account. Unlock it, add an account and try again.')
      try {
        store()?.setItem(STORAGE_KEY, wallet.name)
      } catch {
        // Storage full or blocked: only the silent reconnect after a reload is lost.
      }
      return { address: picked.address, chainId: cluster }
    },
    getAccount: () => account,
    createMessage: (parameters) => createSiwsMessage({ ...parameters, chainId: String(parameters.chainId) }),
    async signMessage(message) {
      const { wallet, account: signer } = requireConnected()
      const sign = feature<SignMessage>(wallet, 'solana:signMessage')
      if (sign === undefined) throw new LatchkeyError('wallet_error', `${wallet.name} cannot sign messages (no solana:signMessage): pick another wallet.`)
      const [output] = await sign.signMessage({ account: signer, message: new TextEncoder().encode(message) })
      if (output === undefined) throw new LatchkeyError('wallet_error', `${wallet.name} returned no signature: try again.`)
      return base58.encode(output.signature)
    },
    async signIn(parameters: WalletMessageParameters) {
      const { wallet } = requireConnected()
      const signIn = feature<SignIn>(wallet, 'solana:signIn')
      if (signIn === undefined) return null
      const [output] = await signIn.signIn({
        domain: parameters.domain,
        address: parameters.address,
        statement: parameters.statement,
        uri: parameters.uri,
        version: '1',
        chainId: String(parameters.chainId),
        nonce: parameters.nonce,
        issuedAt: parameters.issuedAt.toISOString(),
        expirationTime: parameters.expirationTime.toISOString(),
      })
      if (output === undefined) throw new LatchkeyError('wallet_error', `${wallet.name} returned no sign-in output: try again.`)
      // Signing in may switch (or connect) the account the wallet signs with.
      select(wallet, [output.account])
      // SIWS messages are ASCII: the text is the signed bytes. `fatal` refuses anything else rather than alter it.
      return { message: new TextDecoder('utf-8', { fatal: true }).decode(output.signedMessage), signature: base58.encode(output.signature) }
    },
    watchAccount(callback) {
      watchers.add(callback)
      return () => {
        watchers.delete(callback)
      }
    },
    async disconnect() {
      generation += 1
      const current = connected
      try {
        store()?.removeItem(STORAGE_KEY)
      } catch {
        // Nothing to forget.
      }
      drop()
      if (current !== null) await feature<Disconnect>(current.wallet, 'standard:disconnect')?.disconnect()
    },
    async reconnect() {
      if (connected !== null) return account
      let name: string | null = null
      try {
        name = store()?.getItem(STORAGE_KEY) ?? null
      } catch {
        name = null
      }
      if (name === null) return null
      const at = generation
      const wallet = available().find((item) => item.name === name)
      if (wallet !== undefined) {
        await silentConnect(wallet, at)
        return account
      }
      // The wallet may register after the app starts (extensions load late): restore it then, unless the user acted first.
      if (fixed === undefined) {
        const off = discovery().on('register', (...added) => {
          const late = added.find((item) => item.name === name && isSolanaWallet(item))
          if (late === undefined) return
          off()
          if (at === generation) silentConnect(late, at).catch(() => {})
        })
      }
      return null
    },
  }
}
