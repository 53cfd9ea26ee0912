import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { EmailStartResponse } from '../protocol.js'
import { parseEmailStartResponse } from '../validate.js'

export interface StartEmailSignInParameters {
  email: string
}

export type StartEmailSignInReturnType = EmailStartResponse

/** `invalid_email`, `resend_cooldown` (with `retryAfter`), `rate_limited`, `network_error`, `timeout`, `invalid_response`. */
export type StartEmailSignInErrorType = LatchkeyError

/** Sends a one-time code to `email` (`POST /email/start`). Times in the answer are the server's. */
export async function startEmailSignIn(
  engine: Engine,
  parameters: StartEmailSignInParameters,
): Promise<StartEmailSignInReturnType> {
  const email = typeof parameters?.email === 'string' ? parameters.email.trim() : ''
  if (email === '') {
    throw new LatchkeyError('invalid_email', 'Enter an email address to receive a sign-in code.')
  }
  const raw = await engine.transport.request('POST', '/email/start', { body: { email } })
  const response = parseEmailStartResponse(raw)
  if (response === null) {
    throw new LatchkeyError('invalid_response', 'POST /email/start answered without `expiresAt`, `resendAvailableAt` and `serverNow`. Is `baseUrl` pointing at the latchkey server?')
  }
  return response
}
