import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { AuthServerError } from '../errors.js'
import { sessionUpdate } from '../sessionUpdate.js'

/**
 * `DELETE /credentials/:id` (signed in): unlinks one of the user's wallets or emails. Never the
 * last one (`409 last_credential`: the user could no longer sign in); another user's or an
 * unknown id is `404 credential_not_found`. Answers a new access token for the same session.
 */
export const deleteCredential: RouteHandler = async (ctx) => {
  const { session, user } = await authenticate(ctx)
  const result = await ctx.store.deleteCredential({ userId: user.id, credentialId: ctx.params.id ?? '' })
  switch (result.status) {
    case 'not_found':
      throw new AuthServerError(404, 'credential_not_found', 'No credential of yours has this id. Read the ids from `verifiedCredentials` of GET /me.')
    case 'last':
      throw new AuthServerError(409, 'last_credential', 'This is your only way to sign in, so it cannot be removed. Link another wallet or email first.')
    case 'deleted':
      return sessionUpdate(ctx, result.user, session)
    default:
      return result satisfies never
  }
}
