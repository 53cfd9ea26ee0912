import type { LatchkeyError } from './errors.js'
import type { Messages } from './messages.js'
import type { ActiveSession, EmailStartResponse, User } from './protocol.js'

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

  readonly options: ResolvedAuthClientOptions
  /** Every user-visible string: the defaults with the `messages` overrides applied. */
  readonly messages: Messages
}

/** @internal what the client resolved from its options. */
export interface ResolvedAuthClientOptions {
  baseUrl: string
  storage: 'app' | 'cookie'
  storageKey: string
}

export type { LatchkeyError }
