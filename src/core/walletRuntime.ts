import type { Engine } from './engine.js'
import { LatchkeyError } from './errors.js'
import type { WalletChain } from './protocol.js'
import { safeGet, safeRemove, safeSet } from './record.js'
import { enqueueRevocation, flushRevocations } from './revocations.js'
import type { AuthState, VisitorWallet, WalletActionParameters, WalletMismatch, WalletMismatchPolicy } from './types.js'
import { credentialChain, sameAddress } from './wallet.js'
import type { WalletAccount, WalletAuthAdapter } from './wallet.js'

/** @internal Wallet options, resolved. */
export interface WalletConfig {
  adapters: readonly WalletAuthAdapter[]
  mode: 'sign-in' | 'connect-only'
  onWalletMismatch: WalletMismatchPolicy
  signOutOnChainChange: boolean
  /** The page's host and origin for sign-in messages, read at call time. */
  domain: () => string
  uri: () => string
  statement: string | undefined
}

/**
 * @internal The wallet side of the client: which adapter an action uses, the "user
 * disconnected" flag (kept in storage, so nothing reconnects on reload), and the watchers
 * that turn wallet events into `visitor` and `walletMismatch` state and apply the policy.
 * Attached on the engine's first subscriber, like every other listener.
 */
export interface WalletRuntime {
  readonly engine: Engine
  readonly config: WalletConfig
  /** The adapter a wallet action addresses; throws `wallet_not_found`. */
  adapterFor(parameters: WalletActionParameters | undefined): WalletAuthAdapter
  /** Re-derives `visitor` / `walletMismatch` from the adapters' accounts now. */
  evaluate(): void
  isDisconnected(): boolean
  setDisconnected(value: boolean): void
  /** While a link is in progress the wallet is expected to show another account: no mismatch. Returns the end. */
  beginLink(): () => void
  attach(engine: Engine, subscribeState: (listener: () => void) => () => void): () => void
}

/** @internal Builds the runtime (`createAuthClient` checked the adapters with `checkWalletAdapters`). */
export function createWalletRuntime(engine: () => Engine, config: WalletConfig): WalletRuntime {
  const flagKey = () => `${engine().config.storageKey}.wallet`
  /** Last account seen per adapter, to tell a chain switch from an account switch. */
  const last = new Map<WalletAuthAdapter, WalletAccount | null>()
  let linking = 0

  function adapterFor(parameters: WalletActionParameters | undefined): WalletAuthAdapter {
    const { chain, adapter: id, walletId } = parameters ?? {}
    const candidates = config.adapters.filter((adapter) => (id === undefined || adapter.id === id) && (chain === undefined || adapter.chain === chain))
    // With EVM and Solana registered, a wallet id alone names its adapter: the one that lists it.
    const found = (walletId === undefined ? undefined : candidates.find((adapter) => adapter.listWallets().some((wallet) => wallet.id === walletId))) ?? candidates[0]
    if (found === undefined) {
      throw new LatchkeyError(
        'wallet_not_found',
        config.adapters.length === 0
          ? 'No wallet adapter is registered: pass `wallets: [evmWallets()]` (from latchkey/evm) to createAuthClient or <AuthProvider>.'
          : `No registered wallet adapter matches ${JSON.stringify({ chain, adapter: id })}; registered: ${config.adapters.map((a) => a.id).join(', ')}.`,
      )
    }
    return found
  }

  function userWallets(state: Extract<AuthState, { status: 'authenticated' }>, chain: WalletChain) {
    const family = credentialChain(chain)
    return state.user.verifiedCredentials.filter((credential) => credential.format === 'blockchain' && credential.chain === family && credential.address)
  }

  function mismatchFor(state: Extract<AuthState, { status: 'authenticated' }>): WalletMismatch | null {
    for (const adapter of config.adapters) {
      const account = adapter.getAccount()
      if (account === null) continue
      const wallets = userWallets(state, adapter.chain)
      // An email user's wallet, connected but not linked, is no mismatch: there is no session wallet to differ from.
      if (wallets.length === 0) continue
      if (wallets.some((credential) => sameAddress(adapter.chain, credential.address as string, account.address))) continue
      const primary = wallets.find((credential) => credential.id === state.user.primaryWalletId) ?? wallets[0]
      return { sessionAddress: primary?.address as string, connectedAddress: account.address, chain: credentialChain(adapter.chain) }
    }
    return null
  }

  function visitorWallet(): VisitorWallet | null {
    for (const adapter of config.adapters) {
      const account = adapter.getAccount()
      if (account !== null) {
        return { chain: credentialChain(adapter.chain), address: account.address, walletName: account.walletName, walletId: account.walletId, chainId: account.chainId }
      }
    }
    return null
  }

  function signOutForWallet(target: Engine) {
    const previous = target.endSession('wallet_changed')
    if (previous !== null) enqueueRevocation(target, previous)
    void flushRevocations(target)
  }

  function evaluate() {
    const target = engine()
    const state = target.getState()
    if (state.status === 'authenticated') {
      if (linking > 0) return
      const mismatch = mismatchFor(state)
      if (mismatch !== null && config.onWalletMismatch === 'signOut') {
        signOutForWallet(target)
        return
      }
      target.dispatch({ type: 'walletMismatch', mismatch })
    } else if (config.mode === 'connect-only' && (state.status === 'unauthenticated' || state.status === 'visitor')) {
      target.dispatch({ type: 'visitor', wallet: visitorWallet() })
    }
  }

  function onAccount(adapter: WalletAuthAdapter, account: WalletAccount | null) {
    const previous = last.get(adapter) ?? null
    last.set(adapter, account)
    const target = engine()
    const state = target.getState()
    if (
      linking === 0 &&
      config.signOutOnChainChange &&
      state.status === 'authenticated' &&
      previous !== null &&
      account !== null &&
      sameAddress(adapter.chain, previous.address, account.address) &&
      previous.chainId !== account.chainId &&
      userWallets(state, adapter.chain).some((credential) => sameAddress(adapter.chain, credential.address as string, account.address))
    ) {
      signOutForWallet(target)
      return
    }
    evaluate()
  }

  const runtime: WalletRuntime = {
    get engine() {
      return engine()
    },
    config,
    adapterFor,
    evaluate,
    beginLink() {
      linking += 1
      let ended = false
      return () => {
        if (ended) return
        ended = true
        linking -= 1
        evaluate()
      }
    },
    isDisconnected: () => safeGet(engine().storage(), flagKey()) === 'disconnected',
    setDisconnected(value) {
      if (value) safeSet(engine().storage(), flagKey(), 'disconnected')
      else safeRemove(engine().storage(), flagKey())
    },
    attach(_engine, subscribeState) {
      if (config.adapters.length === 0) return () => {}
      let stopped = false
      const unwatch = config.adapters.map((adapter) => {
        last.set(adapter, adapter.getAccount())
        return adapter.watchAccount((account) => onAccount(adapter, account))
      })
      // A user change (link, unlink, another tab's sign-in) can make or clear a mismatch.
      let lastUser: unknown = null
      const unsubscribe = subscribeState(() => {
        const state = engine().getState()
        const key = state.status === 'authenticated' ? state.user : state.status
        if (key === lastUser) return
        lastUser = key
        evaluate()
      })
      if (!runtime.isDisconnected()) {
        for (const adapter of config.adapters) {
          adapter
            .reconnect?.()
            .then(() => {
              if (!stopped) evaluate()
            })
            .catch(() => {
              // Nothing to restore (the wallet is locked or gone): stay as we are.
            })
        }
      }
      evaluate()
      return () => {
        stopped = true
        unsubscribe()
        for (const stop of unwatch) stop()
      }
    },
  }
  return runtime
}
