import type { EmailStartResponse } from '../../core/protocol.js'
import type { RouteHandler } from '../context.js'
import { DEV_MAILBOX_SIZE, EMAIL_CODE_LENGTH, EMAIL_CODE_TTL, EMAIL_RATE_WINDOW, EMAIL_RESEND_COOLDOWN } from '../constants.js'
import { hmac, randomDigits } from '../crypto.js'
import { AuthServerError } from '../errors.js'
import { emailField, json, readJson } from '../http.js'

/**
 * `POST /email/start` `{ email }`: sends a fresh one-time code, replacing any earlier one,
 * unless the last code went out less than the cooldown ago (`429 resend_cooldown`) or the
 * address had its codes for the hour (`429 rate_limited`).
 * The code is stored only as an HMAC under the server's secret.
 */
export const emailStart: RouteHandler = async (ctx) => {
  const email = emailField(await readJson(ctx.request))
  const { codeKey } = await ctx.keys()
  const now = ctx.now()
  const code = randomDigits(EMAIL_CODE_LENGTH)
  const result = await ctx.store.putEmailCode({
    email,
    codeMac: await hmac(codeKey, `${email}:${code}`),
    now,
    expiresAt: now + EMAIL_CODE_TTL * 1000,
    cooldownFrom: now - EMAIL_RESEND_COOLDOWN * 1000,
    windowFrom: now - EMAIL_RATE_WINDOW * 1000,
    maxSends: ctx.emailCodesPerHour,
  })
  const windowEndsAt = result.code.windowStartedAt + EMAIL_RATE_WINDOW * 1000
  const resendAvailableAt =
    result.code.windowSends >= ctx.emailCodesPerHour
      ? Math.max(windowEndsAt, result.code.sentAt + EMAIL_RESEND_COOLDOWN * 1000)
      : result.code.sentAt + EMAIL_RESEND_COOLDOWN * 1000
  if (result.status === 'cooldown') {
    const retryAfter = Math.max(1, Math.ceil((resendAvailableAt - now) / 1000))
    throw new AuthServerError(429, 'resend_cooldown', `A code was just sent. Wait ${retryAfter} s before asking for another.`, {
      retryAfter,
    })
  }
  if (result.status === 'rate_limited') {
    const retryAfter = Math.max(1, Math.ceil((windowEndsAt - now) / 1000))
    throw new AuthServerError(
      429,
      'rate_limited',
      `Too many codes for this address. Try again in ${Math.ceil(retryAfter / 60)} min, or use the last code you got.`,
      { retryAfter },
    )
  }
  const mail = {
    to: email,
    subject: `${code} is your sign-in code`,
    text: `Your sign-in code is ${code}. It expires in ${EMAIL_CODE_TTL / 60} minutes.\n\nIf you did not ask for it, ignore this mail.`,
    code,
  }
  try {
    await ctx.mailer.send(mail)
  } catch (error) {
    // Not sent: retire the code so it holds back no retry (a used code has no cooldown), then
    // let the server log the failure and answer 500.
    await ctx.store.consumeEmailCode({ email, codeMac: result.code.codeMac, now })
    throw error
  }
  if (ctx.devMailbox) {
    ctx.devMailbox.push({ ...mail, sentAt: now })
    ctx.devMailbox.splice(0, Math.max(0, ctx.devMailbox.length - DEV_MAILBOX_SIZE))
  }
  const body: EmailStartResponse = { expiresAt: result.code.expiresAt, resendAvailableAt, serverNow: now }
  return json(body)
}
