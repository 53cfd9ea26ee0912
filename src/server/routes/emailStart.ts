import type { RouteHandler } from '../context.js'
import { sendEmailCode } from '../emailCode.js'
import { emailField, json, readJson } from '../http.js'

/**
 * `POST /email/start` `{ email }`: sends a fresh one-time code, replacing any earlier one,
 * unless the last code went out less than the cooldown ago (`429 resend_cooldown`) or the
 * address had its codes for the hour (`429 rate_limited`).
 * The code is stored only as an HMAC under the server's secret.
 */
export const emailStart: RouteHandler = async (ctx) => {
  const email = emailField(await readJson(ctx.request))
  // Per-address sending is capped by `emailCodesPerHour` in `sendEmailCode`; this is for a configured extra limit.
  await ctx.limitIdentifier(email)
  return json(await sendEmailCode(ctx, email))
}
