import type { ReactNode } from 'react'
import type { AuthState } from '../core/index.js'
import type { SignedInProps } from './SignedIn.js'
import { useAuthSelector } from './useAuthState.js'

/** Props of `<SignedOut>`. */
export type SignedOutProps = SignedInProps

// A visitor (wallet connected, nothing signed) has no session: signed out.
const isSignedOut = (state: AuthState) => state.status === 'unauthenticated' || state.status === 'visitor'

/**
 * Renders its children only when nobody is signed in (status `unauthenticated` or
 * `visitor`); nothing while the state is still `loading`.
 *
 * @example
 * <SignedOut><AuthButton /></SignedOut>
 */
export function SignedOut({ children, fallback = null }: SignedOutProps): ReactNode {
  return useAuthSelector('<SignedOut>', isSignedOut) ? children : fallback
}
