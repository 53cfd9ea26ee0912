import type { KeyValueStorage, Timers } from './types.js'

/**
 * @internal How long a tab that just took the refresh lock waits for another tab's write of
 * the session record to reach it, ms (it stops as soon as the write arrives).
 */
export const STORAGE_SETTLE_MS = 100

/**
 * @internal Browsers keep a copy of `localStorage` in each tab's process and bring it up to
 * date from other tabs asynchronously (Chromium: a few ms after the write, over IPC that is not
 * ordered with Web Locks). A tab taking the refresh lock right after another tab released it can
 * therefore still read the refresh token that tab just rotated, and present it again: the
 * server answers from its reuse grace window, but the request is wasted (measured in
 * test/e2e/multitab.test.ts: 12 requests for 8 rotations with 3 tabs).
 *
 * Waits for the next `storage` event on `key` (the moment the copy is updated) or `ms`,
 * whichever comes first. Returns null, waiting for nothing, for any storage other than the
 * page's own `localStorage` (memory and custom adapters are read-your-writes, or have no tabs).
 */
export function storageSettled(storage: KeyValueStorage, key: string, timers: Timers, ms = STORAGE_SETTLE_MS): Promise<void> | null {
  const target = typeof window === 'undefined' ? undefined : window
  let local: unknown
  try {
    local = target?.localStorage
  } catch {
    return null
  }
  if (target === undefined || local === undefined || storage !== local) return null
  return new Promise((resolve) => {
    const done = () => {
      target.removeEventListener('storage', onStorage)
      timers.clearTimeout(timer)
      resolve()
    }
    const onStorage = (event: StorageEvent) => {
      if (event.key === key || event.key === null) done()
    }
    const timer = timers.setTimeout(done, ms)
    target.addEventListener('storage', onStorage)
  })
}
