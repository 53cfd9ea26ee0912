import { useCallback } from 'react'
import type { AuthState } from '../core/index.js'
import { useAuthContext } from './context.js'
import { useSyncExternalStoreWithSelector } from './useSyncExternalStoreWithSelector.js'

/**
 * Reads a slice of the auth state. The component re-renders only when the slice
 * changes (by `isEqual`, default `Object.is`), so reading `state.status` does not
 * re-render on a silent token refresh.
 *
 * On the server, and in the first render while hydrating, it reads the state derived
 * from `AuthProvider`'s `initialSession` (else `loading`), so the markup matches.
 *
 * @example
 * const status = useAuthState((state) => state.status)
 */
export function useAuthState<T>(
  selector: (state: AuthState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useAuthSelector('useAuthState', selector, isEqual)
}

/** @internal `useAuthState` that names its public caller in the outside-the-provider error. */
export function useAuthSelector<T>(
  hook: string,
  selector: (state: AuthState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  const { client } = useAuthContext(hook)
  const subscribe = useCallback((onChange: () => void) => client.subscribe(onChange), [client])
  const getSnapshot = useCallback(() => client.getState(), [client])
  const getServerSnapshot = useCallback(() => client.getInitialState(), [client])
  return useSyncExternalStoreWithSelector(subscribe, getSnapshot, getServerSnapshot, selector, isEqual)
}
