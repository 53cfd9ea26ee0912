import { useMutation } from '@tanstack/react-query'
import type { LatchkeyError, User } from '../core/index.js'
import { useAuthContext } from './context.js'

/** What `useUnlinkCredential` returns. */
export interface UseUnlinkCredentialReturnType {
  /** Removes the credential; resolves the updated user, or `undefined` on failure. */
  unlink(id: string): Promise<User | undefined>
  unlinkAsync(id: string): Promise<User>
  pending: boolean
  /** `last_credential` (never the last way to sign in), `credential_not_found`, … */
  error: LatchkeyError | null
  reset(): void
}

/**
 * Removes a wallet or email from the signed-in user (`DELETE /credentials/:id`).
 *
 * @example
 * const { unlink } = useUnlinkCredential()
 * <button onClick={() => unlink(wallet.id)}>Remove</button>
 */
export function useUnlinkCredential(): UseUnlinkCredentialReturnType {
  const { client, queryClient } = useAuthContext('useUnlinkCredential')
  const mutation = useMutation<User, LatchkeyError, string>(
    { mutationKey: ['latchkey', 'unlinkCredential'], mutationFn: (id) => client.unlinkCredential({ id }) },
    queryClient,
  )
  return {
    unlink: (id) => mutation.mutateAsync(id).catch(() => undefined),
    unlinkAsync: (id) => mutation.mutateAsync(id),
    pending: mutation.isPending,
    error: mutation.error,
    reset: mutation.reset,
  }
}
