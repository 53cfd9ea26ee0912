import type { LatchkeyError, User, WalletActionParameters } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

/** What `useLinkWallet` returns. */
export interface UseLinkWalletReturnType {
  /** Connects and signs with a further wallet and adds it to the user. Resolves the updated user, or `undefined` on failure. */
  link(parameters?: WalletActionParameters): Promise<User | undefined>
  linkAsync(parameters?: WalletActionParameters): Promise<User>
  pending: boolean
  /** `credential_in_use` (the wallet belongs to another account: nothing changed), `user_rejected`, … */
  error: LatchkeyError | null
  reset(): void
}

/**
 * Adds a wallet to the signed-in user. The session stays: `useUser()` updates in place
 * and `CREDENTIAL_LINKED` fires.
 *
 * @example
 * const { link, pending, error } = useLinkWallet()
 * <button onClick={() => link({ chain: 'evm' })} disabled={pending}>Link a wallet</button>
 */
export function useLinkWallet(): UseLinkWalletReturnType {
  const { run, runAsync, pending, error, reset } = useAuthMutation('useLinkWallet', 'linkWallet', (client, parameters?: WalletActionParameters) =>
    client.linkWallet(parameters),
  )
  return { link: run, linkAsync: runAsync, pending, error, reset }
}
