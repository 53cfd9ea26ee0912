import type { RouteHandler } from '../context.js'
import { JWKS_MAX_AGE } from '../constants.js'
import { json } from '../http.js'

/**
 * `GET /.well-known/jwks.json`: the public signing keys, for backends verifying access tokens:
 * the current key first, then retired keys whose tokens may still be live (key rotation). Read
 * fresh from the store (at most once a second), so a backend that refetches on an unknown `kid`
 * right after a rotation on another instance finds the new key here.
 */
export const jwks: RouteHandler = async (ctx) => {
  const { publicJwks } = await ctx.keys({ fresh: true })
  return json({ keys: publicJwks }, { headers: { 'cache-control': `public, max-age=${JWKS_MAX_AGE}` } })
}
