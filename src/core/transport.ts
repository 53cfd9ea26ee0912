import { LatchkeyError } from './errors.js'
import { CSRF_HEADER } from './protocol.js'
import type { ErrorBody, ErrorCode } from './protocol.js'

/** A `fetch`-compatible function. */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/** @internal */
export interface TransportOptions {
  /** `/auth`, `https://auth.example.com/auth`, ... (no trailing slash needed). */
  baseUrl: string
  fetch: FetchLike
  /** ms before a request fails with `timeout`. Default 15 000. */
  timeout?: number
  /** `include` in cookie mode, so the session cookies travel cross-origin too. */
  credentials?: RequestCredentials
  timers?: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void }
}

/** @internal */
export interface RequestOptions {
  body?: unknown
  /** Sent as `Authorization: Bearer`. */
  accessToken?: string
  signal?: AbortSignal
}

/** @internal JSON over HTTP under `baseUrl`, with errors mapped to `LatchkeyError`. */
export interface Transport {
  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<unknown>
}

/** @internal */
export const DEFAULT_TIMEOUT = 15_000

/** @internal Checks `baseUrl` at construction (misuse is a `TypeError`, jose-style) and drops a trailing slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  if (typeof baseUrl !== 'string' || !(baseUrl.startsWith('/') || /^https?:\/\/[^/]/i.test(baseUrl))) {
    throw new TypeError(
      `latchkey: \`baseUrl\` must be a path such as '/auth' or an absolute http(s) URL such as 'https://api.example.com/auth'; got ${JSON.stringify(baseUrl)}.`,
    )
  }
  return baseUrl.replace(/\/+$/, '')
}

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ErrorBody).error === 'string' &&
  typeof (value as ErrorBody).message === 'string'

function retryAfterHeader(response: Response): number | undefined {
  const value = response.headers.get('retry-after')
  if (value === null) return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined
}

/** @internal */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = normalizeBaseUrl(options.baseUrl)
  const timeout = options.timeout ?? DEFAULT_TIMEOUT
  const timers = options.timers ?? {
    setTimeout: (callback: () => void, ms: number) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  }

  return {
    async request(method, path, { body, accessToken, signal } = {}) {
      const url = `${baseUrl}${path}`
      const headers: Record<string, string> = { accept: 'application/json' }
      if (method !== 'GET') headers[CSRF_HEADER] = '1'
      if (body !== undefined) headers['content-type'] = 'application/json'
      if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`

      const controller = new AbortController()
      let timedOut = false
      const timer = timers.setTimeout(() => {
        timedOut = true
        controller.abort()
      }, timeout)
      const onAbort = () => controller.abort()
      signal?.addEventListener('abort', onAbort, { once: true })
      if (signal?.aborted) controller.abort()

      const fail = (code: ErrorCode, message: string, extra: { cause?: unknown; status?: number; retryAfter?: number } = {}) =>
        new LatchkeyError(code, message, extra)

      try {
        let response: Response
        try {
          response = await options.fetch(url, {
            method,
            headers,
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            credentials: options.credentials ?? 'same-origin',
            signal: controller.signal,
          })
        } catch (cause) {
          if (timedOut) throw fail('timeout', `The auth server did not answer ${method} ${path} within ${timeout} ms. Check the connection; latchkey retries on its own.`, { cause })
          if (signal?.aborted) throw fail('aborted', `${method} ${path} was aborted by the caller.`, { cause })
          throw fail('network_error', `Could not reach the auth server at ${url}. Check the connection and \`baseUrl\`; latchkey retries on its own.`, { cause })
        }

        let text: string
        try {
          text = await response.text()
        } catch (cause) {
          if (timedOut) throw fail('timeout', `The auth server's answer to ${method} ${path} did not finish within ${timeout} ms.`, { cause })
          throw fail('network_error', `The connection dropped while reading the answer to ${method} ${path}.`, { cause, status: response.status })
        }

        let json: unknown = undefined
        let parsed = false
        if (text !== '') {
          try {
            json = JSON.parse(text)
            parsed = true
          } catch {
            parsed = false
          }
        }

        if (response.ok) {
          if (text === '') return undefined
          if (!parsed) {
            throw fail('invalid_response', `${method} ${url} answered ${response.status} with a body that is not JSON. Is \`baseUrl\` pointing at the latchkey server?`, { status: response.status })
          }
          return json
        }

        if (parsed && isErrorBody(json)) {
          const retryAfter = json.retryAfter ?? retryAfterHeader(response)
          throw LatchkeyError.fromBody(retryAfter === undefined ? json : { ...json, retryAfter }, response.status)
        }
        const retryAfter = retryAfterHeader(response)
        if (response.status === 429) {
          throw fail('rate_limited', `The auth server is rate limiting requests; retry later.`, { status: 429, ...(retryAfter === undefined ? {} : { retryAfter }) })
        }
        throw fail(
          'invalid_response',
          `${method} ${url} answered ${response.status} without a latchkey error body. Is \`baseUrl\` pointing at the latchkey server (or is a proxy in the way)?`,
          { status: response.status },
        )
      } finally {
        timers.clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
    },
  }
}
