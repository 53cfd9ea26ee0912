import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { sendEmailCode } from '../emailCode.js'
import { emailField, json, readJson } from '../http.js'

/**
 * `POST /link/email/start` `{ email }` (signed in): sends a code to prove the address, with the
 * same cooldown and limits as sign-in codes. Whether another account owns the address is only
 * said after the code is proven (`/link/email/verify`), so this route reveals no accounts.
 */
export const linkEmailStart: RouteHandler = async (ctx) => {
  await authenticate(ctx)
  const email = emailField(await readJson(ctx.request))
  await ctx.limitIdentifier(email)
  return json(await sendEmailCode(ctx, email, 'link'))
}
