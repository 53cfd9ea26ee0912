import type { ErrorBody, ErrorCode } from './protocol.js'

/**
 * The one error type latchkey throws. `code` is stable; `message` says how to fix it.
 *
 * @example
 * try { await client.verifyEmailSignIn({ email, code }) }
 * catch (error) { if (error instanceof LatchkeyError && error.code === 'invalid_code') ... }
 */
export class LatchkeyError extends Error {
  override name = 'LatchkeyError'
  readonly code: ErrorCode
  /** HTTP status of the server answer, when there was one. */
  readonly status: number | undefined
  /** Seconds until a retry may succeed (cooldowns, rate limits). */
  readonly retryAfter: number | undefined
  /** Attempts left, for codes that can be retried. */
  readonly attemptsLeft: number | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; status?: number; retryAfter?: number; attemptsLeft?: number } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.status = options.status
    this.retryAfter = options.retryAfter
    this.attemptsLeft = options.attemptsLeft
  }

  /** Builds the error from a server `{ error, message }` body. */
  static fromBody(body: ErrorBody, status: number): LatchkeyError {
    return new LatchkeyError(body.error, body.message, {
      status,
      ...(body.retryAfter === undefined ? {} : { retryAfter: body.retryAfter }),
      ...(body.attemptsLeft === undefined ? {} : { attemptsLeft: body.attemptsLeft }),
    })
  }
}

/** True for failures that say nothing about the session: offline, timeouts, 5xx, 429. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof LatchkeyError)) return false
  if (error.code === 'network_error' || error.code === 'timeout' || error.code === 'rate_limited') return true
  return error.status !== undefined && (error.status >= 500 || error.status === 429)
}

/** True for a definite answer that the session is over. */
export function isSessionEndingError(error: unknown): boolean {
  return (
    error instanceof LatchkeyError &&
    (error.code === 'invalid_grant' ||
      error.code === 'session_expired' ||
      error.code === 'session_revoked' ||
      error.code === 'session_idle' ||
      error.code === 'reuse_detected')
  )
}
