/**
 * `latchkey`: the framework-free session engine. The only barrel of `src/core`.
 * @packageDocumentation
 */

/** Creates the auth client (state store, session engine and actions). */
export { createAuthClient } from './createAuthClient.js'
/** Options of `createAuthClient`. */
export type { AuthClientOptions } from './createAuthClient.js'

/** The one error type latchkey throws, with a stable `code`. */
export { LatchkeyError, isSessionEndingError, isTransientError } from './errors.js'

/** Wire constants shared with the server. */
export { CSRF_HEADER, DEFAULT_BASE_PATH } from './protocol.js'
/** Wire types shared with the server. */
export type {
  AccessTokenClaims,
  ActiveSession,
  EmailStartResponse,
  ErrorBody,
  ErrorCode,
  SessionBody,
  SessionListResponse,
  TokenResponse,
  User,
  VerifiedCredential,
} from './protocol.js'

/** The auth state union, events and the client interface. */
export type {
  AuthClient,
  AuthEvent,
  AuthEventType,
  AuthState,
  AuthStatus,
  Clock,
  KeyValueStorage,
  ResolvedAuthClientOptions,
  SessionInfo,
  SignOutReason,
  Timers,
  VisitorWallet,
  WalletMismatch,
} from './types.js'

/** Every user-visible string, the English defaults, and helpers to override and format them. */
export { defaultMessages, errorMessage, formatCountdown, resolveMessages } from './messages.js'
/** The messages object's type and its partial-override shape. */
export type { MessageOverrides, Messages } from './messages.js'

/** A `KeyValueStorage` in memory (the default outside browsers). */
export { createMemoryStorage } from './record.js'
/** A cross-tab lock over shared storage, for browsers without Web Locks. */
export { createStorageLock } from './lock.js'
/** The lock edge's shape (`navigator.locks`). */
export type { LockManagerLike, LockRequestOptions, StorageLockOptions } from './lock.js'
/** A cross-tab channel over `storage` events, for browsers without `BroadcastChannel`. */
export { createStorageEventChannel } from './channel.js'
/** The channel edge's shape (`BroadcastChannel`). */
export type { BroadcastChannelLike, ChannelFactory, StorageEventTarget } from './channel.js'
/** The page-lifecycle and user-input edges' shapes. */
export type { ActivitySource, VisibilitySource, WakeReason } from './visibility.js'
/** A `fetch`-compatible function. */
export type { FetchLike } from './transport.js'
/** Backoff options for retrying a refresh. */
export type { RetryOptions } from './backoff.js'

/** Parameters and results of the client's actions. */
export type { StartEmailSignInParameters, StartEmailSignInReturnType } from './actions/startEmailSignIn.js'
export type { VerifyEmailSignInParameters, VerifyEmailSignInReturnType } from './actions/verifyEmailSignIn.js'
export type { FetchWithSessionParameters } from './actions/fetchWithSession.js'
export type { RevokeSessionParameters } from './actions/revokeSession.js'
export type { RevokeOtherSessionsReturnType } from './actions/revokeOtherSessions.js'

// --- wallets and linking (issue 4, wallet-client) ------------------------------------
/** The wallet adapter seam (implemented by `latchkey/evm` and `latchkey/solana`). */
export type { WalletAccount, WalletAuthAdapter, WalletInfo, WalletMessageParameters } from './wallet.js'
/** Wire types of the wallet and link routes. */
export type { NonceRequest, NonceResponse, SessionUpdateResponse, UpdateUserRequest, WalletChain, WalletVerifyRequest } from './protocol.js'
/** Wallet options and action parameters. */
export type { WalletActionParameters, WalletMismatchPolicy } from './types.js'
export type { SignInWithWalletParameters, SignInWithWalletReturnType } from './actions/signInWithWallet.js'
export type { ConnectWalletParameters, ConnectWalletReturnType } from './actions/connectWallet.js'
export type { DisconnectWalletParameters } from './actions/disconnectWallet.js'
export type { LinkWalletParameters, LinkWalletReturnType } from './actions/linkWallet.js'
export type { LinkEmailStartParameters, LinkEmailStartReturnType } from './actions/linkEmailStart.js'
export type { LinkEmailVerifyParameters, LinkEmailVerifyReturnType } from './actions/linkEmailVerify.js'
export type { UnlinkCredentialParameters, UnlinkCredentialReturnType } from './actions/unlinkCredential.js'
export type { UpdateUserParameters, UpdateUserReturnType } from './actions/updateUser.js'
/** The user's wallet credentials, primary first. */
export { getWallets } from './userWallets.js'

// --- translation (issue 6, kit) --------------------------------------------------------
/** Shipped languages, each loaded on first use; and `Intl` time formatting for a locale. */
export { loadMessages, shippedLocales } from './loadMessages.js'
/** @internal Synchronous lookups for `AuthProvider`. */
export { localeLanguage, peekMessages } from './loadMessages.js'
export { formatTime } from './messages.js'
