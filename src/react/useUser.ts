import type { AuthState, User } from '../core/index.js'
import { useAuthSelector } from './useAuthState.js'

const selectUser = (state: AuthState): User | null =>
  state.status === 'authenticated' ? state.user : null

/**
 * The signed-in user, or `null` (loading, signed out, visitor). The same object until
 * the user changes: a silent token refresh does not re-render the component.
 *
 * @example
 * const user = useUser()
 * return user ? <p>Signed in as {user.email}</p> : null
 */
export function useUser(): User | null {
  return useAuthSelector('useUser', selectUser)
}
