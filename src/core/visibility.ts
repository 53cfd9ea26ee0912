/** Why the page may have missed timers: it became visible, got focus, came online, or was restored from the back/forward cache. */
export type WakeReason = 'visible' | 'focus' | 'online' | 'pageshow'

/**
 * The page-lifecycle edge: calls `listener` when timers may have been missed (a sleeping
 * laptop, a throttled background tab). The default listens to `visibilitychange`,
 * `focus`, `online` and `pageshow`.
 */
export interface VisibilitySource {
  subscribe(listener: (reason: WakeReason) => void): () => void
}

/** @internal The browser's page-lifecycle events, or `null` outside a browser. Touches nothing until subscribed. */
export function browserVisibility(): VisibilitySource | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null
  return {
    subscribe(listener) {
      const onVisibility = () => {
        if (document.visibilityState === 'visible') listener('visible')
      }
      const onFocus = () => listener('focus')
      const onOnline = () => listener('online')
      const onPageShow = () => listener('pageshow')
      document.addEventListener('visibilitychange', onVisibility)
      window.addEventListener('focus', onFocus)
      window.addEventListener('online', onOnline)
      window.addEventListener('pageshow', onPageShow)
      return () => {
        document.removeEventListener('visibilitychange', onVisibility)
        window.removeEventListener('focus', onFocus)
        window.removeEventListener('online', onOnline)
        window.removeEventListener('pageshow', onPageShow)
      }
    },
  }
}

/**
 * The user-input edge, for the server's idle timeout: calls `listener` on real input
 * (pointer, keys, wheel, touch). The client then marks its next refresh `active: true`.
 */
export interface ActivitySource {
  subscribe(listener: () => void): () => void
}

/** @internal The browser's input events, or `null` outside a browser. Touches nothing until subscribed. */
export function browserActivity(): ActivitySource | null {
  if (typeof window === 'undefined') return null
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const
  return {
    subscribe(listener) {
      const options = { capture: true, passive: true }
      for (const type of events) window.addEventListener(type, listener, options)
      return () => {
        for (const type of events) window.removeEventListener(type, listener, options)
      }
    },
  }
}
