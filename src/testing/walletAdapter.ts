import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { PrivateKeyAccount } from 'viem/accounts'
import type { WalletAccount, WalletAuthAdapter, WalletInfo } from '../core/index.js'
import { LatchkeyError } from '../core/index.js'
import { createEvmSignInMessage } from '../evm/siweMessage.js'
import { evmTestWalletIcon } from './wallets/icons.js'

/** Options of `createTestWalletAdapter`. */
export interface CreateTestWalletAdapterOptions {
  /** The adapter's id. Default `evm`. */
  id?: string
  /** Wallets to list. Default one installed "Dev wallet". */
  wallets?: Array<Partial<WalletInfo> & { id: string }>
  /** The first account's key. Default a fresh random key. */
  privateKey?: Hex
  /** Default 1. */
  chainId?: number
}

/** A `WalletAuthAdapter` without a wallet library, with the controls a test needs. */
export interface TestWalletAdapter extends WalletAuthAdapter {
  /** The selected account's address (connected or not). */
  readonly address: string
  /** Switches the selected account (index or a new key); notifies watchers when connected. */
  switchAccount(account: number | Hex): string
  switchChain(chainId: number): void
  /** The next `connect` or `signMessage` (or only `method`) fails as if the user refused. */
  rejectNext(method?: 'connect' | 'signMessage'): void
  /** Adds a wallet to the list (as a newly announced extension) and notifies `subscribe` listeners. */
  addWallet(wallet: Partial<WalletInfo> & { id: string }): void
  /** The user disconnects from inside the wallet. */
  disconnectFromWallet(): void
  /** Calls made, in order (`connect`, `signMessage`, `disconnect`, `reconnect`). */
  readonly calls: string[]
  /** Messages signed, in order. */
  readonly signed: string[]
}

/**
 * A chain-neutral wallet adapter for tests and stories: EIP-4361 messages (viem's
 * `createSiweMessage`) signed for real by a viem local account, so a latchkey server
 * verifies them; no wagmi, no EIP-1193 provider.
 *
 * @example
 * const adapter = createTestWalletAdapter()
 * const client = createAuthClient({ wallets: [adapter] })
 * await client.signInWithWallet()
 */
export function createTestWalletAdapter(options: CreateTestWalletAdapterOptions = {}): TestWalletAdapter {
  const keys: PrivateKeyAccount[] = [privateKeyToAccount(options.privateKey ?? generatePrivateKey())]
  let wallets: WalletInfo[] = (options.wallets ?? [{ id: 'dev.latchkey.testwallet', name: 'Dev wallet' }]).map(toInfo)
  const listListeners = new Set<() => void>()
  const accountListeners = new Set<(account: WalletAccount | null) => void>()
  const calls: string[] = []
  const signed: string[] = []
  let selected = 0
  let chainId = options.chainId ?? 1
  let connectedTo: WalletInfo | null = null
  let reject: { method: string | undefined } | null = null
  let account: WalletAccount | null = null

  function toInfo(wallet: Partial<WalletInfo> & { id: string }): WalletInfo {
    return { name: wallet.id, icon: evmTestWalletIcon, chain: 'evm', installed: true, ...wallet }
  }
  const current = () => keys[selected]!
  function update() {
    const next = connectedTo === null ? null : { address: current().address, chainId, walletId: connectedTo.id, walletName: connectedTo.name }
    account = next
    for (const listener of [...accountListeners]) listener(next)
  }
  function refused(method: string) {
    if (reject === null || (reject.method !== undefined && reject.method !== method)) return false
    reject = null
    return true
  }

  return {
    id: options.id ?? 'evm',
    chain: 'evm',
    calls,
    signed,
    get address() {
      return current().address
    },
    listWallets: () => wallets,
    subscribe(listener) {
      listListeners.add(listener)
      return () => listListeners.delete(listener)
    },
    async connect(walletId) {
      calls.push('connect')
      const wallet = wallets.find((item) => item.id === walletId)
      if (wallet === undefined || !wallet.installed) throw new LatchkeyError('wallet_not_found', `The test adapter has no installed wallet ${walletId}.`)
      if (refused('connect')) throw new LatchkeyError('user_rejected', 'The user refused to connect (rejectNext).')
      connectedTo = wallet
      update()
      return { address: current().address, chainId }
    },
    getAccount: () => account,
    createMessage: createEvmSignInMessage,
    async signMessage(message) {
      calls.push('signMessage')
      if (connectedTo === null) throw new LatchkeyError('wallet_not_connected', 'The test adapter is not connected.')
      if (refused('signMessage')) throw new LatchkeyError('user_rejected', 'The user refused to sign (rejectNext).')
      signed.push(message)
      return current().signMessage({ message })
    },
    watchAccount(callback) {
      accountListeners.add(callback)
      return () => accountListeners.delete(callback)
    },
    async disconnect() {
      calls.push('disconnect')
      connectedTo = null
      update()
    },
    async reconnect() {
      calls.push('reconnect')
      return account
    },
    switchAccount(next) {
      if (typeof next === 'number') {
        if (keys[next] === undefined) throw new RangeError(`switchAccount: the adapter holds ${keys.length} account(s).`)
        selected = next
      } else {
        const added = privateKeyToAccount(next)
        const index = keys.findIndex((key) => key.address === added.address)
        selected = index === -1 ? keys.push(added) - 1 : index
      }
      if (connectedTo !== null) update()
      return current().address
    },
    switchChain(next) {
      chainId = next
      if (connectedTo !== null) update()
    },
    rejectNext(method) {
      reject = { method }
    },
    addWallet(wallet) {
      // A new array: `listWallets()` results are compared by identity (useSyncExternalStore).
      wallets = [...wallets, toInfo(wallet)]
      for (const listener of [...listListeners]) listener()
    },
    disconnectFromWallet() {
      connectedTo = null
      update()
    },
  }
}
