import { useMutation } from '@tanstack/react-query'
import type { AuthClient, LatchkeyError } from '../core/index.js'
import { useAuthContext } from './context.js'

/** @internal What `useAuthMutation` returns: the shape every action hook builds on. */
export interface AuthMutation<TData, TVariables> {
  /** Runs the action; resolves its result, or `undefined` on failure (see `error`). Never rejects. */
  run(variables: TVariables): Promise<TData | undefined>
  /** The same, rejecting with the `LatchkeyError`. */
  runAsync(variables: TVariables): Promise<TData>
  pending: boolean
  error: LatchkeyError | null
  /** The variables of the last run. */
  variables: TVariables | undefined
  reset(): void
}

/**
 * @internal One client action as a mutation on the provider's query client: `hook` names the
 * caller in the error outside `<AuthProvider>`, `action` keys the mutation (`['latchkey', action]`).
 */
export function useAuthMutation<TData, TVariables = void>(
  hook: string,
  action: string,
  mutationFn: (client: AuthClient, variables: TVariables) => Promise<TData>,
): AuthMutation<TData, TVariables> {
  const { client, queryClient } = useAuthContext(hook)
  const mutation = useMutation<TData, LatchkeyError, TVariables>(
    { mutationKey: ['latchkey', action], mutationFn: (variables) => mutationFn(client, variables) },
    queryClient,
  )
  return {
    run: (variables) => mutation.mutateAsync(variables).catch(() => undefined),
    runAsync: (variables) => mutation.mutateAsync(variables),
    pending: mutation.isPending,
    error: mutation.error,
    variables: mutation.variables,
    reset: mutation.reset,
  }
}
