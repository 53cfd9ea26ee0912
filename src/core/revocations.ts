import type { Engine } from './engine.js'
import { isTransientError } from './errors.js'
import { readRevocations, writeRevocations } from './record.js'
import type { PendingRevocation, SessionRecord } from './record.js'

/**
 * @internal Server-side revocation that outlives the page: sign-out ends the session locally
 * at once and queues `POST /logout` here (in storage, so a reload or another tab can finish
 * it); the queue is flushed now, on `online`/wake, and when the client starts.
 */

const queueKey = (engine: Engine) => `${engine.config.storageKey}.revoke`

/** @internal */
export function enqueueRevocation(engine: Engine, record: SessionRecord): void {
  const key = queueKey(engine)
  const items = readRevocations(engine.storage(), key, engine.now())
  const item: PendingRevocation = { sessionId: record.session.id, queuedAt: engine.now() }
  if (record.refreshToken !== undefined) item.refreshToken = record.refreshToken
  if (items.some((existing) => existing.sessionId === item.sessionId && existing.refreshToken === item.refreshToken)) return
  writeRevocations(engine.storage(), key, [...items, item])
}

const flushing = new WeakMap<Engine, Promise<void>>()

/** @internal Sends queued revocations; keeps those that failed for a transient reason. Never rejects. */
export function flushRevocations(engine: Engine): Promise<void> {
  const running = flushing.get(engine)
  if (running) return running
  const run = (async () => {
    const key = queueKey(engine)
    for (const item of readRevocations(engine.storage(), key, engine.now())) {
      // Cookie mode: `/logout` ends whatever session the cookie names, which is the new
      // one once the user has signed in again; the old one then ends with its refresh family.
      if (engine.config.mode === 'cookie' && engine.getState().status === 'authenticated') return
      try {
        await engine.transport.request('POST', '/logout', {
          body: item.refreshToken === undefined ? {} : { refreshToken: item.refreshToken },
        })
      } catch (error) {
        if (isTransientError(error)) return
        // Any definite answer (already revoked, unknown token) means there is nothing left to revoke.
      }
      const rest = readRevocations(engine.storage(), key, engine.now()).filter(
        (other) => !(other.sessionId === item.sessionId && other.refreshToken === item.refreshToken),
      )
      writeRevocations(engine.storage(), key, rest)
    }
  })().finally(() => flushing.delete(engine))
  flushing.set(engine, run)
  return run
}
