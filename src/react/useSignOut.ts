import type { LatchkeyError } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

/** What `useSignOut` returns. */
export interface UseSignOutReturnType {
  /** Signs out (this tab and every tab of this browser). Never rejects: a failure lands in `error`. */
  signOut(): void
  /** The same, as a promise that rejects with the `LatchkeyError`. */
  signOutAsync(): Promise<void>
  pending: boolean
  error: LatchkeyError | null
}

/**
 * Signs the user out. Offline, the engine signs out locally at once and revokes the
 * session on the server when the network returns, so `signOut` ends the local session
 * either way.
 *
 * @example
 * const { signOut, pending } = useSignOut()
 * return <button onClick={signOut} disabled={pending}>Sign out</button>
 */
export function useSignOut(): UseSignOutReturnType {
  const { run, runAsync, pending, error } = useAuthMutation('useSignOut', 'signOut', (client) => client.signOut())
  return { signOut: () => void run(), signOutAsync: () => runAsync(), pending, error }
}
