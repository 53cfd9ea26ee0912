import type { RouteHandler } from '../context.js'
import { EMAIL_CODE_LENGTH, EMAIL_CODE_MAX_ATTEMPTS } from '../constants.js'
import { hmacVerify, randomId } from '../crypto.js'
import { AuthServerError } from '../errors.js'
import { emailField, readJson, stringField } from '../http.js'
import { startSession } from '../tokens.js'

const expired = (message: string) => new AuthServerError(400, 'code_expired', message)

/**
 * `POST /email/verify` `{ email, code }`: exchanges the code for tokens. Each attempt is taken
 * from the store atomically BEFORE the code is compared, so parallel guesses cannot exceed
 * the cap. The first success creates the user with an `email` credential.
 */
export const emailVerify: RouteHandler = async (ctx) => {
  const body = await readJson(ctx.request)
  const email = emailField(body)
  const code = stringField(body, 'code', 64).replace(/[\s-]/g, '')
  if (!new RegExp(`^\\d{${EMAIL_CODE_LENGTH}}$`).test(code)) {
    throw new AuthServerError(400, 'invalid_request', `\`code\` must be the ${EMAIL_CODE_LENGTH}-digit code from the mail.`)
  }
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
  // Right code: only one request may use it (a parallel right guess loses here).
  if (!(await ctx.store.consumeEmailCode({ email, codeMac: attempt.code.codeMac, now }))) {
    throw expired('This code was already used. Ask for a new code.')
  }
  const { user } = await ctx.store.findOrCreateUser({
    user: { id: randomId('usr'), email, alias: null, name: null, createdAt: now },
    credential: { id: randomId('cred'), format: 'email', key: `email:${email}`, email },
  })
  return startSession(ctx, user)
}

