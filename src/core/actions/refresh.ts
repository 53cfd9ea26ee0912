import type { Engine } from '../engine.js'
import { isSessionEndingError, isTransientError, LatchkeyError } from '../errors.js'
import { withLock } from '../lock.js'
import { isSameRecord } from '../record.js'
import type { SessionRecord } from '../record.js'
import type { SignOutReason } from '../types.js'
import { parseTokenResponse } from '../validate.js'
import { flushRevocations } from '../revocations.js'
import { storageSettled } from '../storageSettle.js'

export type RefreshReturnType = void

/**
 * `not_signed_in`; a definite rejection (`invalid_grant`, `session_expired`,
 * `session_revoked`, `session_idle`, `reuse_detected`) after which the state is signed out; or a
 * transient failure (`network_error`, `timeout`, 5xx, 429) after which the session is
 * kept, `network` is `offline`, and a retry is scheduled.
 */
export type RefreshErrorType = LatchkeyError

type Outcome =
  | { kind: 'rotated'; record: SessionRecord }
  | { kind: 'adopted'; record: SessionRecord }
  | { kind: 'changed'; stored: SessionRecord | null }
  | { kind: 'stale' }
  | { kind: 'failed'; error: unknown; used: SessionRecord }

const REASONS: Partial<Record<string, SignOutReason>> = {
  reuse_detected: 'reuse_detected',
  session_expired: 'expired',
  session_idle: 'idle',
}
const reasonFor = (code: string): SignOutReason => REASONS[code] ?? 'revoked'

/**
 * Rotates the tokens now (`POST /refresh`). Single-flight: concurrent callers in this tab
 * share one request, and across tabs one tab refreshes while the others wait for the lock,
 * then find the new tokens in storage and skip their own request. The background scheduler
 * calls this before the access token expires; call it yourself after the server changed
 * something the token carries.
 */
export function refresh(engine: Engine): Promise<RefreshReturnType> {
  engine.ensureInitialized()
  if (engine.inflight !== null) return engine.inflight
  const run = rotate(engine).finally(() => {
    if (engine.inflight === run) engine.inflight = null
    engine.schedule()
  })
  engine.inflight = run
  return run
}

async function rotate(engine: Engine): Promise<void> {
  const before = engine.record()
  if (before === null) throw new LatchkeyError('not_signed_in', 'There is no session to refresh: sign in first.')
  const epoch = engine.epoch()
  const { mode, storageKey, lockTimeout } = engine.config

  /** The cases that need no request: another tab signed out, signed in again, or already rotated. */
  const settled = (stored = engine.readStored()): Outcome | null => {
    if (stored === null || stored.session.id !== before.session.id) return { kind: 'changed', stored }
    // Storage only ever receives a rotation's result, under the lock: a different record is newer.
    if (!isSameRecord(stored, before) && engine.localSession(stored).refreshAt > engine.now()) return { kind: 'adopted', record: stored }
    return null
  }

  // Runs holding the cross-tab lock: no state changes (and so no user callbacks) in here.
  const underLock = async (): Promise<Outcome> => {
    let stored = engine.readStored()
    let done = settled(stored)
    if (done === null && stored !== null && isSameRecord(stored, before)) {
      // The tab that held the lock before may have rotated already, its write not yet visible here.
      const settling = storageSettled(engine.storage(), storageKey, engine.config.timers)
      if (settling !== null) {
        await settling
        stored = engine.readStored()
        done = settled(stored)
      }
    }
    if (done !== null || stored === null) return done ?? { kind: 'changed', stored }
    // Present the refresh token in storage (the newest): presenting an already-rotated one is reuse.
    const used = stored
    const sentAt = engine.now()
    try {
      const raw = await engine.transport.request('POST', '/refresh', {
        // `active` feeds the server's idle timeout: true only after real user input since the last refresh.
        body: mode === 'app' ? { refreshToken: used.refreshToken, active: engine.wasActiveSince(used) } : { active: engine.wasActiveSince(used) },
      })
      const response = parseTokenResponse(raw, mode)
      if (response === null) {
        throw new LatchkeyError('invalid_response', 'POST /refresh answered without a `session` body (and, in app mode, both tokens).')
      }
      const record = engine.toRecord(response, engine.measureSkew(response.session.serverNow, sentAt))
      // A sign-out (here or in another tab) while the request was in flight wins: never resurrect.
      const latest = engine.readStored()
      if (engine.epoch() !== epoch || latest === null || latest.session.id !== before.session.id) return { kind: 'stale' }
      engine.persist(record)
      return { kind: 'rotated', record }
    } catch (error) {
      return { kind: 'failed', error, used }
    }
  }

  const lock = engine.lock()
  const outcome = lock
    ? await withLock(lock, `latchkey:${storageKey}:refresh`, underLock, {
        // Jittered, so that tabs stuck behind the same orphaned lock do not all steal it at once.
        timeout: lockTimeout + engine.config.random() * Math.min(2_000, lockTimeout / 10),
        timers: engine.config.timers,
        recover: () => settled(),
        onOrphaned: () => console.warn(`[latchkey] The refresh lock was held for over ${lockTimeout} ms; taking it over.`),
      })
    : await underLock()

  // The lock is released: state changes and callbacks from here on.
  if (engine.epoch() !== epoch) return
  switch (outcome.kind) {
    case 'rotated':
      engine.onNetworkOk()
      engine.acceptRefresh(outcome.record)
      engine.broadcast({ v: 1, kind: 'refreshed', sessionId: outcome.record.session.id, serverNow: outcome.record.session.serverNow })
      void flushRevocations(engine)
      return
    case 'adopted':
      engine.acceptRefresh(outcome.record)
      return
    case 'changed':
      engine.reconcile(outcome.stored)
      return
    case 'stale':
      return
    case 'failed': {
      const { error, used } = outcome
      if (isSessionEndingError(error)) {
        // Another tab may have rotated meanwhile (our token was then its parent): use its tokens.
        const latest = engine.readStored()
        if (latest !== null && latest.session.id === used.session.id && !isSameRecord(latest, used)) {
          engine.acceptRefresh(latest)
          return
        }
        engine.endSession(reasonFor((error as LatchkeyError).code))
        throw error
      }
      if (!isTransientError(error)) {
        console.warn('[latchkey] The token refresh failed unexpectedly; keeping the session and retrying.', error)
      }
      engine.onTransientFailure()
      throw error
    }
    default:
      outcome satisfies never
  }
}
