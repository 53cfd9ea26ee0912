import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { randomId } from '../crypto.js'
import { codeField, redeemEmailCode } from '../emailCode.js'
import { AuthServerError } from '../errors.js'
import { emailField, readJson } from '../http.js'
import { sessionUpdate } from '../sessionUpdate.js'

/**
 * `POST /link/email/verify` `{ email, code }` (signed in): proves the code and adds the address
 * to the user (it becomes their `email` if they had none). Answers a new access token for the
 * same session. An address another user owns is `409 credential_in_use`.
 */
export const linkEmailVerify: RouteHandler = async (ctx) => {
  const { session, user } = await authenticate(ctx)
  const body = await readJson(ctx.request)
  const email = emailField(body)
  const code = codeField(body)
  await ctx.limitIdentifier(email)
  await redeemEmailCode(ctx, email, code)
  const result = await ctx.store.addCredential({
    userId: user.id,
    credential: { id: randomId('cred'), format: 'email', key: `email:${email}`, email },
    now: ctx.now(),
  })
  if (result.status === 'in_use') throw new AuthServerError(409, 'credential_in_use', 'This email address belongs to another account. Sign in with it there, or add another address.')
  return sessionUpdate(ctx, result.user, session)
}
