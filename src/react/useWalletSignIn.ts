import type { LatchkeyError, User, WalletActionParameters } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

/** What `useWalletSignIn` returns. */
export interface UseWalletSignInReturnType {
  /** Connects if needed, signs the sign-in message, signs in. Resolves the user, or `undefined` on failure (see `error`). */
  signIn(parameters?: WalletActionParameters): Promise<User | undefined>
  /** The same, rejecting with the `LatchkeyError`. */
  signInAsync(parameters?: WalletActionParameters): Promise<User>
  /** True from the click until the server answered: the wallet is asking the user to connect or sign. */
  pending: boolean
  /** `user_rejected`, `wallet_not_found`, `chain_not_allowed`, `credential_in_use`, … */
  error: LatchkeyError | null
  /** The wallet of the last attempt. */
  walletId: string | undefined
  reset(): void
}

/**
 * Headless wallet sign-in (Sign-In with Ethereum / Solana through the registered adapters).
 *
 * @example
 * const wallets = useWallets()
 * const { signIn, pending, error } = useWalletSignIn()
 * return wallets.map((w) => <button key={w.id} onClick={() => signIn({ chain: w.chain, walletId: w.id })}>{w.name}</button>)
 */
export function useWalletSignIn(): UseWalletSignInReturnType {
  const { run, runAsync, pending, error, variables, reset } = useAuthMutation(
    'useWalletSignIn',
    'signInWithWallet',
    (client, parameters?: WalletActionParameters) => client.signInWithWallet(parameters),
  )
  return { signIn: run, signInAsync: runAsync, pending, error, walletId: variables?.walletId, reset }
}
