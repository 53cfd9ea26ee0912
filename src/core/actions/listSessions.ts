import { authorizedRequest } from '../authorizedRequest.js'
import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import type { ActiveSession } from '../protocol.js'
import { parseSessionList } from '../validate.js'

export type ListSessionsReturnType = ActiveSession[]

/** `not_signed_in`, `network_error`, `timeout`, `invalid_response`, or a refresh failure. */
export type ListSessionsErrorType = LatchkeyError

/** The signed-in user's active sessions (`GET /sessions`), newest first; `current` marks this one. */
export async function listSessions(engine: Engine): Promise<ListSessionsReturnType> {
  const sessions = parseSessionList(await authorizedRequest(engine, 'GET', '/sessions'))
  if (sessions === null) throw new LatchkeyError('invalid_response', 'GET /sessions answered without a `sessions` list.')
  return sessions
}
