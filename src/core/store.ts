/**
 * @internal A minimal external store (zustand's `vanilla.ts` shape): `getState`,
 * `setState`, `subscribe`. Nothing notifies when the next state is `Object.is` the
 * previous one, so a no-op transition costs subscribers nothing.
 */
export interface Store<T> {
  getState(): T
  setState(next: T): void
  subscribe(listener: () => void): () => void
}

/** @internal */
export function createStore<T>(initial: T, onListenerError: (error: unknown) => void): Store<T> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    getState: () => state,
    setState(next) {
      if (Object.is(next, state)) return
      state = next
      for (const listener of [...listeners]) {
        // A throwing subscriber must not keep the others (or the engine) from seeing the change.
        try {
          listener()
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    subscribe(listener) {
      // Wrapped so that subscribing the same function twice yields two independent subscriptions.
      const entry = () => listener()
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
  }
}
