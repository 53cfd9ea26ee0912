import { useCallback, useState, useSyncExternalStore } from 'react'
import type { AuthState } from '../core/index.js'
import { useAuthContext } from './context.js'
import { useAuthSelector } from './useAuthState.js'

/** Parameters of `useSessionExpiry`. */
export interface UseSessionExpiryParameters {
  /**
   * How long (ms) before the session's absolute end the warning is due. Default: when the
   * client's own `warnBefore` says so (the moment `SESSION_EXPIRING` fires).
   */
  warnBefore?: number | undefined
  /**
   * `true` (default): re-render once a second while the warning is due, for a countdown.
   * `false`: re-render only when the warning starts and when the session ends.
   */
  tick?: boolean | undefined
}

/** What `useSessionExpiry` returns. Times are ms on the client's clock (`client.now()`). */
export interface UseSessionExpiryReturnType {
  /** The absolute end of the session (or of the session that just expired); `null` when there is none. */
  expiresAt: number | null
  /** Time left until `expiresAt`, as of this render; `null` when there is no session. */
  msLeft: number | null
  /** The warning window is open: the session ends within `warnBefore`. */
  isWarning: boolean
  /** The session ran out (it stays `true` after the engine signed out, until the next sign-in). */
  isExpired: boolean
  /** The user dismissed this session's warning, in this tab or another (`dismiss`). */
  isDismissed: boolean
  /** Hides this session's warning in every tab (`client.dismissExpiryWarning()`). */
  dismiss(): void
}

type Phase = 'none' | 'before' | 'warning' | 'expired'

/** setTimeout's longest delay (2^31 − 1 ms). */
const MAX_TIMER_DELAY = 2 ** 31 - 1

const selectExpiresAt = (state: AuthState) => (state.status === 'authenticated' ? state.session.expiresAt : null)
const selectExpiring = (state: AuthState) => state.status === 'authenticated' && state.expiring
const selectNever = () => false
const selectDismissed = (state: AuthState) => state.status === 'authenticated' && state.expiryWarningDismissed

/**
 * The session's absolute end, as a countdown you can show. Ticks once a second only while
 * the warning is due and only in components that use it; before the warning window it
 * renders only when the session changes, and it stops at the end or on sign-out.
 *
 * @example
 * const { isWarning, isDismissed, msLeft, dismiss } = useSessionExpiry()
 * if (!isWarning || isDismissed) return null
 * return <p>Your session ends in {formatCountdown(msLeft ?? 0)} <button onClick={dismiss}>OK</button></p>
 */
export function useSessionExpiry(parameters: UseSessionExpiryParameters = {}): UseSessionExpiryReturnType {
  const { warnBefore, tick = true } = parameters
  if (warnBefore !== undefined && (typeof warnBefore !== 'number' || !(warnBefore >= 0))) {
    throw new TypeError(`useSessionExpiry: \`warnBefore\` must be a number of milliseconds (0 or more); got ${String(warnBefore)}.`)
  }
  const { client } = useAuthContext('useSessionExpiry')
  const current = useAuthSelector('useSessionExpiry', selectExpiresAt)
  // With `warnBefore` given the engine's flag is not ours: do not re-render when it flips.
  const expiring = useAuthSelector('useSessionExpiry', warnBefore === undefined ? selectExpiring : selectNever)
  const isDismissed = useAuthSelector('useSessionExpiry', selectDismissed)

  // Remember the end of the session last seen, so that "expired" outlives the sign-out the
  // engine does at that moment; any other sign-out (before the end) forgets it.
  const [seen, setSeen] = useState<{ expiresAt: number | null; ended: number | null }>({ expiresAt: current, ended: null })
  if (seen.expiresAt !== current) {
    const ended = current === null && seen.expiresAt !== null && client.now() >= seen.expiresAt ? seen.expiresAt : null
    setSeen({ expiresAt: current, ended })
  }
  const ended = current === null ? seen.ended : null
  const deadline = current ?? ended
  // Without `warnBefore`, the engine's own flag opens the window (no timer of ours needed).
  const warnAt = current === null ? null : warnBefore !== undefined ? current - warnBefore : expiring ? Number.NEGATIVE_INFINITY : null

  const read = useCallback((): string => {
    if (deadline === null) return 'none'
    const now = client.now()
    if (current === null || now >= deadline) return 'expired'
    if (warnAt === null || now < warnAt) return 'before'
    return tick ? `warning:${Math.ceil((deadline - now) / 1000)}` : 'warning'
  }, [client, current, deadline, warnAt, tick])

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (current === null) return () => {}
      let timer: ReturnType<typeof setTimeout> | undefined
      const schedule = () => {
        const now = client.now()
        if (now >= current || warnAt === null) return
        // Before the window: wake when it opens. Inside: when the whole seconds left change
        // (or, without ticking, at the end).
        const delay = now < warnAt ? warnAt - now : tick ? (current - now) % 1000 || 1000 : current - now
        // Capped: a longer delay overflows setTimeout and would fire at once (sessions last up to 30 days).
        timer = setTimeout(() => {
          onChange()
          schedule()
        }, Math.min(delay, MAX_TIMER_DELAY))
      }
      schedule()
      return () => clearTimeout(timer)
    },
    [client, current, warnAt, tick],
  )

  const snapshot = useSyncExternalStore(subscribe, read, read)
  const dismiss = useCallback(() => client.dismissExpiryWarning(), [client])
  const phase = snapshot.split(':')[0] as Phase
  return {
    expiresAt: deadline,
    msLeft: deadline === null ? null : Math.max(0, deadline - client.now()),
    isWarning: phase === 'warning',
    isExpired: phase === 'expired',
    isDismissed,
    dismiss,
  }
}
