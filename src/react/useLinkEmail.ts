import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import type { EmailStartResponse, LatchkeyError, User } from '../core/index.js'
import { useAuthContext } from './context.js'

/** What `useLinkEmail` returns. Actions never reject: failures land in `error`. */
export interface UseLinkEmailReturnType {
  step: 'email' | 'code' | 'done'
  email: string
  /** Sends a code to `email` and moves to the `code` step; resolves `true` when sent. */
  start(email: string): Promise<boolean>
  /** Links the address with the code; resolves the updated user, or `undefined` on failure. */
  verify(code: string): Promise<User | undefined>
  pending: boolean
  /** `credential_in_use` (another account has this address), `invalid_code`, `resend_cooldown`, … */
  error: LatchkeyError | null
  reset(): void
}

/**
 * Adds an email address to the signed-in user with a one-time code. The session stays;
 * `CREDENTIAL_LINKED` fires.
 *
 * @example
 * const flow = useLinkEmail()
 * flow.step === 'email' ? flow.start(email) : flow.verify(code)
 */
export function useLinkEmail(): UseLinkEmailReturnType {
  const { client, queryClient } = useAuthContext('useLinkEmail')
  const [state, setState] = useState<{ step: 'email' | 'code' | 'done'; email: string }>({ step: 'email', email: '' })
  const start = useMutation<EmailStartResponse, LatchkeyError, string>({ mutationFn: (email) => client.linkEmailStart({ email }) }, queryClient)
  const verify = useMutation<User, LatchkeyError, string>({ mutationFn: (code) => client.linkEmailVerify({ email: state.email, code }) }, queryClient)
  return {
    ...state,
    start: (email) =>
      start.mutateAsync(email).then(
        () => (verify.reset(), setState({ step: 'code', email: email.trim() }), true),
        () => false,
      ),
    verify: (code) => verify.mutateAsync(code).then((user) => (setState((s) => ({ ...s, step: 'done' })), user), () => undefined),
    pending: start.isPending || verify.isPending,
    error: (state.step === 'email' ? start.error : verify.error) ?? null,
    reset: () => (start.reset(), verify.reset(), setState({ step: 'email', email: '' })),
  }
}
