/**
 * Request reading and response writing shared by the routes.
 * @internal
 */
import { CSRF_HEADER, EMAIL_MAX_LENGTH, MAX_BODY_BYTES } from './constants.js'
import { AuthServerError, invalidField } from './errors.js'

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

/** A JSON answer. Auth answers are never cached. */
export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string>; setCookies?: string[] } = {},
): Response {
  const headers = new Headers({ ...JSON_HEADERS, ...init.headers })
  for (const cookie of init.setCookies ?? []) headers.append('set-cookie', cookie)
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers })
}

export function errorResponse(error: AuthServerError): Response {
  const headers: Record<string, string> = { ...error.headers }
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter)
  return json(error.toBody(), { status: error.status, headers, setCookies: error.setCookies })
}

/**
 * CSRF: a non-GET request must carry `x-latchkey: 1` (a cross-site form cannot set a custom
 * header) and, when the browser sent `Origin`, it must be one of `allowedOrigins` exactly
 * (default: the request's own origin).
 */
export function checkCsrf(request: Request, url: URL, allowedOrigins: readonly string[] | undefined): void {
  if (request.headers.get(CSRF_HEADER) !== '1') {
    throw new AuthServerError(403, 'csrf_failed', `Send the header \`${CSRF_HEADER}: 1\` with every non-GET request.`)
  }
  const origin = request.headers.get('origin')
  if (origin === null) return
  const allowed = allowedOrigins ?? [url.origin]
  if (!allowed.includes(origin)) {
    throw new AuthServerError(
      403,
      'csrf_failed',
      `Requests from origin ${origin} are not allowed. Add it to the server's \`allowedOrigins\` if it is yours.`,
    )
  }
}

/**
 * Reads a JSON object body: JSON content type only, at most `MAX_BODY_BYTES` (counted while
 * streaming, so a huge or endless body is cut off), strict UTF-8. An empty body reads as `{}`
 * (e.g. `POST /logout` with only a bearer token, `POST /refresh` in cookie mode), unless it
 * declares a content type other than JSON.
 */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type')
  const length = request.headers.get('content-length')
  if (length !== null && Number(length) > MAX_BODY_BYTES) throw tooLarge()
  const bytes = await readCapped(request)
  const isJson = type !== null && /^application\/json\s*(;|$)/i.test(type.trim())
  if (bytes.length === 0 && (type === null || isJson)) return {}
  if (!isJson) {
    throw new AuthServerError(415, 'unsupported_media_type', 'Send the body as JSON with `content-type: application/json`.')
  }
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new AuthServerError(400, 'invalid_json', 'The body is not valid JSON. Send a JSON object.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthServerError(400, 'invalid_request', 'The body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

function tooLarge() {
  return new AuthServerError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB. Send less.`)
}

async function readCapped(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (error) {
      // The client went away or sent a broken body (e.g. bad chunked encoding): its fault, not ours.
      throw new AuthServerError(400, 'invalid_request', 'The request body could not be read to its end. Send it again.', { cause: error })
    }
    const { done, value } = chunk
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** A required string field. */
export function stringField(body: Record<string, unknown>, field: string, maxLength = 4096): string {
  const value = body[field]
  if (value === undefined || value === null) {
    throw new AuthServerError(400, 'invalid_request', `\`${field}\` is required.`)
  }
  if (typeof value !== 'string') throw invalidField(field, 'a string')
  if (value.length > maxLength) throw invalidField(field, `at most ${maxLength} characters`)
  return value
}

/** An optional string field. */
export function optionalStringField(body: Record<string, unknown>, field: string, maxLength = 4096): string | undefined {
  return body[field] === undefined ? undefined : stringField(body, field, maxLength)
}

// Deliberately simple: one @, no spaces, a dot in the domain. The code mail is the real check.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

/** The `email` field, trimmed and lowercased, checked to look like an address. */
export function emailField(body: Record<string, unknown>): string {
  const email = stringField(body, 'email', 1024).trim().toLowerCase()
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw new AuthServerError(400, 'invalid_email', 'That does not look like an email address. Check it and try again.')
  }
  return email
}

/** The bearer token of the `Authorization` header, if any. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization')
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}
