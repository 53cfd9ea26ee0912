import { connect, createConfig, disconnect, getConnection, http, injected, reconnect, signMessage, watchConnection, watchConnectors } from '@wagmi/core'
import type { Config, Connector } from '@wagmi/core'
import { mainnet } from 'viem/chains'
import type { Hex } from 'viem'
import { LatchkeyError } from '../core/index.js'
import { createEvmSignInMessage } from './siweMessage.js'
import type { WalletAccount, WalletAuthAdapter, WalletInfo } from '../core/index.js'

/** Options of `evmWallets`. */
export interface EvmWalletsOptions {
  /** The adapter's id. Default `evm`. */
  id?: string
}

/** The generic injected connector (`window.ethereum`), shown only when no EIP-6963 wallet announced itself. */
const GENERIC_INJECTED = 'injected'

/**
 * The default wagmi config: the injected connector plus EIP-6963 discovery (every extension
 * that announces itself is listed), Ethereum mainnet, no persistence beyond wagmi's own.
 */
function defaultConfig(): Config {
  return createConfig({
    chains: [mainnet],
    connectors: [injected()],
    multiInjectedProviderDiscovery: true,
    transports: { [mainnet.id]: http() },
  })
}

function sameAccount(a: WalletAccount | null, b: WalletAccount | null): boolean {
  if (a === null || b === null) return a === b
  return a.address === b.address && a.chainId === b.chainId && a.walletId === b.walletId && a.walletName === b.walletName
}

/**
 * EVM wallets for latchkey, over wagmi: EIP-6963 discovery, connect, Sign-In with Ethereum
 * messages (viem's `createSiweMessage`), signing, and account/chain events. Pass your app's
 * wagmi config to share its connectors and connection; without one, a config with the
 * injected connector and EIP-6963 discovery is created on first use.
 *
 * @example
 * import { evmWallets } from 'latchkey/evm'
 *
 * <AuthProvider wallets={[evmWallets(wagmiConfig)]}>
 *   <AuthButton />
 * </AuthProvider>
 */
export function evmWallets(config?: Config, options: EvmWalletsOptions = {}): WalletAuthAdapter {
  if (config !== undefined && (typeof config !== 'object' || config === null || typeof config.subscribe !== 'function')) {
    throw new TypeError('evmWallets: pass a wagmi config made with `createConfig` from wagmi or @wagmi/core, or nothing for the default.')
  }
  let resolved: Config | undefined = config
  // Created on first use, not when the app calls evmWallets(): nothing touches `window` before.
  const wagmi = () => (resolved ??= defaultConfig())

  let wallets: WalletInfo[] | null = null
  let walletsFrom: readonly Connector[] | null = null
  let account: WalletAccount | null = null

  function toAccount(): WalletAccount | null {
    const connection = getConnection(wagmi())
    const next =
      connection.status === 'connected'
        ? { address: connection.address, chainId: connection.chainId, walletId: connection.connector.id, walletName: connection.connector.name }
        : null
    // The same object while nothing changed, so callers may compare by identity.
    if (!sameAccount(account, next)) account = next
    return account
  }

  function connectorFor(walletId: string): Connector {
    const connector = wagmi().connectors.find((item) => item.id === walletId)
    if (connector === undefined) {
      throw new LatchkeyError('wallet_not_found', `No EVM wallet ${JSON.stringify(walletId)} is available. Install it, or pick one of: ${wagmi().connectors.map((item) => item.id).join(', ') || 'none'}.`)
    }
    return connector
  }

  return {
    id: options.id ?? 'evm',
    chain: 'evm',
    listWallets() {
      const connectors = wagmi().connectors
      if (wallets !== null && walletsFrom === connectors) return wallets
      const announced = connectors.some((connector) => connector.type === 'injected' && connector.id !== GENERIC_INJECTED)
      const hasInjected = typeof window !== 'undefined' && (window as { ethereum?: unknown }).ethereum !== undefined
      walletsFrom = connectors
      wallets = connectors
        .filter((connector) => !(connector.id === GENERIC_INJECTED && announced))
        .map((connector) => ({
          id: connector.id,
          name: connector.id === GENERIC_INJECTED ? 'Browser wallet' : connector.name,
          icon: connector.icon ?? null,
          chain: 'evm' as const,
          installed: connector.id === GENERIC_INJECTED ? hasInjected : true,
        }))
      return wallets
    },
    subscribe(listener) {
      return watchConnectors(wagmi(), { onChange: () => listener() })
    },
    async connect(walletId) {
      const connector = connectorFor(walletId)
      const current = getConnection(wagmi())
      if (current.status === 'connected' && current.connector.id === walletId) return { address: current.address, chainId: current.chainId }
      const result = await connect(wagmi(), { connector })
      const address = result.accounts[0]
      if (address === undefined) throw new LatchkeyError('wallet_not_connected', 'The wallet connected without an account. Unlock it and try again.')
      return { address, chainId: result.chainId }
    },
    getAccount: toAccount,
    createMessage: createEvmSignInMessage,
    async signMessage(message) {
      const current = toAccount()
      if (current === null) throw new LatchkeyError('wallet_not_connected', 'Connect an EVM wallet before signing.')
      return signMessage(wagmi(), { message, account: current.address as Hex })
    },
    watchAccount(callback) {
      let last = toAccount()
      return watchConnection(wagmi(), {
        onChange() {
          const next = toAccount()
          if (next === last) return
          last = next
          callback(next)
        },
      })
    },
    async disconnect() {
      await disconnect(wagmi())
    },
    async reconnect() {
      await reconnect(wagmi())
      return toAccount()
    },
  }
}
