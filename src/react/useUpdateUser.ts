import { useMutation } from '@tanstack/react-query'
import type { LatchkeyError, UpdateUserRequest, User } from '../core/index.js'
import { useAuthContext } from './context.js'

/** What `useUpdateUser` returns. */
export interface UseUpdateUserReturnType {
  /** Saves the fields; resolves the updated user, or `undefined` on failure. */
  update(patch: UpdateUserRequest): Promise<User | undefined>
  updateAsync(patch: UpdateUserRequest): Promise<User>
  pending: boolean
  error: LatchkeyError | null
  reset(): void
}

/**
 * Updates the profile and the primary wallet (`PATCH /me`).
 *
 * @example
 * const { update } = useUpdateUser()
 * <button onClick={() => update({ primaryWalletId: wallet.id })}>Make primary</button>
 */
export function useUpdateUser(): UseUpdateUserReturnType {
  const { client, queryClient } = useAuthContext('useUpdateUser')
  const mutation = useMutation<User, LatchkeyError, UpdateUserRequest>(
    { mutationKey: ['latchkey', 'updateUser'], mutationFn: (patch) => client.updateUser(patch) },
    queryClient,
  )
  return {
    update: (patch) => mutation.mutateAsync(patch).catch(() => undefined),
    updateAsync: (patch) => mutation.mutateAsync(patch),
    pending: mutation.isPending,
    error: mutation.error,
    reset: mutation.reset,
  }
}
