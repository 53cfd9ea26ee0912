import type { AuthState, VisitorWallet } from '../core/index.js'
import { useAuthSelector } from './useAuthState.js'

const selectVisitor = (state: AuthState): VisitorWallet | null => (state.status === 'visitor' ? state.wallet : null)

/**
 * The visitor's wallet in `connect-only` mode (connected, nothing signed: no JWT, no user
 * record), or `null`. Upgrade with `useWalletSignIn()`.
 *
 * @example
 * const visitor = useVisitor()
 * return visitor ? <p>Browsing as {visitor.address}</p> : null
 */
export function useVisitor(): VisitorWallet | null {
  return useAuthSelector('useVisitor', selectVisitor)
}
