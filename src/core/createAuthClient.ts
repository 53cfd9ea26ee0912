import { dismissExpiryWarning } from './actions/dismissExpiryWarning.js'
import { fetchWithSession } from './actions/fetchWithSession.js'
import { getAccessToken } from './actions/getAccessToken.js'
import { listSessions } from './actions/listSessions.js'
import { refresh } from './actions/refresh.js'
import { reloadUser } from './actions/reloadUser.js'
import { revokeOtherSessions } from './actions/revokeOtherSessions.js'
import { revokeSession } from './actions/revokeSession.js'
import { signOut } from './actions/signOut.js'
import { startEmailSignIn } from './actions/startEmailSignIn.js'
import { verifyEmailSignIn } from './actions/verifyEmailSignIn.js'
import { checkWalletAdapters } from './wallet.js'
import type { WalletAuthAdapter } from './wallet.js'
import type { WalletClient } from './walletClient.js'
import type { WalletConfig } from './walletRuntime.js'
import type { RetryOptions } from './backoff.js'
import { DEFAULT_RETRY } from './backoff.js'
import type { BroadcastChannelLike, ChannelFactory, StorageEventTarget } from './channel.js'
import { createStorageEventChannel } from './channel.js'
import { createEngine } from './engine.js'
import type { EngineConfig } from './engine.js'
import { createStorageLock } from './lock.js'
import type { LockManagerLike } from './lock.js'
import { resolveMessages } from './messages.js'
import type { MessageOverrides } from './messages.js'
import { DEFAULT_BASE_PATH } from './protocol.js'
import type { SessionBody } from './protocol.js'
import { createMemoryStorage } from './record.js'
import { flushRevocations } from './revocations.js'
import { DEFAULT_TIMEOUT, normalizeBaseUrl } from './transport.js'
import type { FetchLike } from './transport.js'
import type { AuthClient, Clock, KeyValueStorage, Timers, WalletMismatchPolicy } from './types.js'
import { browserActivity, browserVisibility } from './visibility.js'
import type { ActivitySource, VisibilitySource } from './visibility.js'

/** Options of `createAuthClient`. Every platform edge is injectable; defaults are the browser's, looked up on first use. */
export interface AuthClientOptions {
  /** Where the auth server's routes are: a path (`/auth`, the default) or an absolute URL. */
  baseUrl?: string
  /**
   * `app` (default): the client keeps the tokens (in `storageAdapter`) and sends
   * `Authorization: Bearer`. `cookie`: the server keeps them in HttpOnly cookies; script never sees a token.
   */
  storage?: 'app' | 'cookie'
  /** Where the session record lives. Default `localStorage` in a browser, else memory. */
  storageAdapter?: KeyValueStorage
  /** Key of the session record. Default `latchkey.session`. Also names the tab channel and the refresh lock. */
  storageKey?: string
  /** Refresh this long (ms) before the access token expires. Default 60 000; at most half a token's lifetime. */
  refreshMargin?: number
  /** `SESSION_EXPIRING` fires this long (ms) before the session's absolute end. Default 300 000. */
  warnBefore?: number
  /**
   * For server-rendered pages: the session the server saw (from its cookie), or `null` when
   * it saw none. The server render and the first hydration render use it (see
   * `getInitialState`); without it they render `loading`. In cookie mode it also replaces a
   * stale stored session.
   */
  initialSession?: SessionBody | null
  /** Overrides of the default English messages. */
  messages?: MessageOverrides
  /** Request timeout, ms. Default 15 000. */
  timeout?: number
  /** Backoff for retrying a refresh after transient failures. Default 1 s doubling to 60 s, with jitter. */
  retry?: RetryOptions
  /** Longest wait for the cross-tab refresh lock before it is presumed orphaned, ms. Default 20 000. */
  lockTimeout?: number

  /** `fetch` for the auth server and `client.fetch`. Default `globalThis.fetch` at call time. */
  fetch?: FetchLike
  clock?: Clock
  timers?: Timers
  /** Randomness for backoff jitter. Default `Math.random`. */
  random?: () => number
  /** Cross-tab lock (`navigator.locks`' shape). Default Web Locks, else a storage lease; `null`: this tab only. */
  lock?: LockManagerLike | null
  /** Cross-tab messages. Default `BroadcastChannel`, else `storage` events; `null`: none. */
  channel?: ChannelFactory | null
  /** Page-lifecycle events that re-check deadlines. Default the browser's; `null`: none. */
  visibility?: VisibilitySource | null
  /** User input, for the server's idle timeout (refreshes say `active: true` only after input). Default the browser's; `null`: none. */
  activity?: ActivitySource | null

  // --- wallets (issue 4, wallet-client) -------------------------------------------
  /** Wallet adapters to offer, e.g. `[evmWallets()]` from `latchkey/evm`. Default none (email only, no wallet code). */
  wallets?: WalletAuthAdapter[]
  /**
   * `sign-in` (default): connecting a wallet is part of signing in. `connect-only`: a wallet
   * connected without signing makes the state `visitor` (no JWT, no user record).
   */
  mode?: 'sign-in' | 'connect-only'
  /**
   * When the wallet switches to an account that is not one of the signed-in user's:
   * `prompt` (default) sets `walletMismatch` for the UI to ask; `signOut` ends the session
   * (reason `wallet_changed`); `ignore` only sets `walletMismatch`.
   */
  onWalletMismatch?: WalletMismatchPolicy
  /** Sign out (reason `wallet_changed`) when the signed-in wallet switches chains. Default false. */
  signOutOnChainChange?: boolean
  /** Sign-in message fields. Default: `domain` = `location.host`, `uri` = `location.origin`, no statement. */
  walletMessage?: { domain?: string; uri?: string; statement?: string }
}

const DEFAULT_STORAGE_KEY = 'latchkey.session'

function milliseconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`latchkey: \`${name}\` must be a number of milliseconds (0 or more); got ${String(value)}.`)
  }
  return value
}

const hasWindow = () => typeof window !== 'undefined' && typeof document !== 'undefined'

function defaultStorage(): KeyValueStorage {
  try {
    // Reading `localStorage` itself throws where storage is blocked (sandboxed iframes, some privacy modes).
    const local = globalThis.localStorage as KeyValueStorage | undefined
    if (local) return local
  } catch {
    // Fall through to memory.
  }
  return createMemoryStorage()
}

/**
 * Creates the auth client: one store for the auth state, the session engine (restore,
 * refresh, expiry, cross-tab sync) and the actions. Creating it touches nothing: storage
 * is read on the first `getState()`/`subscribe()`, listeners attach on the first subscriber.
 *
 * @example
 * import { createAuthClient } from 'latchkey'
 *
 * const client = createAuthClient({ baseUrl: '/auth' })
 * client.onAuthStateChange((event, state) => console.log(event.type, state.status))
 *
 * await client.startEmailSignIn({ email: 'ada@example.com' })
 * const user = await client.verifyEmailSignIn({ email: 'ada@example.com', code: '123456' })
 * const response = await client.fetch('/api/notes') // Authorization: Bearer <fresh token>
 */
export function createAuthClient(options: AuthClientOptions = {}): AuthClient {
  const mode = options.storage ?? 'app'
  if (mode !== 'app' && mode !== 'cookie') {
    throw new TypeError(`latchkey: \`storage\` must be 'app' or 'cookie'; got ${JSON.stringify(mode)}.`)
  }
  const storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY
  if (typeof storageKey !== 'string' || storageKey === '') {
    throw new TypeError('latchkey: `storageKey` must be a non-empty string.')
  }
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_PATH)
  const timeout = milliseconds('timeout', options.timeout, DEFAULT_TIMEOUT)
  const messages = resolveMessages(options.messages)

  const clock: Clock = options.clock ?? { now: () => Date.now() }
  // Looked up at call time, so fake timers installed after creation still apply.
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  const random = options.random ?? Math.random
  const isBrowser = () => options.storageAdapter !== undefined || hasWindow()

  let resolvedStorage: KeyValueStorage | undefined
  const storage = () => (resolvedStorage ??= options.storageAdapter ?? defaultStorage())

  const config: EngineConfig = {
    baseUrl,
    mode,
    storageKey,
    refreshMargin: milliseconds('refreshMargin', options.refreshMargin, 60_000),
    warnBefore: milliseconds('warnBefore', options.warnBefore, 5 * 60_000),
    initialSession: options.initialSession,
    timeout,
    lockTimeout: milliseconds('lockTimeout', options.lockTimeout, timeout + 5_000),
    retry: {
      base: milliseconds('retry.base', options.retry?.base, DEFAULT_RETRY.base),
      cap: milliseconds('retry.cap', options.retry?.cap, DEFAULT_RETRY.cap),
    },
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    timers,
    random,
    isBrowser,
    storage,
    lock: () => {
      if (options.lock !== undefined) return options.lock
      const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike }).locks
      if (locks) return locks
      return isBrowser() ? createStorageLock(storage(), { clock, timers, random }) : null
    },
    channel: (name): BroadcastChannelLike | null => {
      if (options.channel !== undefined) return options.channel === null ? null : options.channel(name)
      if (!hasWindow()) return null
      if (typeof BroadcastChannel === 'function') return new BroadcastChannel(name)
      const local = storage()
      if (local !== (globalThis as { localStorage?: unknown }).localStorage) return null
      return createStorageEventChannel(name, local, window as unknown as StorageEventTarget)
    },
    visibility: () => (options.visibility !== undefined ? options.visibility : browserVisibility()),
    activity: () => (options.activity !== undefined ? options.activity : browserActivity()),
  }

  const walletMode = options.mode ?? 'sign-in'
  if (walletMode !== 'sign-in' && walletMode !== 'connect-only') {
    throw new TypeError(`latchkey: \`mode\` must be 'sign-in' or 'connect-only'; got ${JSON.stringify(walletMode)}.`)
  }
  const onWalletMismatch = options.onWalletMismatch ?? 'prompt'
  if (onWalletMismatch !== 'prompt' && onWalletMismatch !== 'signOut' && onWalletMismatch !== 'ignore') {
    throw new TypeError(`latchkey: \`onWalletMismatch\` must be 'prompt', 'signOut' or 'ignore'; got ${JSON.stringify(onWalletMismatch)}.`)
  }
  if (options.wallets !== undefined && !Array.isArray(options.wallets)) {
    throw new TypeError('latchkey: `wallets` must be an array of wallet adapters, e.g. `[evmWallets()]`.')
  }
  const location = () => (globalThis as { location?: { host: string; origin: string } }).location
  const adapters = Object.freeze([...(options.wallets ?? [])])
  checkWalletAdapters(adapters)
  const walletConfig: WalletConfig = {
    adapters,
    mode: walletMode,
    onWalletMismatch,
    signOutOnChainChange: options.signOutOnChainChange === true,
    domain: () => options.walletMessage?.domain ?? location()?.host ?? 'localhost',
    uri: () => options.walletMessage?.uri ?? location()?.origin ?? 'http://localhost',
    statement: options.walletMessage?.statement,
  }
  // The wallet runtime and actions load on first use (`import()`), and their watchers only
  // when adapters are registered: an email-only app downloads none of it.
  let walletClient: Promise<WalletClient> | undefined
  const loadWallets = () => (walletClient ??= import('./walletClient.js').then((module) => module.createWalletClient(engine, walletConfig)))
  const attach =
    adapters.length === 0
      ? undefined
      : (target: typeof engine, subscribeState: (listener: () => void) => () => void) => {
          let detach: (() => void) | null = null
          let stopped = false
          loadWallets().then(
            (wallets) => {
              if (!stopped) detach = wallets.runtime.attach(target, subscribeState)
            },
            (error: unknown) => console.error('[latchkey] Could not load the wallet runtime; wallet events are not watched.', error),
          )
          return () => {
            stopped = true
            detach?.()
            detach = null
          }
        }

  const engine = createEngine(config, messages, { refresh, flushRevocations, ...(attach ? { attach } : {}) })

  return {
    options: { baseUrl, storage: mode, storageKey, mode: walletMode, onWalletMismatch, signOutOnChainChange: options.signOutOnChainChange === true },
    messages,
    getState: engine.getState,
    getInitialState: engine.getInitialState,
    subscribe: engine.subscribe,
    onAuthStateChange: engine.onAuthStateChange,
    startEmailSignIn: (parameters) => startEmailSignIn(engine, parameters),
    verifyEmailSignIn: (parameters) => verifyEmailSignIn(engine, parameters),
    signOut: () => signOut(engine),
    refresh: () => refresh(engine),
    getAccessToken: () => getAccessToken(engine),
    fetch: (input, init) => fetchWithSession(engine, input, init),
    reloadUser: () => reloadUser(engine),
    listSessions: () => listSessions(engine),
    revokeSession: (parameters) => revokeSession(engine, parameters),
    revokeOtherSessions: () => revokeOtherSessions(engine),
    // wallets and linking (issue 4, wallet-client)
    wallets: adapters,
    signInWithWallet: (parameters) => loadWallets().then((wallets) => wallets.signInWithWallet(parameters)),
    connectWallet: (parameters) => loadWallets().then((wallets) => wallets.connectWallet(parameters)),
    disconnectWallet: (parameters) => loadWallets().then((wallets) => wallets.disconnectWallet(parameters)),
    linkWallet: (parameters) => loadWallets().then((wallets) => wallets.linkWallet(parameters)),
    linkEmailStart: (parameters) => import('./accountActions.js').then((account) => account.linkEmailStart(engine, parameters)),
    linkEmailVerify: (parameters) => import('./accountActions.js').then((account) => account.linkEmailVerify(engine, parameters)),
    unlinkCredential: (parameters) => import('./accountActions.js').then((account) => account.unlinkCredential(engine, parameters)),
    updateUser: (parameters) => import('./accountActions.js').then((account) => account.updateUser(engine, parameters)),
    getWalletAccount: (parameters) => {
      for (const adapter of adapters) {
        if (parameters?.chain !== undefined && adapter.chain !== parameters.chain) continue
        const account = adapter.getAccount()
        if (account !== null) return account
      }
      return null
    },
    // session expiry (issue 3, session-ui)
    dismissExpiryWarning: () => dismissExpiryWarning(engine),
    now: engine.now,
  }
}
