import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { AuthClient, Messages } from '../core/index.js'

/**
 * @internal What `AuthProvider` hands down. Every field is fixed for the provider's
 * lifetime except `messages` (which follows the `messages` prop): auth state never
 * travels through context, hooks subscribe to the client instead.
 */
export interface AuthContextValue {
  client: AuthClient
  queryClient: QueryClient
  messages: Messages
}

/** @internal */
export const AuthContext = createContext<AuthContextValue | null>(null)
AuthContext.displayName = 'LatchkeyAuthContext'

/**
 * @internal Reads the provider's context; `hook` names the caller in the error a
 * component outside `<AuthProvider>` gets.
 */
export function useAuthContext(hook: string): AuthContextValue {
  const value = useContext(AuthContext)
  if (value === null) {
    throw new Error(
      `${hook} must be used inside <AuthProvider>. Wrap your app (or the part that signs people in) in <AuthProvider> from 'latchkey/react'.`,
    )
  }
  return value
}
