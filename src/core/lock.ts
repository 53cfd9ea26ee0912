import type { Clock, KeyValueStorage, Timers } from './types.js'

/** Options of a lock request, as `navigator.locks.request` takes them. */
export interface LockRequestOptions {
  mode?: 'exclusive'
  /** Grant only if free; the callback gets `null` otherwise. */
  ifAvailable?: boolean
  /** Take the lock from its holder (recovery from an orphaned lock). */
  steal?: boolean
  /** Abort the wait. */
  signal?: AbortSignal
}

/**
 * A lock manager with `navigator.locks`' shape: the lock is held while the promise the
 * callback returns is pending. `navigator.locks` fits as is.
 */
export interface LockManagerLike {
  request<T>(name: string, options: LockRequestOptions, callback: (lock: unknown) => Promise<T> | T): Promise<T>
}

/** @internal */
export interface WithLockOptions<T> {
  /** The longest wait, ms, before the holder is presumed orphaned and the lock is stolen. */
  timeout: number
  timers: Timers
  /**
   * Called when the wait times out, before stealing: a result here (e.g. "another tab
   * already did the work") is returned without taking the lock.
   */
  recover?: () => T | null
  onOrphaned?: () => void
}

/**
 * @internal Runs `fn` holding `name`. A holder that keeps the lock past `timeout` (a frozen
 * tab, a hung request) is presumed orphaned: the lock is stolen (`steal: true`) so the
 * session does not stall behind it. `fn` must re-read shared state, since a stolen lock
 * means another holder may still finish.
 */
export async function withLock<T>(locks: LockManagerLike, name: string, fn: () => Promise<T>, options: WithLockOptions<T>): Promise<T> {
  const controller = new AbortController()
  let granted = false
  const timer = options.timers.setTimeout(() => {
    if (!granted) controller.abort()
  }, options.timeout)
  try {
    return await locks.request(name, { mode: 'exclusive', signal: controller.signal }, () => {
      granted = true
      options.timers.clearTimeout(timer)
      return fn()
    })
  } catch (error) {
    if (granted || !controller.signal.aborted) throw error
    const recovered = options.recover?.() ?? null
    if (recovered !== null) return recovered
    options.onOrphaned?.()
    return locks.request(name, { mode: 'exclusive', steal: true }, () => fn())
  } finally {
    options.timers.clearTimeout(timer)
  }
}

interface Lease {
  owner: string
  expiresAt: number
}

/** @internal */
export interface StorageLockOptions {
  clock: Clock
  timers: Timers
  random?: () => number
  /** How long a lease lasts without release (a closed tab's lease lapses), ms. Default 30 000. */
  lease?: number
  /** Wait between writing a lease and trusting it, ms. Default 50. */
  settle?: number
  /** Wait between attempts while the lock is held, ms. Default 100. */
  poll?: number
}

const abortError = () => new DOMException('The lock request was aborted.', 'AbortError')

/**
 * A lock over a shared `KeyValueStorage`, for browsers without Web Locks: a lease record
 * `{ owner, expiresAt }` written, then re-read after a short settle time (the last writer
 * wins, and every contender sees who). Leases lapse, so a closed tab cannot hold it forever.
 * Weaker than Web Locks (two tabs writing within the settle time can both see their own
 * write under storage's eventual consistency), which is why refresh also re-reads storage
 * and the server has a reuse grace window.
 */
export function createStorageLock(storage: KeyValueStorage, options: StorageLockOptions): LockManagerLike {
  const random = options.random ?? Math.random
  const leaseMs = options.lease ?? 30_000
  const settle = options.settle ?? 50
  const poll = options.poll ?? 100
  let counter = 0

  const read = (key: string): Lease | null => {
    try {
      const value: unknown = JSON.parse(storage.getItem(key) ?? 'null')
      if (typeof value === 'object' && value !== null && typeof (value as Lease).owner === 'string' && typeof (value as Lease).expiresAt === 'number') {
        return value as Lease
      }
    } catch {
      // Junk: treat as free.
    }
    return null
  }

  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError())
      const onAbort = () => {
        options.timers.clearTimeout(handle)
        reject(abortError())
      }
      const handle = options.timers.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })

  return {
    async request(name, requestOptions, callback) {
      const key = `${name}.lock`
      const owner = `${(counter += 1)}:${random().toString(36).slice(2)}`
      for (;;) {
        if (requestOptions.signal?.aborted) throw abortError()
        const lease = read(key)
        const free = lease === null || lease.expiresAt <= options.clock.now() || lease.owner === owner
        if (free || requestOptions.steal) {
          storage.setItem(key, JSON.stringify({ owner, expiresAt: options.clock.now() + leaseMs }))
          await sleep(settle, requestOptions.signal)
          if (read(key)?.owner === owner) break
        } else if (requestOptions.ifAvailable) {
          return callback(null)
        } else {
          await sleep(poll + random() * poll, requestOptions.signal)
        }
      }
      try {
        return await callback({ name, mode: 'exclusive' })
      } finally {
        if (read(key)?.owner === owner) storage.removeItem(key)
      }
    },
  }
}
