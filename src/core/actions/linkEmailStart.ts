import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { EmailStartResponse } from '../protocol.js'
import { parseEmailStartResponse } from '../validate.js'

export interface LinkEmailStartParameters {
  email: string
}

export type LinkEmailStartReturnType = EmailStartResponse

/** `not_signed_in`, `invalid_email`, `credential_in_use`, `resend_cooldown`, `rate_limited`, `network_error`, `timeout`. */
export type LinkEmailStartErrorType = LatchkeyError

/** Sends a one-time code to an email address the signed-in user wants to add (`POST /link/email/start`). */
export async function linkEmailStart(engine: Engine, parameters: LinkEmailStartParameters): Promise<LinkEmailStartReturnType> {
  const email = typeof parameters?.email === 'string' ? parameters.email.trim() : ''
  if (email === '') throw new LatchkeyError('invalid_email', 'Enter the email address to add.')
  const response = parseEmailStartResponse(await authorizedRequest(engine, 'POST', '/link/email/start', { email }))
  if (response === null) throw new LatchkeyError('invalid_response', 'POST /link/email/start answered without `expiresAt`, `resendAvailableAt` and `serverNow`.')
  return response
}
