import { getWallets } from '../core/index.js'
import type { VerifiedCredential } from '../core/index.js'
import { useUser } from './useUser.js'

const none: VerifiedCredential[] = []

/**
 * The signed-in user's wallets (`verifiedCredentials` of format `blockchain`), the primary
 * wallet first; `[]` when signed out. The same array until the user changes, so a silent
 * token refresh does not re-render.
 *
 * @example
 * const [primary] = useUserWallets()
 */
export function useUserWallets(): VerifiedCredential[] {
  const user = useUser()
  return user === null ? none : getWallets(user)
}
