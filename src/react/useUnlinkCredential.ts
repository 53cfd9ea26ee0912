import type { LatchkeyError, User } from '../core/index.js'
import { useAuthMutation } from './useAuthMutation.js'

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
  const { run, runAsync, pending, error, reset } = useAuthMutation('useUnlinkCredential', 'unlinkCredential', (client, id: string) =>
    client.unlinkCredential({ id }),
  )
  return { unlink: run, unlinkAsync: runAsync, pending, error, reset }
}
