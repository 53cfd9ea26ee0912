import { QueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { createAuthClient, loadMessages, peekMessages, resolveMessages } from '../core/index.js'
import type { AuthClient, AuthClientOptions, MessageOverrides } from '../core/index.js'
import { AuthContext } from './context.js'
import type { AuthContextValue } from './context.js'

interface AuthProviderBaseProps {
  children?: ReactNode
  /**
   * A BCP 47 tag (`'fr'`, `'fr-CA'`): the shipped language that fits it, loaded on first use;
   * English until it arrives, and for languages latchkey does not ship. Dates use it through `Intl`.
   * To server-render another language, also give both sides its messages: `messages={fr}` with
   * `import { messages as fr } from 'latchkey/locales/fr'`.
   */
  locale?: string
  /** Overrides for any user-visible string, applied over the client's own messages and the locale's. */
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
  const { children, locale, messages: overrides, queryClient: appQueryClient, client: given, ...options } = props
  const [client] = useState(
    () => given ?? createAuthClient({ ...(options as AuthClientOptions), ...(overrides ? { messages: overrides } : {}) }),
  )
  const [queryClient] = useState(() => appQueryClient ?? new QueryClient())
  // --- translation (issue 6, kit): the locale's pack sits between the client's messages and
  // the overrides, so an override always wins and a key the pack lacks stays English.
  const localeMessages = peekMessages(locale)
  const [, setLoadedLocale] = useState<string | undefined>()
  useEffect(() => {
    if (peekMessages(locale) !== undefined) return
    let live = true
    loadMessages(locale).then(
      () => live && setLoadedLocale(locale),
      (error: unknown) => console.warn(`[latchkey] Could not load the "${locale}" messages; showing English.`, error),
    )
    return () => {
      live = false
    }
  }, [locale])
  const messages = useMemo(() => {
    const base = localeMessages && Object.keys(localeMessages).length > 0 ? resolveMessages(localeMessages, client.messages) : client.messages
    return resolveMessages(overrides, base)
  }, [overrides, client, localeMessages])

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
