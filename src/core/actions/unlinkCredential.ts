import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { applySessionUpdate } from '../sessionUpdate.js'

export interface UnlinkCredentialParameters {
  /** A `verifiedCredentials[].id` of the signed-in user. */
  id: string
}

export type UnlinkCredentialReturnType = User

/** `not_signed_in`, `last_credential` (never the last one), `credential_not_found`, `network_error`, `timeout`. */
export type UnlinkCredentialErrorType = LatchkeyError

/** Removes a credential from the signed-in user (`DELETE /credentials/:id`): same session, `USER_UPDATED`. */
export async function unlinkCredential(engine: Engine, parameters: UnlinkCredentialParameters): Promise<UnlinkCredentialReturnType> {
  const id = typeof parameters?.id === 'string' ? parameters.id : ''
  if (id === '') throw new TypeError('unlinkCredential: pass `{ id }`, one of `user.verifiedCredentials[].id`.')
  engine.ensureInitialized()
  const state = engine.getState()
  if (state.status !== 'authenticated') throw new LatchkeyError('not_signed_in', 'Unlinking needs a session: sign in first.')
  const raw = await authorizedRequest(engine, 'DELETE', `/credentials/${encodeURIComponent(id)}`)
  return applySessionUpdate(engine, raw, 'DELETE /credentials/:id', 'USER_UPDATED', state.session.id)
}
