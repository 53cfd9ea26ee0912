import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import { refresh } from './refresh.js'

export type GetAccessTokenReturnType = string | null

/** `cookie_mode`; a transient failure when the token has expired and cannot be refreshed yet. */
export type GetAccessTokenErrorType = LatchkeyError

/**
 * A valid access token for `Authorization: Bearer`, or `null` when signed out (app storage
 * mode). Refreshes first when the token is due, so it never hands out an expired token;
 * while offline it returns the current token as long as it is still valid.
 */
export async function getAccessToken(engine: Engine): Promise<GetAccessTokenReturnType> {
  engine.ensureInitialized()
  if (engine.config.mode === 'cookie') {
    throw new LatchkeyError(
      'cookie_mode',
      'In cookie mode the access token is in an HttpOnly cookie that scripts cannot read. Call your API with `client.fetch(url)`, which sends the cookies.',
    )
  }
  // Deadlines first: an expired session signs out here rather than handing out a token.
  engine.dispatch({ type: 'tick', now: engine.now() })
  const current = engine.record()
  const refreshAt = engine.machine().refreshAt
  if (current === null || engine.getState().status !== 'authenticated') return null
  if (refreshAt !== null && engine.now() >= refreshAt) {
    try {
      await refresh(engine)
    } catch (error) {
      const latest = engine.record()
      if (latest === null) return null
      if (engine.now() < engine.localSession(latest).accessTokenExpiresAt) return latest.accessToken ?? null
      throw error
    }
  }
  return engine.record()?.accessToken ?? null
}
