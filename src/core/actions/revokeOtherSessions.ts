import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import type { LatchkeyError } from '../errors.js'

export interface RevokeOtherSessionsReturnType {
  /** How many sessions were ended. */
  revoked: number
}

/** `not_signed_in`, `network_error`, `timeout`, or a refresh failure. */
export type RevokeOtherSessionsErrorType = LatchkeyError

/** "Sign out everywhere else" (`DELETE /sessions`): ends every session of the user but this one. */
export async function revokeOtherSessions(engine: Engine): Promise<RevokeOtherSessionsReturnType> {
  const answer = (await authorizedRequest(engine, 'DELETE', '/sessions')) as { revoked?: unknown } | undefined
  return { revoked: typeof answer?.revoked === 'number' ? answer.revoked : 0 }
}
