import type { WalletChain } from '../protocol.js'
import { walletError } from '../walletMessage.js'
import type { WalletRuntime } from '../walletRuntime.js'

export interface DisconnectWalletParameters {
  /** Only this chain family's adapter. Default: every adapter. */
  chain?: WalletChain | undefined
}

/**
 * Disconnects the wallet, which is not signing out: a session stays. A visitor becomes
 * signed out. latchkey remembers it (in storage), so nothing reconnects silently on
 * reload until the user connects again.
 */
export async function disconnectWallet(wallets: WalletRuntime, parameters?: DisconnectWalletParameters): Promise<void> {
  wallets.engine.ensureInitialized()
  wallets.setDisconnected(true)
  const adapters = wallets.config.adapters.filter((adapter) => parameters?.chain === undefined || adapter.chain === parameters.chain)
  try {
    await Promise.all(adapters.map((adapter) => adapter.disconnect()))
  } catch (error) {
    throw walletError(error, 'disconnect')
  } finally {
    wallets.evaluate()
  }
}
