import { LatchkeyError } from '../core/index.js'
import type { AuthClient, EmailStartResponse, User } from '../core/index.js'

/** The email sign-in flow's state, as `useEmailSignIn` exposes it. */
export interface EmailSignInState {
  /** `email`: asking for the address; `code`: a code was sent, asking for it. */
  step: 'email' | 'code'
  /** The address the code was (or is being) sent to. */
  email: string
  /** A request is in flight; actions called meanwhile are ignored. */
  pending: boolean
  /** Which request is in flight, to label the right button. */
  pendingAction: 'start' | 'resend' | 'verify' | null
  /** The last failure, with a stable `code` (`invalid_code`, `code_expired`, `too_many_attempts`, `resend_cooldown`, `network_error`, ...). */
  error: LatchkeyError | null
  /** Wrong-code attempts left for the current code, once the server said. */
  attemptsLeft: number | null
  /** When a new code may be requested, local clock (ms), or null. */
  resendAvailableAt: number | null
  /** When the current code stops working, local clock (ms), or null. */
  codeExpiresAt: number | null
  /** Codes sent in this flow: 1 after `start`, +1 per `resend`. */
  codesSent: number
}

/** @internal A framework-free email sign-in flow over an `AuthClient`: one per form. */
export interface EmailSignInFlow {
  getState(): EmailSignInState
  subscribe(listener: () => void): () => void
  start(email: string): Promise<boolean>
  resend(): Promise<boolean>
  verify(code: string): Promise<User | undefined>
  back(): void
  reset(): void
}

const initialState: EmailSignInState = {
  step: 'email',
  email: '',
  pending: false,
  pendingAction: null,
  error: null,
  attemptsLeft: null,
  resendAvailableAt: null,
  codeExpiresAt: null,
  codesSent: 0,
}

/** Six digits; spaces and dashes people paste with the code are dropped. */
const normalizeCode = (code: string) => code.replace(/[\s-]/g, '')

function toLatchkeyError(error: unknown): LatchkeyError {
  if (error instanceof LatchkeyError) return error
  return new LatchkeyError('internal_error', 'The sign-in failed unexpectedly; see `cause`.', { cause: error })
}

/**
 * @internal Creates the flow. Actions never reject: failures land in `error`, so a form
 * can call them from event handlers. A `reset()` while a request is in flight discards
 * its answer.
 */
export function createEmailSignInFlow(client: AuthClient, now: () => number = Date.now): EmailSignInFlow {
  let state = initialState
  let generation = 0
  const listeners = new Set<() => void>()

  const set = (patch: Partial<EmailSignInState>) => {
    state = { ...state, ...patch }
    for (const listener of listeners) listener()
  }

  /** Server deadlines → local clock, by the server's own `serverNow`. */
  const deadlines = (response: EmailStartResponse) => {
    const offset = now() - response.serverNow
    return {
      resendAvailableAt: response.resendAvailableAt + offset,
      codeExpiresAt: response.expiresAt + offset,
    }
  }

  const cooldownFrom = (error: LatchkeyError) =>
    error.code === 'resend_cooldown' && error.retryAfter !== undefined
      ? { resendAvailableAt: now() + error.retryAfter * 1000 }
      : {}

  const send = async (email: string, isResend: boolean): Promise<boolean> => {
    const run = generation
    set({ pending: true, pendingAction: isResend ? 'resend' : 'start', email, error: null })
    try {
      const response = await client.startEmailSignIn({ email })
      if (run !== generation) return false
      set({
        step: 'code',
        pending: false,
        pendingAction: null,
        attemptsLeft: null,
        codesSent: state.codesSent + 1,
        ...deadlines(response),
      })
      return true
    } catch (cause) {
      if (run !== generation) return false
      const error = toLatchkeyError(cause)
      // A cooldown on `start` means a code went to this address moments ago and still
      // works: go on to the code step rather than strand the user on the email step.
      const toCode = error.code === 'resend_cooldown' && !isResend
      set({
        pending: false,
        pendingAction: null,
        error,
        ...cooldownFrom(error),
        ...(toCode ? { step: 'code' as const } : {}),
      })
      return false
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start(email) {
      if (state.pending) return Promise.resolve(false)
      const trimmed = email.trim()
      if (trimmed === '') {
        set({ error: new LatchkeyError('invalid_email', 'Enter an email address to receive a code.') })
        return Promise.resolve(false)
      }
      return send(trimmed, false)
    },
    resend() {
      if (state.pending || state.step !== 'code') return Promise.resolve(false)
      return send(state.email, true)
    },
    async verify(code) {
      if (state.pending || state.step !== 'code') return undefined
      const digits = normalizeCode(code)
      if (!/^\d{6}$/.test(digits)) {
        // Checked here so a typo does not spend one of the server's attempts.
        set({ error: new LatchkeyError('invalid_code', 'Enter the 6-digit code from the email.') })
        return undefined
      }
      const run = generation
      set({ pending: true, pendingAction: 'verify', error: null })
      try {
        const user = await client.verifyEmailSignIn({ email: state.email, code: digits })
        if (run === generation) set({ pending: false, pendingAction: null })
        return user
      } catch (cause) {
        if (run !== generation) return undefined
        let error = toLatchkeyError(cause)
        if (error.code === 'invalid_code' && error.attemptsLeft === 0) {
          // The last attempt was spent: the code is as dead as after too many attempts, and
          // one code for both lets a form show one state.
          error = new LatchkeyError('too_many_attempts', 'That code was not right, and it was the last try. Ask for a new code.', {
            cause: error,
            attemptsLeft: 0,
            ...(error.status === undefined ? {} : { status: error.status }),
          })
        }
        set({
          pending: false,
          pendingAction: null,
          error,
          attemptsLeft: error.code === 'too_many_attempts' ? 0 : (error.attemptsLeft ?? state.attemptsLeft),
        })
        return undefined
      }
    },
    back() {
      generation++
      set({ ...initialState, email: state.email })
    },
    reset() {
      generation++
      set(initialState)
    },
  }
}
