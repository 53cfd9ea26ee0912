import type { RouteHandler } from '../context.js'
import { json } from '../http.js'
import { toUserBody } from '../tokens.js'
import { authenticate } from '../authenticate.js'

/** `GET /me`: the signed-in user (bearer access token of a still active session). */
export const me: RouteHandler = async (ctx) => {
  const { user } = await authenticate(ctx)
  return json(toUserBody(user))
}
