import type { Engine } from '../engine.js'
import { LatchkeyError } from '../errors.js'
import { getAccessToken } from './getAccessToken.js'
import { refresh } from './refresh.js'

export type FetchWithSessionParameters = [input: RequestInfo | URL, init?: RequestInit]

export type FetchWithSessionReturnType = Response

/** `not_signed_in`, or a refresh failure; failures of the request itself are `fetch`'s own. */
export type FetchWithSessionErrorType = LatchkeyError

/**
 * `fetch` with the session attached, for the app's own API: `Authorization: Bearer` in app
 * mode, the session cookies (`credentials: 'include'`) in cookie mode. Refreshes first when
 * the token is due, and after a 401 refreshes and retries once.
 */
export async function fetchWithSession(
  engine: Engine,
  ...[input, init = {}]: FetchWithSessionParameters
): Promise<FetchWithSessionReturnType> {
  engine.ensureInitialized()
  // A Request body can be read once: keep a copy for the retry.
  const isRequest = typeof Request !== 'undefined' && input instanceof Request
  const retryInput = isRequest ? input.clone() : input

  const send = (target: RequestInfo | URL, token: string | null) => {
    const headers = new Headers(isRequest ? (target as Request).headers : undefined)
    new Headers(init.headers).forEach((value, key) => headers.set(key, value))
    if (token !== null) headers.set('authorization', `Bearer ${token}`)
    const credentials = init.credentials ?? (engine.config.mode === 'cookie' ? 'include' : undefined)
    return engine.config.fetch(target, { ...init, headers, ...(credentials === undefined ? {} : { credentials }) })
  }
  const notSignedIn = () =>
    new LatchkeyError('not_signed_in', '`client.fetch` needs a session: sign in first, or use plain `fetch` for public endpoints.')

  if (engine.config.mode === 'app') {
    const token = await getAccessToken(engine)
    if (token === null) throw notSignedIn()
    const response = await send(input, token)
    if (response.status !== 401) return response
    await refresh(engine)
    const next = engine.record()?.accessToken
    if (next === undefined) throw notSignedIn()
    return send(retryInput, next)
  }

  if (engine.getState().status !== 'authenticated') throw notSignedIn()
  const refreshAt = engine.machine().refreshAt
  if (refreshAt !== null && engine.now() >= refreshAt) {
    // Best effort: if the refresh cannot happen now, the cookie may still be valid.
    await refresh(engine).catch(() => {})
  }
  const response = await send(input, null)
  if (response.status !== 401 || engine.getState().status !== 'authenticated') return response
  await refresh(engine)
  return send(retryInput, null)
}
