'use client'

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

// --- session expiry and sessions (issue 3, session-ui) ---
/** {@inheritDoc useSessionExpiry} */
export { useSessionExpiry } from './useSessionExpiry.js'
export type { UseSessionExpiryParameters, UseSessionExpiryReturnType } from './useSessionExpiry.js'
/** {@inheritDoc useSessions} */
export { useSessions } from './useSessions.js'
export type { UseSessionsReturnType } from './useSessions.js'

// --- wallets and linking (issue 4, wallet-client) ----------------------------------------
/** {@inheritDoc useWallets} */
export { useWallets } from './useWallets.js'
export type { WalletOption } from './useWallets.js'
/** {@inheritDoc useWalletSignIn} */
export { useWalletSignIn } from './useWalletSignIn.js'
export type { UseWalletSignInReturnType } from './useWalletSignIn.js'
/** {@inheritDoc useLinkWallet} */
export { useLinkWallet } from './useLinkWallet.js'
export type { UseLinkWalletReturnType } from './useLinkWallet.js'
/** {@inheritDoc useLinkEmail} */
export { useLinkEmail } from './useLinkEmail.js'
export type { UseLinkEmailReturnType } from './useLinkEmail.js'
/** {@inheritDoc useUnlinkCredential} */
export { useUnlinkCredential } from './useUnlinkCredential.js'
export type { UseUnlinkCredentialReturnType } from './useUnlinkCredential.js'
/** {@inheritDoc useUpdateUser} */
export { useUpdateUser } from './useUpdateUser.js'
export type { UseUpdateUserReturnType } from './useUpdateUser.js'
/** {@inheritDoc useVisitor} */
export { useVisitor } from './useVisitor.js'
/** {@inheritDoc useWalletMismatch} */
export { useWalletMismatch } from './useWalletMismatch.js'
/** {@inheritDoc useDisconnectWallet} */
export { useDisconnectWallet } from './useDisconnectWallet.js'
export type { UseDisconnectWalletReturnType } from './useDisconnectWallet.js'
/** {@inheritDoc useUserWallets} */
export { useUserWallets } from './useUserWallets.js'

// --- account menu (issue 6, ui) ----------------------------------------------------------
/** {@inheritDoc useWalletAccount} */
export { useWalletAccount } from './useWalletAccount.js'
