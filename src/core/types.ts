import type { LatchkeyError } from './errors.js'
import type { Messages } from './messages.js'
import type { ActiveSession, EmailStartResponse, UpdateUserRequest, User, WalletChain } from './protocol.js'
import type { WalletAccount, WalletAuthAdapter } from './wallet.js'

/** Session facts the UI may show. Times are ms since the epoch on the *local* clock (skew-corrected). */
export interface SessionInfo {
  id: string
  accessTokenExpiresAt: number
  /** Absolute end of the session. */
  expiresAt: number
}

/** A wallet connected without signing (connect-only mode). */
export interface VisitorWallet {
  chain: string
  address: string
  walletName?: string
  /** The adapter's wallet id and the account's chain id (wallet-client, issue 4). */
  walletId?: string
  chainId?: number | string
}

/** Session address vs connected address, when they differ. */
export interface WalletMismatch {
  sessionAddress: string
  connectedAddress: string
  chain: string
}

/**
 * The auth state: exactly four statuses. Everything else is a field.
 * Switches over `status` end with `status satisfies never`.
 */
export type AuthState =
  | { status: 'loading' }
  | { status: 'unauthenticated' }
  | { status: 'visitor'; wallet: VisitorWallet }
  | {
      status: 'authenticated'
      user: User
      session: SessionInfo
      network: 'online' | 'offline'
      /** A `SESSION_EXPIRING` warning is due. */
      expiring: boolean
      /**
       * The user dismissed the expiry warning of this session (in any tab of this browser):
       * `dismissExpiryWarning()`. A new session starts `false` again.
       */
      expiryWarningDismissed: boolean
      walletMismatch: WalletMismatch | null
    }

export type AuthStatus = AuthState['status']

export type SignOutReason =
  | 'user'
  | 'expired'
  | 'idle'
  | 'revoked'
  | 'reuse_detected'
  | 'wallet_changed'
  | 'other_tab'

export type AuthEvent =
  | { type: 'INITIAL_SESSION' }
  | { type: 'SIGNED_IN' }
  | { type: 'SIGNED_OUT'; reason: SignOutReason }
  | { type: 'TOKEN_REFRESHED' }
  | { type: 'USER_UPDATED' }
  | { type: 'CREDENTIAL_LINKED' }
  | { type: 'SESSION_EXPIRING' }

export type AuthEventType = AuthEvent['type']

/** Synchronous key/value storage (localStorage's shape). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface Clock {
  now(): number
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** The public client. Bound actions live on it; each is also its own module under `actions/`. */
export interface AuthClient {
  /** The current state. In a browser the first call reads storage, so a stored session is `authenticated` at once. */
  getState(): AuthState
  /**
   * The state for server rendering and the first hydration render: derived from
   * `initialSession` (`null` → `unauthenticated`), else `loading`. Never reads storage; the
   * same object on every call.
   */
  getInitialState(): AuthState
  /** Called on every state change. Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** `INITIAL_SESSION` first (asynchronously), then every event. Errors thrown by `callback` are reported, never rethrown. */
  onAuthStateChange(callback: (event: AuthEvent, state: AuthState) => void): () => void

  /** Sends a one-time code to `email`. */
  startEmailSignIn(params: { email: string }): Promise<EmailStartResponse>
  /** Exchanges the code for a session. */
  verifyEmailSignIn(params: { email: string; code: string }): Promise<User>
  signOut(): Promise<void>
  /** Refreshes the access token now (single-flight). */
  refresh(): Promise<void>
  /** A valid access token (refreshing first when due), or null when signed out. App storage mode only. */
  getAccessToken(): Promise<string | null>
  /** `fetch` with the session attached; refreshes first when due and retries once after a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** Reloads the user from `GET /me`. */
  reloadUser(): Promise<User>
  /** The user's active sessions (`GET /sessions`), newest first; `current` marks this one. */
  listSessions(): Promise<ActiveSession[]>
  /** Ends one session (`DELETE /sessions/:id`); the current one signs out here. */
  revokeSession(params: { id: string }): Promise<void>
  /** "Sign out everywhere else" (`DELETE /sessions`). */
  revokeOtherSessions(): Promise<{ revoked: number }>

  // --- session expiry (issue 3, session-ui) ------------------------------------------
  /**
   * Hides the expiry warning of the current session in every tab of this browser (stored
   * with the session record, so a reload keeps it hidden). A new session shows it again.
   */
  dismissExpiryWarning(): void
  /** The client's clock (local ms): what `SessionInfo` times are on. Count down with it. */
  now(): number

  // --- wallets and linking (issue 4, wallet-client) ---------------------------------
  /** The registered wallet adapters (`wallets` option). */
  readonly wallets: readonly WalletAuthAdapter[]
  /** Signs in by signing a message with a wallet: nonce → connect if needed → sign → `POST /wallet/verify`. */
  signInWithWallet(params?: WalletActionParameters): Promise<User>
  /** Connects a wallet without signing; in `connect-only` mode the state becomes `visitor`. */
  connectWallet(params?: WalletActionParameters): Promise<WalletAccount>
  /** Disconnects the wallet(s); the session, if any, stays. Nothing reconnects on reload until the user connects again. */
  disconnectWallet(params?: { chain?: WalletChain }): Promise<void>
  /** Adds a further wallet to the signed-in user (link nonce → sign → `POST /link/wallet`); the session stays. */
  linkWallet(params?: WalletActionParameters): Promise<User>
  /** Sends a code to an email address to link it (`POST /link/email/start`). */
  linkEmailStart(params: { email: string }): Promise<EmailStartResponse>
  /** Links the email address with the code (`POST /link/email/verify`); the session stays. */
  linkEmailVerify(params: { email: string; code: string }): Promise<User>
  /** Removes a credential (`DELETE /credentials/:id`); never the last one. */
  unlinkCredential(params: { id: string }): Promise<User>
  /** Updates profile fields and the primary wallet (`PATCH /me`). */
  updateUser(patch: UpdateUserRequest): Promise<User>
  /** The connected account of the first adapter that has one (or of `chain`'s), or null. */
  getWalletAccount(params?: { chain?: WalletChain }): WalletAccount | null

  readonly options: ResolvedAuthClientOptions
  /** Every user-visible string: the defaults with the `messages` overrides applied. */
  readonly messages: Messages
}

/** @internal what the client resolved from its options. */
export interface ResolvedAuthClientOptions {
  baseUrl: string
  storage: 'app' | 'cookie'
  storageKey: string
  /** Wallet policies (issue 4, wallet-client). */
  mode: 'sign-in' | 'connect-only'
  onWalletMismatch: WalletMismatchPolicy
  signOutOnChainChange: boolean
}

/** What happens when the wallet's account is not one of the signed-in user's: see `WalletMismatch`. */
export type WalletMismatchPolicy = 'prompt' | 'signOut' | 'ignore'

/** Which wallet a wallet action uses: an adapter (by `chain` or `adapter` id; default the only one) and one of its wallets. */
export interface WalletActionParameters {
  /** `evm` or `solana`: the adapter for that chain family. */
  chain?: WalletChain | undefined
  /** The adapter's `id`, when several share a chain. */
  adapter?: string | undefined
  /** One of `adapter.listWallets()`' ids. Default: the connected wallet, else the first installed one. */
  walletId?: string | undefined
}

export type { LatchkeyError }
