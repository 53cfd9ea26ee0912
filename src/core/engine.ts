import type { BroadcastChannelLike } from './channel.js'
import { parseTabMessage } from './channel.js'
import type { TabMessage } from './channel.js'
import type { RetryOptions } from './backoff.js'
import { backoffDelay } from './backoff.js'
import type { LockManagerLike } from './lock.js'
import { initialMachineState, nextDeadline, toLocalSession, transition } from './machine.js'
import type { LocalSession, MachineInput, MachineState } from './machine.js'
import type { Messages } from './messages.js'
import type { SessionBody, TokenResponse, User } from './protocol.js'
import { isSameRecord, readRecord, safeRemove, writeRecord } from './record.js'
import type { SessionRecord } from './record.js'
import { createStore } from './store.js'
import type { FetchLike, Transport } from './transport.js'
import { createTransport } from './transport.js'
import type { AuthEvent, AuthState, Clock, KeyValueStorage, SignOutReason, Timers } from './types.js'
import type { ActivitySource, VisibilitySource, WakeReason } from './visibility.js'

/** @internal Everything the engine needs, resolved. Edges that touch the platform are getters, called on first use. */
export interface EngineConfig {
  baseUrl: string
  mode: 'app' | 'cookie'
  storageKey: string
  refreshMargin: number
  warnBefore: number
  /** `undefined`: not given (first render `loading`); `null`: the server saw no session. */
  initialSession: SessionBody | null | undefined
  timeout: number
  lockTimeout: number
  retry: RetryOptions
  fetch: FetchLike
  clock: Clock
  timers: Timers
  random: () => number
  /** True where a stored session can be read (a browser, or an explicit storage adapter). */
  isBrowser: () => boolean
  storage: () => KeyValueStorage
  lock: () => LockManagerLike | null
  channel: (name: string) => BroadcastChannelLike | null
  visibility: () => VisibilitySource | null
  activity: () => ActivitySource | null
}

/** @internal */
export type AuthChangeCallback = (event: AuthEvent, state: AuthState) => void

/** @internal Hooks the engine calls into the actions it cannot import (they import the engine). */
export interface EngineHooks {
  refresh(engine: Engine): Promise<void>
  flushRevocations(engine: Engine): Promise<void>
  /** Runs on the first subscriber (wallet watchers, issue 4); the returned function on the last one leaving. */
  attach?(engine: Engine, subscribeState: (listener: () => void) => () => void): () => void
}

/**
 * @internal The client's runtime: owns the state machine, the in-memory session record,
 * timers, the tab channel and the page-lifecycle listeners, and runs the machine's effects.
 * Actions (one per file in `actions/`) receive it as their first argument.
 */
export interface Engine {
  readonly config: EngineConfig
  readonly messages: Messages
  readonly transport: Transport

  getState(): AuthState
  getInitialState(): AuthState
  subscribe(listener: () => void): () => void
  onAuthStateChange(callback: AuthChangeCallback): () => void

  /** Reads storage once (lazily), so that the first `getState()` already reflects it. */
  ensureInitialized(): void
  now(): number
  machine(): MachineState
  dispatch(input: MachineInput): void
  /** Re-arms the deadline timer (no-op without subscribers). */
  schedule(): void

  /** The session record this client acts on (memory), or null. */
  record(): SessionRecord | null
  /** Reads the shared record from storage (what other tabs wrote). */
  readStored(): SessionRecord | null
  /** Writes `record` to storage (not to memory). */
  persist(record: SessionRecord): void
  /** Converts a record to local time with this client's clock skew. */
  localSession(record: SessionRecord): LocalSession
  /** Records server − local for this client; `sentAt` is when the request left (local ms). */
  measureSkew(serverNow: number, sentAt: number): number
  /** Builds a record from a token response. */
  toRecord(response: TokenResponse, skew: number): SessionRecord
  /** Bumped on every sign-in and sign-out: results of requests started before are stale. */
  epoch(): number

  /** A fresh session (sign-in here). Returns the state's user and the session it replaced, if any. */
  acceptSignIn(response: TokenResponse, sentAt: number): { user: User; replaced: SessionRecord | null }
  /** New tokens for the current session, from this tab or read from storage. */
  acceptRefresh(record: SessionRecord): void
  /** Ends the session in this tab (and storage), tells other tabs. */
  endSession(reason: SignOutReason): SessionRecord | null
  /** Brings memory in line with storage after another tab changed it. `reason` names a sign-out seen there. */
  reconcile(stored: SessionRecord | null, reason?: SignOutReason): void
  /** The user of session `sessionId` changed (reload, profile update): memory, storage and other tabs. */
  acceptUser(user: User, sessionId: string): void
  /** Same session, new access token and claims (link, unlink, `PATCH /me`): no sign-out, no loading state. */
  acceptSessionUpdate(next: SessionRecord, event: 'CREDENTIAL_LINKED' | 'USER_UPDATED'): void

  /** A transient failure of the background refresh: offline, retry with backoff. */
  onTransientFailure(): void
  /** A request succeeded: back online, no retry pending. */
  onNetworkOk(): void
  broadcast(message: TabMessage): void
  lock(): LockManagerLike | null
  storage(): KeyValueStorage
  /** The in-flight refresh, shared by concurrent callers (single-flight inside the tab). */
  inflight: Promise<void> | null
  hasRetryPending(): boolean
  /** True when the user did something (in any tab) since `record`'s tokens were issued. */
  wasActiveSince(record: SessionRecord): boolean
}

/** setTimeout's longest delay (2^31 − 1 ms, ~24.8 days); longer deadlines are re-armed on wake. */
const MAX_TIMER_DELAY = 2 ** 31 - 1

const SIGN_OUT_REASONS: ReadonlySet<string> = new Set<SignOutReason>([
  'user',
  'expired',
  'idle',
  'revoked',
  'reuse_detected',
  'wallet_changed',
  'other_tab',
])

function reportCallbackError(error: unknown) {
  console.error('[latchkey] An auth listener threw; the session engine carried on.', error)
}

/** @internal */
export function createEngine(config: EngineConfig, messages: Messages, hooks: EngineHooks): Engine {
  const machineConfig = { warnBefore: config.warnBefore }
  const store = createStore<AuthState>(initialMachineState.auth, reportCallbackError)
  const callbacks = new Set<{ callback: AuthChangeCallback; ready: boolean }>()

  let machine: MachineState = initialMachineState
  let record: SessionRecord | null = null
  let ownSkew: number | null = null
  let storageFailed = false
  let storage: KeyValueStorage | null = null
  let lockManager: LockManagerLike | null | undefined
  let initialState: AuthState | null = null
  let initialized = false
  let epoch = 0

  let holders = 0
  let started = false
  let wakeTimer: unknown = null
  let retryTimer: unknown = null
  let retryAttempt = 0
  let channel: BroadcastChannelLike | null = null
  let detachVisibility: (() => void) | null = null
  let detachActivity: (() => void) | null = null
  let detachHooks: (() => void) | null = null
  let lastActivity = Number.NEGATIVE_INFINITY

  const transport = createTransport({
    baseUrl: config.baseUrl,
    fetch: config.fetch,
    timeout: config.timeout,
    credentials: config.mode === 'cookie' ? 'include' : 'same-origin',
    timers: config.timers,
  })

  const now = () => config.clock.now()
  const getStorage = () => (storage ??= config.storage())
  const skewFor = (target: SessionRecord) => ownSkew ?? target.skew
  const localSession = (target: SessionRecord): LocalSession => {
    const local = toLocalSession(target.session, skewFor(target), config.refreshMargin)
    return target.expiryWarningDismissed === true ? { ...local, expiryWarningDismissed: true } : local
  }

  function emit(event: AuthEvent, state: AuthState) {
    for (const entry of [...callbacks]) {
      if (!entry.ready) continue
      try {
        entry.callback(event, state)
      } catch (error) {
        reportCallbackError(error)
      }
    }
  }

  function dispatch(input: MachineInput) {
    const result = transition(machine, input, machineConfig)
    machine = result.state
    store.setState(machine.auth)
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'clearStorage':
          record = null
          safeRemove(getStorage(), config.storageKey)
          break
        case 'emit':
          if (effect.event.type === 'SIGNED_OUT' && input.type === 'tick') {
            // The clock ended the session: tell tabs whose timers may be throttled.
            epoch += 1
            broadcast({ v: 1, kind: 'signed_out', sessionId: null, reason: effect.event.reason })
          }
          emit(effect.event, machine.auth)
          break
        case 'refresh':
          hooks.refresh(engine).catch(() => {
            // Background refresh: the outcome is in the state (offline, signed out).
          })
          break
        default:
          effect satisfies never
      }
    }
    schedule()
  }

  function schedule() {
    if (wakeTimer !== null) {
      config.timers.clearTimeout(wakeTimer)
      wakeTimer = null
    }
    if (!started) return
    // While a refresh is in flight or a retry is pending, its own completion reschedules.
    const waiting = engine.inflight !== null || retryTimer !== null
    const deadline = nextDeadline(waiting ? { ...machine, refreshAt: null } : machine, machineConfig)
    if (deadline === null) return
    const delay = Math.min(Math.max(0, deadline - now()), MAX_TIMER_DELAY)
    wakeTimer = config.timers.setTimeout(() => {
      wakeTimer = null
      dispatch({ type: 'tick', now: now() })
    }, delay)
  }

  function ensureInitialized() {
    if (initialized) return
    initialized = true
    if (!config.isBrowser()) {
      // Server rendering: no storage to read; the state is what the server passed.
      machine = { auth: getInitialState(), refreshAt: null }
      store.setState(machine.auth)
      return
    }
    let stored = readRecord(getStorage(), config.storageKey, config.mode)
    const body = config.initialSession
    if (config.mode === 'cookie' && body !== undefined) {
      // Cookie mode: the server read the session from its cookie, which is the truth; storage
      // only keeps the body for restore and scheduling.
      if (body === null) {
        if (stored !== null) safeRemove(getStorage(), config.storageKey)
        stored = null
      } else if (stored === null || stored.session.id !== body.id || stored.session.serverNow < body.serverNow) {
        // The same session keeps its expiry-warning dismissal (session-ui).
        const dismissed = stored !== null && stored.session.id === body.id && stored.expiryWarningDismissed === true
        stored = { v: 1, mode: 'cookie', session: body, skew: body.serverNow - now(), ...(dismissed ? { expiryWarningDismissed: true as const } : {}) }
        writeRecord(getStorage(), config.storageKey, stored)
      }
    }
    record = stored
    dispatch({ type: 'restored', session: stored === null ? null : localSession(stored), now: now() })
  }

  function getInitialState(): AuthState {
    if (initialState !== null) return initialState
    const body = config.initialSession
    if (body === undefined) return (initialState = { status: 'loading' })
    if (body === null) return (initialState = { status: 'unauthenticated' })
    const session = toLocalSession(body, body.serverNow - now(), config.refreshMargin)
    return (initialState = transition(initialMachineState, { type: 'restored', session, now: now() }, machineConfig).state.auth)
  }

  function onMessage(event: { data: unknown }) {
    const message = parseTabMessage(event.data)
    if (message === null) return
    const stored = readStored()
    if (message.kind === 'signed_out') {
      const reason = SIGN_OUT_REASONS.has(message.reason) && message.reason !== 'user' ? (message.reason as SignOutReason) : 'other_tab'
      reconcile(stored, reason)
    } else {
      reconcile(stored)
    }
  }

  /** Offline with no retry pending (e.g. the failure happened with nobody subscribed): try now. */
  function resumeIfOffline() {
    const auth = machine.auth
    if (auth.status !== 'authenticated' || auth.network !== 'offline') return
    if (retryTimer !== null) {
      config.timers.clearTimeout(retryTimer)
      retryTimer = null
    }
    hooks.refresh(engine).catch(() => {})
  }

  function onWake(_reason: WakeReason) {
    // Timers may have been throttled or frozen: catch up with storage, then with the clock.
    reconcile(readStored())
    dispatch({ type: 'tick', now: now() })
    resumeIfOffline()
    hooks.flushRevocations(engine).catch(() => {})
  }

  const activityKey = `${config.storageKey}.activity`
  const issuedAt = (target: SessionRecord) => target.session.serverNow - skewFor(target)

  function readActivity(): number {
    try {
      const value = Number(getStorage().getItem(activityKey))
      return Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY
    } catch {
      return Number.NEGATIVE_INFINITY
    }
  }

  function onActivity() {
    const at = now()
    // Shared through storage (the refreshing tab may not be the one in use). Written for the
    // first input after each refresh, then at most every 10 s: input events fire often.
    const due = record === null || lastActivity < issuedAt(record) || at - lastActivity >= 10_000
    lastActivity = at
    if (due) {
      try {
        getStorage().setItem(activityKey, String(at))
      } catch {
        // Memory still knows, for refreshes from this tab.
      }
    }
  }

  function start() {
    started = true
    channel = config.channel(`latchkey:${config.storageKey}`)
    channel?.addEventListener('message', onMessage)
    detachVisibility = config.visibility()?.subscribe(onWake) ?? null
    detachActivity = config.activity()?.subscribe(onActivity) ?? null
    // `store.subscribe`, not `engine.subscribe`: watching the state must not keep the engine started.
    detachHooks = hooks.attach?.(engine, store.subscribe) ?? null
    dispatch({ type: 'tick', now: now() })
    resumeIfOffline()
    hooks.flushRevocations(engine).catch(() => {})
  }

  function stop() {
    started = false
    if (wakeTimer !== null) config.timers.clearTimeout(wakeTimer)
    if (retryTimer !== null) config.timers.clearTimeout(retryTimer)
    wakeTimer = null
    retryTimer = null
    channel?.removeEventListener('message', onMessage)
    channel?.close()
    channel = null
    detachVisibility?.()
    detachVisibility = null
    detachActivity?.()
    detachActivity = null
    detachHooks?.()
    detachHooks = null
  }

  function retain(): () => void {
    ensureInitialized()
    holders += 1
    if (holders === 1) start()
    let released = false
    return () => {
      if (released) return
      released = true
      holders -= 1
      if (holders === 0) stop()
    }
  }

  function readStored(): SessionRecord | null {
    // When storage refused our last write, memory is the only copy.
    if (storageFailed) return record
    return readRecord(getStorage(), config.storageKey, config.mode)
  }

  function persist(next: SessionRecord) {
    storageFailed = !writeRecord(getStorage(), config.storageKey, next)
  }

  function reconcile(stored: SessionRecord | null, reason: SignOutReason = 'other_tab') {
    if (!initialized) return
    const current = record
    if (stored === null) {
      if (current === null && machine.auth.status !== 'authenticated') return
      record = null
      epoch += 1
      dispatch({ type: 'signedOut', reason, origin: 'remote' })
      return
    }
    if (current === null || stored.session.id !== current.session.id) {
      record = stored
      epoch += 1
      dispatch({ type: 'signedIn', session: localSession(stored), now: now(), origin: 'remote' })
      return
    }
    // Storage is the shared truth (rotations are written there under the lock): adopt what differs.
    if (!isSameRecord(stored, current)) {
      acceptRefresh(stored)
    } else if (stored.session.user !== current.session.user) {
      record = stored
      dispatch({ type: 'userLoaded', user: stored.session.user })
    }
    // Another tab dismissed this session's expiry warning (session-ui).
    if (stored.expiryWarningDismissed === true) dispatch({ type: 'expiryWarningDismissed', sessionId: stored.session.id })
  }

  function acceptRefresh(next: SessionRecord) {
    if (record !== null && isSameRecord(record, next)) return
    // New tokens (from here or another tab) mean the server is reachable: stop backing off.
    resetRetry()
    record = next
    dispatch({ type: 'refreshed', session: localSession(next), now: now() })
  }

  function resetRetry() {
    retryAttempt = 0
    if (retryTimer !== null) {
      config.timers.clearTimeout(retryTimer)
      retryTimer = null
    }
  }

  function toRecord(response: TokenResponse, skew: number): SessionRecord {
    // New tokens for the same session keep its expiry-warning dismissal (session-ui).
    const dismissed = [readStored(), record].some((known) => known?.session.id === response.session.id && known.expiryWarningDismissed === true)
    const base = { v: 1 as const, mode: config.mode, session: response.session, skew, ...(dismissed ? { expiryWarningDismissed: true as const } : {}) }
    if (config.mode === 'cookie') return base
    return { ...base, accessToken: response.accessToken as string, refreshToken: response.refreshToken as string }
  }

  function broadcast(message: TabMessage) {
    try {
      channel?.postMessage(message)
    } catch {
      // A closed or failing channel: other tabs catch up from storage on their next wake.
    }
  }

  const engine: Engine = {
    config,
    messages,
    transport,
    inflight: null,

    getState() {
      ensureInitialized()
      return store.getState()
    },
    getInitialState,
    subscribe(listener) {
      const release = retain()
      const unsubscribe = store.subscribe(listener)
      return () => {
        unsubscribe()
        release()
      }
    },
    onAuthStateChange(callback) {
      const entry = { callback, ready: false }
      callbacks.add(entry)
      const release = retain()
      // Asynchronously, so the caller holds the unsubscribe function before its callback runs.
      queueMicrotask(() => {
        if (!callbacks.has(entry)) return
        entry.ready = true
        try {
          callback({ type: 'INITIAL_SESSION' }, store.getState())
        } catch (error) {
          reportCallbackError(error)
        }
      })
      return () => {
        callbacks.delete(entry)
        release()
      }
    },

    ensureInitialized,
    now,
    machine: () => machine,
    dispatch,
    schedule,

    record: () => record,
    readStored,
    persist,
    localSession,
    measureSkew(serverNow, sentAt) {
      // Measured against when the request left: the server answered after that, so the
      // error can only move local deadlines earlier (safe), never later.
      ownSkew = serverNow - sentAt
      return ownSkew
    },
    toRecord,
    epoch: () => epoch,

    acceptSignIn(response, sentAt) {
      ensureInitialized()
      const next = toRecord(response, engine.measureSkew(response.session.serverNow, sentAt))
      const previous = record
      epoch += 1
      record = next
      persist(next)
      engine.onNetworkOk()
      dispatch({ type: 'signedIn', session: localSession(next), now: now() })
      broadcast({ v: 1, kind: 'signed_in', sessionId: next.session.id, serverNow: next.session.serverNow })
      const auth = machine.auth
      return {
        user: auth.status === 'authenticated' ? auth.user : next.session.user,
        replaced: previous !== null && previous.session.id !== next.session.id ? previous : null,
      }
    },
    acceptRefresh,
    endSession(reason) {
      ensureInitialized()
      const previous = record
      epoch += 1
      record = null
      dispatch({ type: 'signedOut', reason, origin: 'local' })
      broadcast({ v: 1, kind: 'signed_out', sessionId: previous?.session.id ?? null, reason })
      return previous
    },
    reconcile,
    acceptUser(user, sessionId) {
      if (record === null || record.session.id !== sessionId) return
      const next: SessionRecord = { ...record, session: { ...record.session, user } }
      record = next
      persist(next)
      dispatch({ type: 'userLoaded', user })
      broadcast({ v: 1, kind: 'user_updated', sessionId: next.session.id, serverNow: next.session.serverNow })
    },
    acceptSessionUpdate(next, event) {
      if (record === null || record.session.id !== next.session.id) return
      record = next
      persist(next)
      dispatch({ type: 'updated', session: localSession(next), now: now(), event })
      broadcast({ v: 1, kind: 'user_updated', sessionId: next.session.id, serverNow: next.session.serverNow })
    },

    onTransientFailure() {
      dispatch({ type: 'offline' })
      if (!started || retryTimer !== null) return
      const delay = backoffDelay(retryAttempt, config.random, config.retry)
      retryAttempt += 1
      retryTimer = config.timers.setTimeout(() => {
        retryTimer = null
        hooks.refresh(engine).catch(() => {})
      }, delay)
      schedule()
    },
    onNetworkOk() {
      resetRetry()
      dispatch({ type: 'online' })
    },
    broadcast,
    lock() {
      if (lockManager === undefined) lockManager = config.lock()
      return lockManager
    },
    storage: getStorage,
    hasRetryPending: () => retryTimer !== null,
    wasActiveSince: (target) => Math.max(lastActivity, readActivity()) >= issuedAt(target),
  }

  return engine
}
