import type { LatchkeyError, UpdateUserRequest, User } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

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
  const { run, runAsync, pending, error, reset } = useAuthMutation('useUpdateUser', 'updateUser', (client, patch: UpdateUserRequest) =>
    client.updateUser(patch),
  )
  return { update: run, updateAsync: runAsync, pending, error, reset }
}
