import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { applySessionUpdate } from '../sessionUpdate.js'

export interface LinkEmailVerifyParameters {
  email: string
  code: string
}

export type LinkEmailVerifyReturnType = User

/** `not_signed_in`, `invalid_code`, `code_expired`, `too_many_attempts`, `credential_in_use`, `network_error`, `timeout`. */
export type LinkEmailVerifyErrorType = LatchkeyError

/** Adds the email address with its code (`POST /link/email/verify`): same session, `CREDENTIAL_LINKED`. */
export async function linkEmailVerify(engine: Engine, parameters: LinkEmailVerifyParameters): Promise<LinkEmailVerifyReturnType> {
  const email = typeof parameters?.email === 'string' ? parameters.email.trim() : ''
  const code = typeof parameters?.code === 'string' ? parameters.code.replace(/[\s-]/g, '') : ''
  if (email === '') throw new LatchkeyError('invalid_email', 'Enter the email address the code was sent to.')
  if (code === '') throw new LatchkeyError('invalid_code', 'Enter the code from the email.')
  engine.ensureInitialized()
  const state = engine.getState()
  if (state.status !== 'authenticated') throw new LatchkeyError('not_signed_in', 'Linking an email needs a session: sign in first.')
  const raw = await authorizedRequest(engine, 'POST', '/link/email/verify', { email, code })
  return applySessionUpdate(engine, raw, 'POST /link/email/verify', 'CREDENTIAL_LINKED', state.session.id)
}
