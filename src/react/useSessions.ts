import { useMutation, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect } from 'react'
import type { ActiveSession, AuthState, LatchkeyError, RevokeOtherSessionsReturnType } from '../core/index.js'
import { useAuthContext } from './context.js'
import { useAuthSelector } from './useAuthState.js'

/** What `useSessions` returns. */
export interface UseSessionsReturnType {
  /** The user's active sessions, newest first (`current` marks this browser's); empty until loaded and when signed out. */
  sessions: ActiveSession[]
  /** The first load is under way. */
  isLoading: boolean
  /** Why loading failed (`network_error`, `not_signed_in`, ...), else `null`. */
  error: LatchkeyError | null
  /** Ends session `id` (`DELETE /sessions/:id`); the current one signs out here. Rejects with a `LatchkeyError`. */
  revoke(id: string): Promise<void>
  /** "Sign out everywhere else" (`DELETE /sessions`). Rejects with a `LatchkeyError`. */
  revokeOthers(): Promise<RevokeOtherSessionsReturnType>
  /** The session being revoked: its id, `'others'`, or `null`. */
  revoking: string | null
  /** Why the last revoke failed, else `null` (cleared by the next attempt). */
  revokeError: LatchkeyError | null
  /** Loads the list again. */
  refetch(): Promise<void>
}

const selectSessionId = (state: AuthState) => (state.status === 'authenticated' ? state.session.id : null)
const NONE: ActiveSession[] = []

/** @internal The query key of the sessions list, per current session (a new sign-in is a new list). */
export const sessionsQueryKey = (sessionId: string | null) => ['latchkey', 'sessions', sessionId] as const

/**
 * The signed-in user's concurrent sessions, through TanStack Query on the provider's query
 * client: each with when it started (`createdAt`), was last used (`lastUsedAt`), its
 * `userAgent` and whether it is this browser's (`current`). Reloaded when this session's
 * tokens are refreshed and after a revoke; a new sign-in is a new list.
 *
 * @example
 * const { sessions, revoke, revokeOthers } = useSessions()
 * return sessions.map((s) => <li key={s.id}>{s.userAgent} {s.current ? '(this device)' : <button onClick={() => revoke(s.id)}>Sign out</button>}</li>)
 */
export function useSessions(): UseSessionsReturnType {
  const { client, queryClient } = useAuthContext('useSessions')
  const sessionId = useAuthSelector('useSessions', selectSessionId)
  const queryKey = sessionsQueryKey(sessionId)

  const query = useQuery<ActiveSession[], LatchkeyError>(
    { queryKey, queryFn: () => client.listSessions(), enabled: sessionId !== null, staleTime: 30_000 },
    queryClient,
  )

  // A refresh moves this session's "last used"; a sign-out leaves nothing worth keeping.
  useEffect(
    () =>
      client.onAuthStateChange((event) => {
        if (event.type === 'TOKEN_REFRESHED') void queryClient.invalidateQueries({ queryKey: ['latchkey', 'sessions'] })
        else if (event.type === 'SIGNED_OUT') queryClient.removeQueries({ queryKey: ['latchkey', 'sessions'] })
      }),
    [client, queryClient],
  )

  const revokeOne = useMutation<void, LatchkeyError, string>(
    {
      mutationKey: ['latchkey', 'revokeSession'],
      mutationFn: (id) => client.revokeSession({ id }),
      onSuccess: (_, id) => {
        queryClient.setQueryData<ActiveSession[]>(queryKey, (list) => list?.filter((session) => session.id !== id))
        return queryClient.invalidateQueries({ queryKey: ['latchkey', 'sessions'] })
      },
    },
    queryClient,
  )
  const revokeOthers = useMutation<RevokeOtherSessionsReturnType, LatchkeyError>(
    {
      mutationKey: ['latchkey', 'revokeOtherSessions'],
      mutationFn: () => client.revokeOtherSessions(),
      onSuccess: () => {
        queryClient.setQueryData<ActiveSession[]>(queryKey, (list) => list?.filter((session) => session.current))
        return queryClient.invalidateQueries({ queryKey: ['latchkey', 'sessions'] })
      },
    },
    queryClient,
  )

  const { refetch: refetchQuery } = query
  const refetch = useCallback(async () => {
    await refetchQuery()
  }, [refetchQuery])
  const revoking = revokeOne.isPending ? (revokeOne.variables ?? null) : revokeOthers.isPending ? 'others' : null
  // The newer attempt's outcome is the one to show.
  const revokeError = revokeOne.submittedAt >= revokeOthers.submittedAt ? revokeOne.error : revokeOthers.error

  return {
    sessions: sessionId === null ? NONE : (query.data ?? NONE),
    isLoading: sessionId !== null && query.isPending,
    error: sessionId === null ? null : query.error,
    revoke: revokeOne.mutateAsync,
    revokeOthers: () => revokeOthers.mutateAsync(),
    revoking,
    revokeError,
    refetch,
  }
}
