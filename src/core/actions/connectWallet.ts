import type { LatchkeyError } from '../errors.js'
import type { WalletActionParameters } from '../types.js'
import type { WalletAccount } from '../wallet.js'
import { ensureConnected } from '../walletMessage.js'
import type { WalletRuntime } from '../walletRuntime.js'

export type ConnectWalletParameters = WalletActionParameters

export type ConnectWalletReturnType = WalletAccount

/** `wallet_not_found`, `user_rejected`, `wallet_error`, `wallet_not_connected`. */
export type ConnectWalletErrorType = LatchkeyError

/**
 * Connects a wallet without signing anything. In `mode: 'connect-only'` a signed-out state
 * becomes `visitor` with the address: no JWT, no user record. Signing in later
 * (`signInWithWallet`) upgrades the visitor.
 */
export async function connectWallet(wallets: WalletRuntime, parameters?: ConnectWalletParameters): Promise<ConnectWalletReturnType> {
  wallets.engine.ensureInitialized()
  const adapter = wallets.adapterFor(parameters)
  const account = await ensureConnected(wallets, adapter, parameters?.walletId)
  wallets.setDisconnected(false)
  wallets.evaluate()
  return account
}
