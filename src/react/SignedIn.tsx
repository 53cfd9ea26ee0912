import type { ReactNode } from 'react'
import type { AuthState } from '../core/index.js'
import { useAuthSelector } from './useAuthState.js'

/** Props of `<SignedIn>` and `<SignedOut>`. */
export interface SignedInProps {
  children?: ReactNode
  /** Rendered instead of `children` when the condition does not hold (default nothing). */
  fallback?: ReactNode
}

const isSignedIn = (state: AuthState) => state.status === 'authenticated'

/**
 * Renders its children only while a user is signed in (status `authenticated`).
 * While the state is `loading` neither `<SignedIn>` nor `<SignedOut>` renders its children.
 *
 * @example
 * <SignedIn><AccountPage /></SignedIn>
 */
export function SignedIn({ children, fallback = null }: SignedInProps): ReactNode {
  return useAuthSelector('<SignedIn>', isSignedIn) ? children : fallback
}
