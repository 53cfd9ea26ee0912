/**
 * The email one-time-code machinery, shared by sign-in (`/email/start`, `/email/verify`) and
 * linking (`/link/email/start`, `/link/email/verify`). Not a route.
 * @internal
 */
import type { EmailStartResponse } from '../core/protocol.js'
import type { RouteContext } from './context.js'
import {
  DEV_MAILBOX_SIZE,
  EMAIL_CODE_LENGTH,
  EMAIL_CODE_MAX_ATTEMPTS,
  EMAIL_CODE_TTL,
  EMAIL_RATE_WINDOW,
  EMAIL_RESEND_COOLDOWN,
} from './constants.js'
import { hmac, hmacVerify, randomDigits } from './crypto.js'
import { AuthServerError } from './errors.js'
import { stringField } from './http.js'

/**
 * Sends a fresh one-time code, replacing any earlier one, unless the last code went out less
 * than the cooldown ago (`429 resend_cooldown`) or the address had its codes for the hour
 * (`429 rate_limited`). The code is stored only as an HMAC under the server's secret.
 * `purpose` only changes the wording of the mail.
 */
export async function sendEmailCode(ctx: RouteContext, email: string, purpose: 'sign-in' | 'link' = 'sign-in'): Promise<EmailStartResponse> {
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
  const mail =
    purpose === 'link'
      ? {
          to: email,
          subject: `${code} is your code to add this email`,
          text: `Your code to add this email address to your account is ${code}. It expires in ${EMAIL_CODE_TTL / 60} minutes.\n\nIf you did not ask for it, ignore this mail.`,
          code,
        }
      : {
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
  return { expiresAt: result.code.expiresAt, resendAvailableAt, serverNow: now }
}

/** The `code` field: the digits of the mailed code (spaces and dashes dropped). */
export function codeField(body: Record<string, unknown>): string {
  const code = stringField(body, 'code', 64).replace(/[\s-]/g, '')
  if (!new RegExp(`^\\d{${EMAIL_CODE_LENGTH}}$`).test(code)) {
    throw new AuthServerError(400, 'invalid_request', `\`code\` must be the ${EMAIL_CODE_LENGTH}-digit code from the mail.`)
  }
  return code
}

const expired = (message: string) => new AuthServerError(400, 'code_expired', message)

/**
 * Checks and uses up the code sent to `email`, or throws. Each attempt is taken from the store
 * atomically BEFORE the code is compared, so parallel guesses cannot exceed the cap; a right
 * code is then consumed once (a parallel right guess loses).
 */
export async function redeemEmailCode(ctx: RouteContext, email: string, code: string): Promise<void> {
  const { codeKey } = await ctx.keys()
  const now = ctx.now()
  const attempt = await ctx.store.takeEmailCodeAttempt({ email, now, maxAttempts: EMAIL_CODE_MAX_ATTEMPTS })
  switch (attempt.status) {
    case 'missing':
      throw expired('No code is waiting for this address. Ask for a new code.')
    case 'used':
      throw expired('This code was already used. Ask for a new code.')
    case 'expired':
      throw expired('This code has expired. Ask for a new code.')
    case 'exhausted':
      throw new AuthServerError(429, 'too_many_attempts', 'Too many wrong codes. Ask for a new code.')
    case 'taken':
      break
    default:
      attempt satisfies never
  }
  if (!(await hmacVerify(codeKey, attempt.code.codeMac, `${email}:${code}`))) {
    const attemptsLeft = Math.max(0, EMAIL_CODE_MAX_ATTEMPTS - attempt.code.attempts)
    throw new AuthServerError(
      400,
      'invalid_code',
      attemptsLeft > 0
        ? `That code is not right. ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.`
        : 'That code is not right, and it was the last try. Ask for a new code.',
      { attemptsLeft },
    )
  }
  if (!(await ctx.store.consumeEmailCode({ email, codeMac: attempt.code.codeMac, now }))) {
    throw expired('This code was already used. Ask for a new code.')
  }
}
