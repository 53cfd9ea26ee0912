import type { ErrorCode } from './protocol.js'

/**
 * Every user-visible string of the kit, in one typed object. Apps override any subset per
 * locale with `createAuthClient({ messages })` (or `<AuthProvider messages>`); components
 * and headless UIs read the resolved object. Strings with values in them are functions, so
 * a translation can reorder words and handle plurals.
 */
export interface Messages {
  /** The sign-in button and the modal's title. */
  signIn: string
  signOut: string
  /** Shown while a sign-in, sign-out or session restore is in progress. */
  loading: string
  close: string
  back: string
  /** The account menu's trigger, for assistive technology. */
  accountMenu: string
  /** "Signed in as ada@example.com". */
  signedInAs: (params: { name: string }) => string

  /** Login modal, email step. */
  loginTitle: string
  loginDescription: string
  emailLabel: string
  emailPlaceholder: string
  sendCode: string
  sendingCode: string

  /** Login modal, code step. */
  codeTitle: string
  codeDescription: (params: { email: string }) => string
  codeLabel: string
  codePlaceholder: string
  verifyCode: string
  verifyingCode: string
  resendCode: string
  resendingCode: string
  /** "Resend in 0:27". */
  resendIn: (params: { time: string }) => string
  codeResent: (params: { email: string }) => string
  /** "3 attempts left". */
  attemptsLeft: (params: { count: number }) => string
  useDifferentEmail: string
  /** "The code expires in 9:12". */
  codeExpiresIn: (params: { time: string }) => string

  /** Session expiry warning. */
  sessionExpiringTitle: string
  /** "Your session ends in 4:59". */
  sessionEndsIn: (params: { time: string }) => string
  sessionExpiringDescription: string
  signInAgain: string
  staySignedIn: string
  sessionEndedTitle: string
  sessionEndedDescription: string

  /** Shown while the session is kept but the server cannot be reached. */
  offline: string
  reconnecting: string

  /** Why a session ended, for a notice after the fact. */
  signedOutReason: {
    user: string
    expired: string
    idle: string
    revoked: string
    reuse_detected: string
    wallet_changed: string
    other_tab: string
  }

  /** The text for each error code. */
  errors: Record<ErrorCode, string>
  /** Text for an error whose code is not in `errors` (from a newer server). */
  unknownError: string

  // --- wallets (issue 4, wallet-client) ------------------------------------------------
  /** The login modal's description when wallets are offered beside email. */
  loginDescriptionWithWallets: string
  /** The wallet list, for assistive technology. */
  walletsLabel: string
  /** Between the wallet list and the email form. */
  orContinueWithEmail: string
  /** Beside a wallet the browser does not have. */
  walletNotInstalled: string
  /** The wallet step while the wallet asks the user to connect and sign. */
  walletWaitingTitle: string
  walletWaitingDescription: (params: { name: string }) => string
  /** The wallet step after a failure. */
  walletErrorTitle: string
  tryAgain: string
  /** The prompt when the wallet switched to an account that is not the signed-in user's. */
  walletMismatchTitle: string
  walletMismatchDescription: (params: { connected: string; session: string }) => string
  signInWithNewAccount: string
  keepCurrentAccount: (params: { address: string }) => string
  disconnectWallet: string

  // --- session expiry and sessions (issue 3, session-ui) -------------------------------
  /** Closes the expiry warning in every tab, for this session. */
  dismissExpiryWarning: string
  /** The account panel's title and the signed-in menu's item that opens it. */
  accountTitle: string
  manageAccount: string
  /** The sessions list in the account panel. */
  sessionsTitle: string
  sessionsDescription: string
  loadingSessions: string
  /** Marks the session of this browser. */
  thisDevice: string
  /** "Chrome on macOS"; `browser`/`os` are `null` when the user agent does not say. */
  deviceName: (params: { browser: string | null; os: string | null }) => string
  /** "Signed in Nov 21, 2026". */
  sessionCreated: (params: { time: string }) => string
  /** "Active 5 minutes ago". */
  sessionLastUsed: (params: { time: string }) => string
  /** A moment as a person reads it: relative when recent, else a date. `now` and `at` are ms. */
  formatTime: (params: { at: number; now: number }) => string
  /** Ends one other session; the label names it. */
  revokeSession: string
  /** "Sign out Chrome on macOS (active 2 hours ago)": names the session for assistive technology. */
  revokeSessionLabel: (params: { device: string; lastUsed: string }) => string
  revokingSession: string
  /** "Sign out everywhere else". */
  revokeOtherSessions: string
  revokingOtherSessions: string
  /** "Signed out of 2 other sessions." */
  otherSessionsRevoked: (params: { count: number }) => string
  noOtherSessions: string
  /** Loads again after a failure. */
  retry: string

  // --- account menu: credentials (issue 6, ui) -----------------------------------------
  /** The account panel's list of linked wallets and emails. */
  credentialsTitle: string
  credentialsDescription: string
  /** Marks the primary wallet. */
  primaryWallet: string
  /** "Make primary" and its label naming the wallet (it starts with the visible text, WCAG 2.5.3). */
  makePrimary: string
  makePrimaryLabel: (params: { name: string }) => string
  /** Unlinks a credential; the label names it. */
  removeCredential: string
  removeCredentialLabel: (params: { name: string }) => string
  removingCredential: string
  /** "Removed 0xab…cd." / "Added ada@example.com." */
  credentialRemoved: (params: { name: string }) => string
  credentialLinked: (params: { name: string }) => string
  /** Opens the wallet list to link a further wallet. */
  linkWallet: string
  linkWalletDescription: string
  /** While the wallet asks the user to connect and sign. */
  linkingWallet: (params: { name: string }) => string
  /** Opens the form that adds an email address. */
  addEmail: string
  cancel: string
  /** `credential_in_use` when linking, said plainly: nothing was merged or changed. */
  walletInUse: string
  emailInUse: (params: { email: string }) => string
  /** "Connected: MetaMask · 0xab…cd", beside "Disconnect wallet". */
  walletConnected: (params: { name: string; address: string }) => string

  // --- wallets by chain (issue 5, solana) ----------------------------------------------
  /** Headings of the wallet list when it offers wallets of several chains. */
  walletsEthereum: string
  walletsSolana: string
}

/** "4:59", "0:07", "1:02:03": a countdown as people read it. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

/** The default English messages. */
export const defaultMessages: Messages = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  loading: 'Loading…',
  close: 'Close',
  back: 'Back',
  accountMenu: 'Account',
  signedInAs: ({ name }) => `Signed in as ${name}`,

  loginTitle: 'Sign in',
  loginDescription: 'Enter your email address and we will send you a sign-in code.',
  emailLabel: 'Email address',
  emailPlaceholder: 'you@example.com',
  sendCode: 'Send code',
  sendingCode: 'Sending…',

  codeTitle: 'Check your email',
  codeDescription: ({ email }) => `We sent a 6-digit code to ${email}. Enter it below.`,
  codeLabel: 'Code',
  codePlaceholder: '123456',
  verifyCode: 'Continue',
  verifyingCode: 'Checking…',
  resendCode: 'Send a new code',
  resendingCode: 'Sending…',
  resendIn: ({ time }) => `You can ask for a new code in ${time}`,
  codeResent: ({ email }) => `A new code is on its way to ${email}.`,
  attemptsLeft: ({ count }) => (count === 1 ? '1 attempt left' : `${count} attempts left`),
  useDifferentEmail: 'Use a different email',
  codeExpiresIn: ({ time }) => `The code expires in ${time}`,

  sessionExpiringTitle: 'Your session is ending',
  sessionEndsIn: ({ time }) => `Your session ends in ${time}`,
  sessionExpiringDescription: 'For your security, sessions last a limited time. Sign in again to keep working.',
  signInAgain: 'Sign in again',
  staySignedIn: 'Stay signed in',
  sessionEndedTitle: 'Your session has ended',
  sessionEndedDescription: 'Sign in again to continue.',

  offline: 'You are offline. You stay signed in; we will reconnect when we can.',
  reconnecting: 'Reconnecting…',

  signedOutReason: {
    user: 'You signed out.',
    expired: 'Your session ended. Sign in again to continue.',
    idle: 'You were signed out after a period of inactivity.',
    revoked: 'This session was ended from another device or by an administrator.',
    reuse_detected: 'You were signed out to protect your account. Sign in again.',
    wallet_changed: 'Your wallet account changed, so you were signed out.',
    other_tab: 'You signed out in another tab.',
  },

  errors: {
    invalid_request: 'Something in the request was not right. Please try again.',
    invalid_json: 'Something in the request was not right. Please try again.',
    payload_too_large: 'That was too much data to send. Please shorten it and try again.',
    unsupported_media_type: 'Something in the request was not right. Please try again.',
    method_not_allowed: 'Something in the request was not right. Please try again.',
    not_found: 'The sign-in service could not be found. Please try again later.',
    csrf_failed: 'This page could not be verified. Reload it and try again.',
    invalid_email: 'Enter a valid email address.',
    invalid_code: 'That code is not right. Check the email and try again.',
    code_expired: 'That code has expired. Ask for a new one.',
    too_many_attempts: 'Too many wrong codes. Ask for a new code.',
    resend_cooldown: 'Please wait a moment before asking for another code.',
    rate_limited: 'Too many requests. Please wait a moment and try again.',
    unauthorized: 'Please sign in to continue.',
    invalid_grant: 'Your session is no longer valid. Please sign in again.',
    session_expired: 'Your session has ended. Please sign in again.',
    session_revoked: 'This session was ended. Please sign in again.',
    reuse_detected: 'You were signed out to protect your account. Please sign in again.',
    session_idle: 'You were signed out after a period of inactivity. Please sign in again.',
    token_expired: 'Your session needs to be refreshed. Please try again.',
    invalid_token: 'Your session is not valid. Please sign in again.',
    malformed_message: 'The wallet signed a message the server could not read. Please try again.',
    domain_mismatch: 'The sign-in message was made for another site. Reload the page and try again.',
    uri_mismatch: 'The sign-in message was made for another page. Reload the page and try again.',
    chain_not_allowed: 'This network is not supported here. Switch networks in your wallet and try again.',
    nonce_mismatch: 'The sign-in request is out of date. Please try again.',
    nonce_unknown: 'The sign-in request is out of date. Please try again.',
    nonce_expired: 'The sign-in request expired. Please try again.',
    nonce_reused: 'That signature was already used. Please sign again.',
    nonce_purpose_mismatch: 'The sign-in request is out of date. Please try again.',
    message_expired: 'The signed message expired. Please sign again.',
    message_not_yet_valid: 'Your device clock seems off. Check its date and time, then try again.',
    invalid_signature: 'The signature could not be verified. Please sign again with the same account.',
    unsupported_signer: 'This kind of wallet cannot sign in here yet. Try another wallet.',
    unsupported_chain: 'Wallets on this network cannot sign in here.',
    rpc_unavailable: 'Your wallet could not be checked right now. Please try again in a moment.',
    credential_in_use: 'That belongs to another account. Sign in to that account instead, or use another one.',
    last_credential: 'You cannot remove your only way to sign in. Add another one first.',
    credential_not_found: 'That sign-in method is no longer linked to your account.',
    internal_error: 'Something went wrong on our side. Please try again.',
    network_error: 'You appear to be offline. Check your connection and try again.',
    timeout: 'The server took too long to answer. Please try again.',
    cookie_mode: 'Tokens are kept in secure cookies and cannot be read by the page.',
    not_signed_in: 'Please sign in to continue.',
    invalid_response: 'The server answered in an unexpected way. Please try again.',
    aborted: 'The request was cancelled.',
    // wallets (issue 4, wallet-client)
    user_rejected: 'You declined the request in your wallet. Try again when you are ready.',
    wallet_not_found: 'That wallet is not available. Install it, or choose another way to sign in.',
    wallet_not_connected: 'Connect your wallet first, then try again.',
    wallet_error: 'Your wallet ran into a problem. Open it, check it is unlocked, and try again.',
  },
  unknownError: 'Something went wrong. Please try again.',

  // --- wallets (issue 4, wallet-client) ------------------------------------------------
  loginDescriptionWithWallets: 'Choose your wallet, or enter your email address to get a sign-in code.',
  walletsLabel: 'Wallets',
  orContinueWithEmail: 'or continue with email',
  walletNotInstalled: 'Not installed',
  walletWaitingTitle: 'Waiting for your wallet',
  walletWaitingDescription: ({ name }) => `Approve the request in ${name}. Signing in is free and sends no transaction.`,
  walletErrorTitle: 'Sign-in did not finish',
  tryAgain: 'Try again',
  walletMismatchTitle: 'Your wallet switched accounts',
  walletMismatchDescription: ({ connected, session }) =>
    `Your wallet is now on ${connected}, but you are signed in with ${session}. Switch back in your wallet, or sign in with the new account.`,
  signInWithNewAccount: 'Sign in with the new account',
  keepCurrentAccount: ({ address }) => `Keep using ${address}`,
  disconnectWallet: 'Disconnect wallet',

  // --- session expiry and sessions (issue 3, session-ui) -------------------------------
  dismissExpiryWarning: 'Remind me later',
  accountTitle: 'Your account',
  manageAccount: 'Account and sessions',
  sessionsTitle: 'Where you are signed in',
  sessionsDescription: 'Sign out of any session you do not recognise.',
  loadingSessions: 'Loading sessions…',
  thisDevice: 'This device',
  deviceName: ({ browser, os }) =>
    browser !== null && os !== null ? `${browser} on ${os}` : (browser ?? os ?? 'Unknown device'),
  sessionCreated: ({ time }) => `Signed in ${time}`,
  sessionLastUsed: ({ time }) => `Active ${time}`,
  formatTime: ({ at, now }) => formatTime('en', at, now),
  revokeSession: 'Sign out',
  revokeSessionLabel: ({ device, lastUsed }) => `Sign out ${device} (active ${lastUsed})`,
  revokingSession: 'Signing out…',
  revokeOtherSessions: 'Sign out everywhere else',
  revokingOtherSessions: 'Signing out…',
  otherSessionsRevoked: ({ count }) =>
    count === 0 ? 'There were no other sessions.' : count === 1 ? 'Signed out of 1 other session.' : `Signed out of ${count} other sessions.`,
  noOtherSessions: 'You are not signed in anywhere else.',
  retry: 'Try again',

  // --- account menu: credentials (issue 6, ui) -----------------------------------------
  credentialsTitle: 'Ways to sign in',
  credentialsDescription: 'Wallets and email addresses that sign in to this account.',
  primaryWallet: 'Primary',
  makePrimary: 'Make primary',
  makePrimaryLabel: ({ name }) => `Make primary: ${name}`,
  removeCredential: 'Remove',
  removeCredentialLabel: ({ name }) => `Remove ${name}`,
  removingCredential: 'Removing…',
  credentialRemoved: ({ name }) => `Removed ${name}.`,
  credentialLinked: ({ name }) => `Added ${name}.`,
  linkWallet: 'Link another wallet',
  linkWalletDescription: 'Choose a wallet. It will ask you to sign a message; no transaction is sent.',
  linkingWallet: ({ name }) => `Approve the request in ${name}…`,
  addEmail: 'Add an email',
  cancel: 'Cancel',
  walletInUse: 'This wallet is already linked to another account, so it was not added. Sign in with it to use that account, or choose another wallet.',
  emailInUse: ({ email }) => `${email} already belongs to another account, so it was not added. Use another address.`,
  walletConnected: ({ name, address }) => `Connected: ${name} · ${address}`,

  // --- wallets by chain (issue 5, solana) ----------------------------------------------
  walletsEthereum: 'Ethereum',
  walletsSolana: 'Solana',
}

/**
 * "just now", "5 minutes ago", "yesterday" (Intl.RelativeTimeFormat) up to a week back, then
 * a date ("Nov 21, 2026"). For a `formatTime` message in another language: `formatTime('de', at, now)`.
 */
export function formatTime(locale: string, at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000)
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 45) return relative.format(0, 'second')
  if (abs < 45 * 60) return relative.format(Math.round(seconds / 60), 'minute')
  if (abs < 22 * 3600) return relative.format(Math.round(seconds / 3600), 'hour')
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day')
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at)
}

/** A partial `Messages`: any top-level string, and any subset of `errors` and `signedOutReason`. */
export type MessageOverrides = Partial<Omit<Messages, 'errors' | 'signedOutReason'>> & {
  errors?: Partial<Messages['errors']>
  signedOutReason?: Partial<Messages['signedOutReason']>
}

/**
 * The defaults with `overrides` applied. Returns `defaultMessages` itself when there is
 * nothing to override, so callers can compare by identity.
 *
 * @example
 * const fr = resolveMessages({ signIn: 'Se connecter', errors: { invalid_code: 'Code incorrect.' } })
 */
export function resolveMessages(overrides?: MessageOverrides | null, base: Messages = defaultMessages): Messages {
  if (!overrides) return base
  const { errors, signedOutReason, ...rest } = overrides
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined))
  return {
    ...base,
    ...defined,
    errors: { ...base.errors, ...definedOnly(errors) },
    signedOutReason: { ...base.signedOutReason, ...definedOnly(signedOutReason) },
  }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {}
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>
}

/** The text for an error: its code's message, else `unknownError`. */
export function errorMessage(messages: Messages, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && Object.hasOwn(messages.errors, code)) return messages.errors[code as ErrorCode]
  return messages.unknownError
}
