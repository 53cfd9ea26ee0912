import { useState, useSyncExternalStore } from 'react'
import type { User } from '../core/index.js'
import { useAuthContext } from './context.js'
import { createEmailSignInFlow } from './emailSignIn.js'
import type { EmailSignInState } from './emailSignIn.js'
import { useCountdown } from './useCountdown.js'

/** What `useEmailSignIn` returns. Actions never reject: failures land in `error`. */
export interface UseEmailSignInReturnType extends EmailSignInState {
  /** Sends a code to `email` and moves to the `code` step; resolves `true` when sent. */
  start(email: string): Promise<boolean>
  /** Sends a new code to the same address (after the cooldown); resolves `true` when sent. */
  resend(): Promise<boolean>
  /** Exchanges the code for a session; resolves the user, or `undefined` on failure. */
  verify(code: string): Promise<User | undefined>
  /** Back to the `email` step, keeping the address typed. */
  back(): void
  /** Back to the start, forgetting everything. */
  reset(): void
  /** Whole seconds until `resend` may be used; ticks down to 0. */
  resendAvailableIn: number
}

/**
 * Headless email-code sign-in: draw your own form, the hook runs the flow.
 *
 * @example
 * const flow = useEmailSignIn()
 * if (flow.step === 'email') return <form onSubmit={() => flow.start(email)}>...</form>
 * return <form onSubmit={() => flow.verify(code)}>...{flow.error?.code}</form>
 */
export function useEmailSignIn(): UseEmailSignInReturnType {
  const { client } = useAuthContext('useEmailSignIn')
  const [flow] = useState(() => createEmailSignInFlow(client))
  const state = useSyncExternalStore(flow.subscribe, flow.getState, flow.getState)
  const resendAvailableIn = useCountdown(state.resendAvailableAt)
  return {
    ...state,
    resendAvailableIn,
    start: flow.start,
    resend: flow.resend,
    verify: flow.verify,
    back: flow.back,
    reset: flow.reset,
  }
}
