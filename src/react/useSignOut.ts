import { useMutation } from '@tanstack/react-query'
import type { LatchkeyError } from '../core/index.js'
import { useAuthContext } from './context.js'

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
  const { client, queryClient } = useAuthContext('useSignOut')
  const { mutate, mutateAsync, isPending, error } = useMutation<void, LatchkeyError>(
    { mutationKey: ['latchkey', 'signOut'], mutationFn: () => client.signOut() },
    queryClient,
  )
  return { signOut: () => mutate(), signOutAsync: () => mutateAsync(), pending: isPending, error }
}
