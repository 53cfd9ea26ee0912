import type { Engine } from './engine.js'
import { LatchkeyError } from './errors.js'
import type { User } from './protocol.js'
import type { SessionRecord } from './record.js'
import { parseSessionBody } from './validate.js'

/**
 * @internal Applies a `SessionUpdateResponse` (link, unlink, `PATCH /me`): the same session
 * with a new access token (app mode) and new claims. The refresh token is kept. Returns the
 * state's user (the same object when nothing changed).
 */
export function applySessionUpdate(
  engine: Engine,
  raw: unknown,
  route: string,
  event: 'CREDENTIAL_LINKED' | 'USER_UPDATED',
  sessionId: string,
): User {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const session = parseSessionBody(value.session)
  const accessToken = value.accessToken
  if (session === null || (engine.config.mode === 'app' && (typeof accessToken !== 'string' || accessToken === ''))) {
    throw new LatchkeyError('invalid_response', `${route} answered without a \`session\` body${engine.config.mode === 'app' ? ' and an `accessToken`' : ''}.`)
  }
  const current = engine.record()
  if (current === null || current.session.id !== sessionId || session.id !== sessionId) {
    // Signed out or into another session meanwhile: the answer is for a session we no longer hold.
    return session.user
  }
  const next: SessionRecord = { ...current, session }
  if (engine.config.mode === 'app') next.accessToken = accessToken as string
  engine.acceptSessionUpdate(next, event)
  const state = engine.getState()
  return state.status === 'authenticated' ? state.user : session.user
}
