import { useMutation } from '@tanstack/react-query'
import type { LatchkeyError, WalletChain } from '../core/index.js'
import { useAuthContext } from './context.js'

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
  const { client, queryClient } = useAuthContext('useDisconnectWallet')
  const mutation = useMutation<void, LatchkeyError, { chain?: WalletChain } | undefined>(
    { mutationKey: ['latchkey', 'disconnectWallet'], mutationFn: (parameters) => client.disconnectWallet(parameters) },
    queryClient,
  )
  return {
    disconnect: (parameters) => mutation.mutate(parameters),
    disconnectAsync: (parameters) => mutation.mutateAsync(parameters),
    pending: mutation.isPending,
    error: mutation.error,
  }
}
