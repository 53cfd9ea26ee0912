import type { RouteHandler } from '../context.js'
import { randomId } from '../crypto.js'
import { codeField, redeemEmailCode } from '../emailCode.js'
import { emailField, readJson } from '../http.js'
import { startSession } from '../tokens.js'

/**
 * `POST /email/verify` `{ email, code }`: exchanges the code for tokens. Each attempt is taken
 * from the store atomically BEFORE the code is compared, so parallel guesses cannot exceed
 * the cap. The first success creates the user with an `email` credential.
 */
export const emailVerify: RouteHandler = async (ctx) => {
  const body = await readJson(ctx.request)
  const email = emailField(body)
  const code = codeField(body)
  await ctx.limitIdentifier(email)
  await redeemEmailCode(ctx, email, code)
  const now = ctx.now()
  const { user, created } = await ctx.store.findOrCreateUser({
    user: { id: randomId('usr'), email, alias: null, name: null, createdAt: now },
    credential: { id: randomId('cred'), format: 'email', key: `email:${email}`, email },
  })
  return startSession(ctx, user, { method: 'email', created })
}

