import type { RouteHandler } from '../context.js'
import { JWKS_MAX_AGE } from '../constants.js'
import { json } from '../http.js'

/** `GET /.well-known/jwks.json`: the public signing keys, for backends verifying access tokens. */
export const jwks: RouteHandler = async (ctx) => {
  const { publicJwk } = await ctx.keys()
  return json({ keys: [publicJwk] }, { headers: { 'cache-control': `public, max-age=${JWKS_MAX_AGE}` } })
}
