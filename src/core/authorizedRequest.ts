import { getAccessToken } from './actions/getAccessToken.js'
import { refresh } from './actions/refresh.js'
import type { Engine } from './engine.js'
import { isSessionEndingError, LatchkeyError } from './errors.js'

/**
 * @internal A request to the auth server as the signed-in user: bearer token in app mode
 * (refreshed first when due), the cookies in cookie mode. A 401 other than a definite end
 * of the session (a key rotation, claims that changed) gets one refresh and one retry.
 */
export async function authorizedRequest(
  engine: Engine,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  engine.ensureInitialized()
  const notSignedIn = () => new LatchkeyError('not_signed_in', `${method} ${path} needs a session: sign in first.`)
  if (engine.getState().status !== 'authenticated') throw notSignedIn()
  const call = async () => {
    if (engine.config.mode === 'cookie') return engine.transport.request(method, path, { body })
    const accessToken = await getAccessToken(engine)
    if (accessToken === null) throw notSignedIn()
    return engine.transport.request(method, path, { body, accessToken })
  }
  try {
    return await call()
  } catch (error) {
    if (!(error instanceof LatchkeyError) || error.status !== 401 || isSessionEndingError(error)) throw error
    await refresh(engine)
    return call()
  }
}
