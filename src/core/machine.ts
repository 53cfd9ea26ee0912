import { jsonEqual } from './equal.js'
import type { SessionBody, User } from './protocol.js'
import type { AuthEvent, AuthState, SessionInfo, SignOutReason, VisitorWallet, WalletMismatch } from './types.js'

/**
 * The session state machine: a pure `transition(state, input, config)` returning the next
 * state and the effects to run. No timers, storage or network here; `engine.ts` runs the
 * effects. Tests drive it directly.
 */

/** @internal A session on the local clock, with the moment its access token is due for refresh. */
export interface LocalSession extends SessionInfo {
  user: User
  /**
   * Local ms at which to refresh (before `accessTokenExpiresAt`); `Infinity` when the token
   * already lasts until the session's end, where a refresh would gain nothing.
   */
  refreshAt: number
  /** The stored record says the user dismissed this session's expiry warning (session-ui). */
  expiryWarningDismissed?: boolean
}

/** @internal The machine's state: the public state plus the refresh deadline (not public). */
export interface MachineState {
  auth: AuthState
  refreshAt: number | null
}

/** @internal */
export interface MachineConfig {
  /** ms before `expiresAt` at which `SESSION_EXPIRING` fires. */
  warnBefore: number
}

/** @internal What happened. Times are local ms. */
export type MachineInput =
  /** The first read of storage (or `initialSession`). */
  | { type: 'restored'; session: LocalSession | null; now: number }
  /**
   * A new session: signed in here (`local`, the default), or seen in storage after another
   * tab did (`remote`). `origin` names the `SIGNED_OUT` reason when the user changes.
   */
  | { type: 'signedIn'; session: LocalSession; now: number; origin?: 'local' | 'remote' }
  /** New tokens for the current session: refreshed here or by another tab. */
  | { type: 'refreshed'; session: LocalSession; now: number }
  | { type: 'userLoaded'; user: User }
  /** A refresh failed for a transient reason (network, timeout, 5xx, 429). */
  | { type: 'offline' }
  | { type: 'online' }
  /** `local`: this tab decided it (clears storage); `remote`: another tab did, storage is theirs. */
  | { type: 'signedOut'; reason: SignOutReason; origin: 'local' | 'remote' }
  /** A timer fired or the page woke up: check the deadlines. */
  | { type: 'tick'; now: number }
  // --- session expiry (issue 3, session-ui) ---
  /** The user dismissed the expiry warning of session `sessionId` (here or in another tab). */
  | { type: 'expiryWarningDismissed'; sessionId: string }
  // --- wallets (issue 4, wallet-client) ---
  /** Connect-only mode: a wallet connected without signing (`null`: it went away). Ignored while signed in. */
  | { type: 'visitor'; wallet: VisitorWallet | null }
  /** The connected wallet account vs the session's wallets (`null`: they agree, or no wallet). */
  | { type: 'walletMismatch'; mismatch: WalletMismatch | null }
  /** The same session with new claims (a credential linked or unlinked, the profile changed). */
  | { type: 'updated'; session: LocalSession; now: number; event: 'CREDENTIAL_LINKED' | 'USER_UPDATED' }

/** @internal */
export type MachineEffect =
  | { type: 'emit'; event: AuthEvent }
  | { type: 'clearStorage' }
  /** The access token is due: refresh (single-flight). */
  | { type: 'refresh' }

/** @internal */
export interface TransitionResult {
  state: MachineState
  effects: MachineEffect[]
}

/** @internal The machine before the first read. */
export const initialMachineState: MachineState = { auth: { status: 'loading' }, refreshAt: null }

const signedOutState: MachineState = { auth: { status: 'unauthenticated' }, refreshAt: null }

/** Refreshes no sooner than this after a token arrives, so a server clock glitch cannot cause a refresh loop. */
const MIN_REFRESH_INTERVAL = 5_000

/**
 * @internal Converts a server `session` body to the local clock. `skew` = server − local
 * (ms). The refresh margin is clamped to half the token's lifetime so a short token
 * (seconds, in tests) is refreshed midway rather than in a loop.
 */
export function toLocalSession(body: SessionBody, skew: number, refreshMargin: number): LocalSession {
  const local = (serverTime: number) => serverTime - skew
  const lifetime = Math.max(0, body.accessTokenExpiresAt - body.serverNow)
  const margin = Math.max(0, Math.min(refreshMargin, lifetime / 2))
  const accessTokenExpiresAt = local(body.accessTokenExpiresAt)
  const receivedAt = local(body.serverNow)
  // The server caps the last token at the session's end: refreshing it would only repeat it.
  const last = body.accessTokenExpiresAt >= body.expiresAt
  return {
    id: body.id,
    user: body.user,
    accessTokenExpiresAt,
    expiresAt: local(body.expiresAt),
    refreshAt: last ? Number.POSITIVE_INFINITY : Math.max(accessTokenExpiresAt - margin, receivedAt + Math.min(MIN_REFRESH_INTERVAL, lifetime)),
  }
}

/** @internal The next local time at which `tick` has something to do, or `null`. */
export function nextDeadline(state: MachineState, config: MachineConfig): number | null {
  const { auth } = state
  if (auth.status !== 'authenticated') return null
  let next = auth.session.expiresAt
  if (!auth.expiring) next = Math.min(next, auth.session.expiresAt - config.warnBefore)
  if (auth.network === 'online' && state.refreshAt !== null) next = Math.min(next, state.refreshAt)
  return next
}

const emit = (event: AuthEvent): MachineEffect => ({ type: 'emit', event })

function sessionInfo(session: LocalSession, previous: SessionInfo | null): SessionInfo {
  if (
    previous !== null &&
    previous.id === session.id &&
    previous.accessTokenExpiresAt === session.accessTokenExpiresAt &&
    previous.expiresAt === session.expiresAt
  ) {
    return previous
  }
  return { id: session.id, accessTokenExpiresAt: session.accessTokenExpiresAt, expiresAt: session.expiresAt }
}

function authenticated(
  session: LocalSession,
  now: number,
  config: MachineConfig,
  previous: Extract<AuthState, { status: 'authenticated' }> | null,
): Extract<AuthState, { status: 'authenticated' }> {
  const user = previous !== null && jsonEqual(previous.user, session.user) ? previous.user : session.user
  return {
    status: 'authenticated',
    user,
    session: sessionInfo(session, previous?.session ?? null),
    network: 'online',
    expiring: now >= session.expiresAt - config.warnBefore,
    // Dismissal belongs to one session: kept across its refreshes, never carried to a new one.
    expiryWarningDismissed:
      session.expiryWarningDismissed === true ||
      (previous !== null && previous.session.id === session.id && previous.expiryWarningDismissed),
    walletMismatch: previous?.walletMismatch ?? null,
  }
}

/** Keeps the previous object when nothing in it changed, so the store does not notify. */
function same(previous: MachineState, auth: AuthState, refreshAt: number | null): MachineState {
  if (previous.auth === auth && previous.refreshAt === refreshAt) return previous
  if (
    previous.refreshAt === refreshAt &&
    previous.auth.status === 'authenticated' &&
    auth.status === 'authenticated' &&
    previous.auth.user === auth.user &&
    previous.auth.session === auth.session &&
    previous.auth.network === auth.network &&
    previous.auth.expiring === auth.expiring &&
    previous.auth.expiryWarningDismissed === auth.expiryWarningDismissed &&
    previous.auth.walletMismatch === auth.walletMismatch
  ) {
    return previous
  }
  return { auth, refreshAt }
}

/** @internal The state machine. Pure: same input, same output; never throws. */
export function transition(state: MachineState, input: MachineInput, config: MachineConfig): TransitionResult {
  const current = state.auth
  const signedIn = current.status === 'authenticated' ? current : null

  switch (input.type) {
    case 'restored': {
      if (input.session === null) return { state: signedOutState, effects: [] }
      if (input.now >= input.session.expiresAt) return { state: signedOutState, effects: [{ type: 'clearStorage' }] }
      return { state: { auth: authenticated(input.session, input.now, config, null), refreshAt: input.session.refreshAt }, effects: [] }
    }

    case 'signedIn': {
      const previous = signedIn !== null && signedIn.user.id === input.session.user.id ? signedIn : null
      // A new sign-in is checked against the wallet afresh (the wallet runtime recomputes it).
      const auth = { ...authenticated(input.session, input.now, config, previous), walletMismatch: null }
      // Another user signing in over a session ends that one first, so listeners clear the
      // previous user's data on SIGNED_OUT before they see the new user (session-ui).
      const effects: MachineEffect[] =
        signedIn !== null && previous === null
          ? [emit({ type: 'SIGNED_OUT', reason: input.origin === 'remote' ? 'other_tab' : 'user' })]
          : []
      effects.push(emit({ type: 'SIGNED_IN' }))
      return { state: { auth, refreshAt: input.session.refreshAt }, effects }
    }

    case 'refreshed': {
      // A refresh that lands after a sign-out or a different sign-in is stale: ignore it.
      if (signedIn === null || signedIn.session.id !== input.session.id) return { state, effects: [] }
      const auth = authenticated(input.session, input.now, config, signedIn)
      const effects: MachineEffect[] = [emit({ type: 'TOKEN_REFRESHED' })]
      if (auth.user !== signedIn.user) effects.push(emit({ type: 'USER_UPDATED' }))
      // The warning stays shown once given: a refresh never extends the absolute end.
      const kept = signedIn.expiring && auth.session.expiresAt === signedIn.session.expiresAt ? { ...auth, expiring: true } : auth
      return { state: same(state, kept, input.session.refreshAt), effects }
    }

    case 'userLoaded': {
      if (signedIn === null || jsonEqual(signedIn.user, input.user)) return { state, effects: [] }
      return {
        state: { auth: { ...signedIn, user: input.user }, refreshAt: state.refreshAt },
        effects: [emit({ type: 'USER_UPDATED' })],
      }
    }

    case 'offline':
    case 'online': {
      const network = input.type
      if (signedIn === null || signedIn.network === network) return { state, effects: [] }
      return { state: { auth: { ...signedIn, network }, refreshAt: state.refreshAt }, effects: [] }
    }

    case 'signedOut': {
      // A visitor has no session to end: the wallet stays connected (disconnecting is its own action).
      if (current.status === 'unauthenticated' || current.status === 'loading' || current.status === 'visitor') {
        // Nothing to announce, but a local sign-out still clears whatever storage holds.
        return { state: current.status === 'loading' ? signedOutState : state, effects: input.origin === 'local' ? [{ type: 'clearStorage' }] : [] }
      }
      const effects: MachineEffect[] = input.origin === 'local' ? [{ type: 'clearStorage' }] : []
      effects.push(emit({ type: 'SIGNED_OUT', reason: input.reason }))
      return { state: signedOutState, effects }
    }

    case 'tick': {
      if (signedIn === null) return { state, effects: [] }
      if (input.now >= signedIn.session.expiresAt) {
        return transition(state, { type: 'signedOut', reason: 'expired', origin: 'local' }, config)
      }
      const effects: MachineEffect[] = []
      let auth = signedIn
      if (!signedIn.expiring && input.now >= signedIn.session.expiresAt - config.warnBefore) {
        auth = { ...signedIn, expiring: true }
        effects.push(emit({ type: 'SESSION_EXPIRING' }))
      }
      if (signedIn.network === 'online' && state.refreshAt !== null && input.now >= state.refreshAt) {
        effects.push({ type: 'refresh' })
      }
      return { state: same(state, auth, state.refreshAt), effects }
    }

    case 'visitor': {
      if (current.status !== 'unauthenticated' && current.status !== 'visitor') return { state, effects: [] }
      if (input.wallet === null) return { state: current.status === 'visitor' ? signedOutState : state, effects: [] }
      if (current.status === 'visitor' && jsonEqual(current.wallet, input.wallet)) return { state, effects: [] }
      return { state: { auth: { status: 'visitor', wallet: input.wallet }, refreshAt: null }, effects: [] }
    }

    case 'walletMismatch': {
      if (signedIn === null || jsonEqual(signedIn.walletMismatch, input.mismatch)) return { state, effects: [] }
      return { state: { auth: { ...signedIn, walletMismatch: input.mismatch }, refreshAt: state.refreshAt }, effects: [] }
    }

    case 'updated': {
      if (signedIn === null || signedIn.session.id !== input.session.id) return { state, effects: [] }
      const auth = authenticated(input.session, input.now, config, signedIn)
      const kept = signedIn.expiring && auth.session.expiresAt === signedIn.session.expiresAt ? { ...auth, expiring: true } : auth
      return { state: same(state, kept, input.session.refreshAt), effects: [emit({ type: input.event })] }
    }

    // --- session expiry (issue 3, session-ui) ---
    case 'expiryWarningDismissed': {
      if (signedIn === null || signedIn.session.id !== input.sessionId || signedIn.expiryWarningDismissed) return { state, effects: [] }
      return { state: { auth: { ...signedIn, expiryWarningDismissed: true }, refreshAt: state.refreshAt }, effects: [] }
    }

    default: {
      input satisfies never
      return { state, effects: [] }
    }
  }
}
