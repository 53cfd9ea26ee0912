import { QueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { createAuthClient, resolveMessages } from '../core/index.js'
import type { AuthClient, AuthClientOptions, MessageOverrides } from '../core/index.js'
import { AuthContext } from './context.js'
import type { AuthContextValue } from './context.js'

interface AuthProviderBaseProps {
  children?: ReactNode
  /** Overrides for any user-visible string, applied over the client's own messages. */
  messages?: MessageOverrides
  /**
   * A TanStack Query client for latchkey's server data (`/me`, sessions). By default
   * the provider owns one; latchkey never reads or shadows the app's QueryClientProvider.
   */
  queryClient?: QueryClient
}

/**
 * `AuthProvider`'s props: an existing `client`, or `createAuthClient` options to create
 * one with (`baseUrl`, `storage`, `initialSession` for server rendering, ...).
 */
export type AuthProviderProps = AuthProviderBaseProps &
  ({ client: AuthClient } | ({ client?: undefined } & AuthClientOptions))

/**
 * Makes an `AuthClient` available to latchkey's hooks and components. It holds no
 * auth state itself: hooks subscribe to the client. Given options instead of a
 * `client`, it creates the client once, on first render, and keeps it.
 *
 * @example
 * <AuthProvider baseUrl="/auth">
 *   <AuthButton />
 * </AuthProvider>
 */
export function AuthProvider(props: AuthProviderProps): ReactNode {
  const { children, messages: overrides, queryClient: appQueryClient, client: given, ...options } = props
  const [client] = useState(
    () => given ?? createAuthClient({ ...(options as AuthClientOptions), ...(overrides ? { messages: overrides } : {}) }),
  )
  const [queryClient] = useState(() => appQueryClient ?? new QueryClient())
  const messages = useMemo(() => resolveMessages(overrides, client.messages), [overrides, client])

  // What QueryClientProvider would do (focus and online managers), without providing
  // our client to the app's own useQuery calls.
  useEffect(() => {
    queryClient.mount()
    return () => queryClient.unmount()
  }, [queryClient])

  const value = useMemo<AuthContextValue>(
    () => ({ client, queryClient, messages }),
    [client, queryClient, messages],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}
