import type { LatchkeyError, WalletChain } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

/** What `useDisconnectWallet` returns. */
export interface UseDisconnectWalletReturnType {
  /** Disconnects the wallet (all chains, or `chain`'s). The session, if any, stays. Never rejects. */
  disconnect(parameters?: { chain?: WalletChain }): void
  disconnectAsync(parameters?: { chain?: WalletChain }): Promise<void>
  pending: boolean
  error: LatchkeyError | null
}

/**
 * "Disconnect wallet", which is not "Sign out": a visitor becomes signed out, a signed-in
 * user stays signed in. Nothing reconnects silently on reload afterwards.
 *
 * @example
 * const { disconnect } = useDisconnectWallet()
 */
export function useDisconnectWallet(): UseDisconnectWalletReturnType {
  const { run, runAsync, pending, error } = useAuthMutation(
    'useDisconnectWallet',
    'disconnectWallet',
    (client, parameters?: { chain?: WalletChain }) => client.disconnectWallet(parameters),
  )
  return { disconnect: (parameters) => void run(parameters), disconnectAsync: runAsync, pending, error }
}
