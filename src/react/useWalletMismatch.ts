import type { AuthState, WalletMismatch } from '../core/index.js'
import { useAuthSelector } from './useAuthState.js'

const selectMismatch = (state: AuthState): WalletMismatch | null => (state.status === 'authenticated' ? state.walletMismatch : null)

/**
 * The connected wallet account when it is not one of the signed-in user's
 * (`{ sessionAddress, connectedAddress, chain }`), else `null`. With
 * `onWalletMismatch: 'prompt'` (the default) the UI asks; draw your own prompt with this.
 *
 * @example
 * const mismatch = useWalletMismatch()
 * if (mismatch) return <p>Your wallet switched to {mismatch.connectedAddress}.</p>
 */
export function useWalletMismatch(): WalletMismatch | null {
  return useAuthSelector('useWalletMismatch', selectMismatch)
}
