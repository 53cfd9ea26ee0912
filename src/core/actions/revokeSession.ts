import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import type { LatchkeyError } from '../errors.js'

export interface RevokeSessionParameters {
  /** An `id` from `listSessions()`. */
  id: string
}

export type RevokeSessionReturnType = void

/** `not_found` (not a session of this user), `not_signed_in`, `network_error`, `timeout`. */
export type RevokeSessionErrorType = LatchkeyError

/**
 * Ends one of the user's sessions (`DELETE /sessions/:id`). That device is signed out at its
 * next refresh (reason `revoked`). Revoking the current session signs out here, in every tab.
 */
export async function revokeSession(engine: Engine, parameters: RevokeSessionParameters): Promise<RevokeSessionReturnType> {
  const id = typeof parameters?.id === 'string' ? parameters.id : ''
  if (id === '') throw new TypeError('latchkey: `revokeSession({ id })` needs the `id` of a session from `listSessions()`.')
  await authorizedRequest(engine, 'DELETE', `/sessions/${encodeURIComponent(id)}`)
  if (engine.record()?.session.id === id) engine.endSession('user')
}
