import type { ErrorBody, ErrorCode } from '../core/protocol.js'

/**
 * An error the server answers with: a stable `code`, an HTTP `status`, and a message that says
 * what to do. Route code throws it; the server turns it into an `ErrorBody` response.
 */
export class AuthServerError extends Error {
  override name = 'AuthServerError'
  readonly code: ErrorCode
  readonly status: number
  readonly retryAfter: number | undefined
  readonly attemptsLeft: number | undefined
  readonly headers: Record<string, string>
  /** `Set-Cookie` values to send with the answer (cookie mode clears its cookies on session-ending errors). */
  readonly setCookies: string[]

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    options: {
      retryAfter?: number
      attemptsLeft?: number
      headers?: Record<string, string>
      setCookies?: string[]
      cause?: unknown
    } = {},
  ) {
    super(message, { cause: options.cause })
    this.status = status
    this.code = code
    this.retryAfter = options.retryAfter
    this.attemptsLeft = options.attemptsLeft
    this.headers = options.headers ?? {}
    this.setCookies = options.setCookies ?? []
  }

  /** The same error, also sending `setCookies`. */
  withCookies(setCookies: string[]): AuthServerError {
    return new AuthServerError(this.status, this.code, this.message, {
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
      ...(this.attemptsLeft === undefined ? {} : { attemptsLeft: this.attemptsLeft }),
      headers: this.headers,
      setCookies: [...this.setCookies, ...setCookies],
      cause: this.cause,
    })
  }

  /** The JSON body of the answer. */
  toBody(): ErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
      ...(this.attemptsLeft === undefined ? {} : { attemptsLeft: this.attemptsLeft }),
    }
  }
}

/** `400 invalid_request` naming the field. */
export function invalidField(field: string, expected: string): AuthServerError {
  return new AuthServerError(400, 'invalid_request', `\`${field}\` must be ${expected}.`)
}

/** `401` with the RFC 6750 `WWW-Authenticate` header. */
export function unauthorized(code: ErrorCode, message: string): AuthServerError {
  return new AuthServerError(401, code, message, {
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${code}"` },
  })
}
