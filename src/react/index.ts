/**
 * `latchkey/react`: the provider, hooks and `<SignedIn>`/`<SignedOut>`.
 * Auth state lives in the core client; these subscribe to it with selectors.
 */

/** {@inheritDoc AuthProvider} */
export { AuthProvider } from './AuthProvider.js'
export type { AuthProviderProps } from './AuthProvider.js'
/** {@inheritDoc SignedIn} */
export { SignedIn } from './SignedIn.js'
export type { SignedInProps } from './SignedIn.js'
/** {@inheritDoc SignedOut} */
export { SignedOut } from './SignedOut.js'
export type { SignedOutProps } from './SignedOut.js'
/** {@inheritDoc useAuth} */
export { useAuth } from './useAuth.js'
export type { AuthActions, UseAuthReturnType } from './useAuth.js'
/** {@inheritDoc useAuthClient} */
export { useAuthClient } from './useAuthClient.js'
/** {@inheritDoc useAuthState} */
export { useAuthState } from './useAuthState.js'
/** {@inheritDoc useCountdown} */
export { useCountdown } from './useCountdown.js'
/** {@inheritDoc useEmailSignIn} */
export { useEmailSignIn } from './useEmailSignIn.js'
export type { UseEmailSignInReturnType } from './useEmailSignIn.js'
export type { EmailSignInState } from './emailSignIn.js'
/** {@inheritDoc useMessages} */
export { useMessages } from './useMessages.js'
/** {@inheritDoc useSignOut} */
export { useSignOut } from './useSignOut.js'
export type { UseSignOutReturnType } from './useSignOut.js'
/** {@inheritDoc useUser} */
export { useUser } from './useUser.js'
