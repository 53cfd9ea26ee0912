import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { UpdateUserRequest, User } from '../protocol.js'
import { applySessionUpdate } from '../sessionUpdate.js'

export type UpdateUserParameters = UpdateUserRequest

export type UpdateUserReturnType = User

/** `not_signed_in`, `invalid_request`, `credential_not_found` (a `primaryWalletId` that is not one of the user's wallets), `network_error`, `timeout`. */
export type UpdateUserErrorType = LatchkeyError

/**
 * Updates profile fields and the primary wallet (`PATCH /me`): same session, new claims,
 * `USER_UPDATED` here and in the other tabs.
 *
 * @example
 * await client.updateUser({ primaryWalletId: user.verifiedCredentials[1].id })
 */
export async function updateUser(engine: Engine, parameters: UpdateUserParameters): Promise<UpdateUserReturnType> {
  if (typeof parameters !== 'object' || parameters === null) throw new TypeError('updateUser: pass the fields to change, e.g. `{ name: "Ada" }`.')
  engine.ensureInitialized()
  const state = engine.getState()
  if (state.status !== 'authenticated') throw new LatchkeyError('not_signed_in', 'Updating the profile needs a session: sign in first.')
  const raw = await authorizedRequest(engine, 'PATCH', '/me', parameters)
  return applySessionUpdate(engine, raw, 'PATCH /me', 'USER_UPDATED', state.session.id)
}
