import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { parseMeResponse } from '../validate.js'

export type ReloadUserReturnType = User

/** `not_signed_in`, `network_error`, `timeout`, `invalid_response`, or a refresh failure. */
export type ReloadUserErrorType = LatchkeyError

/**
 * Reloads the user from `GET /me`. When the user changed, the state's `user` is replaced
 * and `USER_UPDATED` fires here and in the other tabs; otherwise the same object is kept.
 */
export async function reloadUser(engine: Engine): Promise<ReloadUserReturnType> {
  const state = engine.getState()
  if (state.status !== 'authenticated') throw new LatchkeyError('not_signed_in', 'There is no user to reload: sign in first.')
  const sessionId = state.session.id
  const user = parseMeResponse(await authorizedRequest(engine, 'GET', '/me'))
  if (user === null) throw new LatchkeyError('invalid_response', 'GET /me answered without a user object.')
  engine.acceptUser(user, sessionId)
  const after = engine.getState()
  return after.status === 'authenticated' && after.session.id === sessionId ? after.user : user
}
