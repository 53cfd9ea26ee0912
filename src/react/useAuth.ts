import { useMemo } from 'react'
import type { AuthClient, AuthState, AuthStatus, SessionInfo, User } from '../core/index.js'
import { useAuthContext } from './context.js'
import { useAuthSelector } from './useAuthState.js'

/** The client's actions, bound, as `useAuth` returns them. */
export type AuthActions = Pick<
  AuthClient,
  'startEmailSignIn' | 'verifyEmailSignIn' | 'signOut' | 'refresh' | 'getAccessToken' | 'fetch' | 'reloadUser'
>

/** What `useAuth` returns: the whole state, its common fields, and the client's actions. */
export interface UseAuthReturnType extends AuthActions {
  state: AuthState
  status: AuthStatus
  user: User | null
  session: SessionInfo | null
  isSignedIn: boolean
}

const selectState = (state: AuthState) => state

/**
 * The whole auth state plus the client's actions. Re-renders on every state change
 * (token refreshes included); prefer `useUser` or `useAuthState` to read one slice.
 *
 * @example
 * const { status, user, signOut } = useAuth()
 */
export function useAuth(): UseAuthReturnType {
  const { client } = useAuthContext('useAuth')
  const state = useAuthSelector('useAuth', selectState)
  const actions = useMemo<AuthActions>(
    () => ({
      startEmailSignIn: (params) => client.startEmailSignIn(params),
      verifyEmailSignIn: (params) => client.verifyEmailSignIn(params),
      signOut: () => client.signOut(),
      refresh: () => client.refresh(),
      getAccessToken: () => client.getAccessToken(),
      fetch: (input, init) => client.fetch(input, init),
      reloadUser: () => client.reloadUser(),
    }),
    [client],
  )
  const signedIn = state.status === 'authenticated'
  return {
    ...actions,
    state,
    status: state.status,
    user: signedIn ? state.user : null,
    session: signedIn ? state.session : null,
    isSignedIn: signedIn,
  }
}
