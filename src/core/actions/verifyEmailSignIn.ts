import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { enqueueRevocation, flushRevocations } from '../revocations.js'
import { parseTokenResponse } from '../validate.js'

export interface VerifyEmailSignInParameters {
  email: string
  code: string
}

export type VerifyEmailSignInReturnType = User

/** `invalid_code` (with `attemptsLeft`), `code_expired`, `too_many_attempts`, `network_error`, `timeout`, `invalid_response`. */
export type VerifyEmailSignInErrorType = LatchkeyError

/**
 * Exchanges the emailed code for a session (`POST /email/verify`): stores it, moves the
 * state to `authenticated`, emits `SIGNED_IN` here and in the other tabs. A session it
 * replaces is revoked on the server.
 */
export async function verifyEmailSignIn(
  engine: Engine,
  parameters: VerifyEmailSignInParameters,
): Promise<VerifyEmailSignInReturnType> {
  const email = typeof parameters?.email === 'string' ? parameters.email.trim() : ''
  const code = typeof parameters?.code === 'string' ? parameters.code.replace(/[\s-]/g, '') : ''
  if (email === '') throw new LatchkeyError('invalid_email', 'Enter the email address the code was sent to.')
  if (code === '') throw new LatchkeyError('invalid_code', 'Enter the code from the email.')
  engine.ensureInitialized()
  const sentAt = engine.now()
  const raw = await engine.transport.request('POST', '/email/verify', { body: { email, code } })
  const response = parseTokenResponse(raw, engine.config.mode)
  if (response === null) {
    throw new LatchkeyError(
      'invalid_response',
      engine.config.mode === 'app'
        ? 'POST /email/verify answered without a `session` body and both tokens. Does the server run in `app` storage mode too?'
        : 'POST /email/verify answered without a `session` body.',
    )
  }
  const { user, replaced } = engine.acceptSignIn(response, sentAt)
  // Cookie mode: the new cookies replace the old ones, and the server ends the session they named.
  if (replaced !== null && engine.config.mode === 'app') {
    enqueueRevocation(engine, replaced)
    void flushRevocations(engine)
  }
  return user
}
