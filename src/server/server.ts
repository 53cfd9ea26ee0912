import type { AccessTokenClaims } from '../core/protocol.js'
import {
  DEFAULT_ACCESS_TOKEN_TTL,
  DEFAULT_AUDIENCE,
  DEFAULT_BASE_PATH,
  DEFAULT_EMAIL_CODES_PER_HOUR,
  DEFAULT_ISSUER,
  DEFAULT_REFRESH_REUSE_GRACE,
  DEFAULT_SESSION_TTL,
  MAX_SESSION_TTL,
} from './constants.js'
import type { ServerContext } from './context.js'
import { corsHeaders, preflight } from './cors.js'
import { AuthServerError } from './errors.js'
import { checkCsrf, errorResponse } from './http.js'
import { loadKeys } from './keys.js'
import type { ServerKeys } from './keys.js'
import { consoleMailer } from './mailers.js'
import type { Mailer, SentMail } from './mailers.js'
import { matchRoute, routes } from './router.js'
import type { AuthStore } from './store.js'
import { createMemoryStore } from './stores/memory.js'
import { verifyAccess } from './tokens.js'

export interface AuthServerOptions {
  /** Where users, sessions, codes and keys live. Default: `createMemoryStore()` (lost on restart). */
  store?: AuthStore
  /** Path the routes live under. Default `'/auth'`. */
  basePath?: string
  /** `iss` of access tokens. Default `'latchkey'`. */
  issuer?: string
  /** `aud` of access tokens. Default `'latchkey'`. */
  audience?: string
  /** Access-token lifetime in seconds. Default 900 (15 min). */
  accessTokenTtl?: number
  /** Absolute session lifetime in seconds. Default 7 days; at most 30 days. */
  sessionTtl?: number
  /** Seconds in which a retried refresh gets the same new token back instead of ending the session. Default 10. */
  refreshReuseGrace?: number
  /** Codes one email address may get per hour (beyond it: `429 rate_limited`). Default 10. */
  emailCodesPerHour?: number
  /** Sends the sign-in codes. Default `consoleMailer()` (development only). */
  mailer?: Mailer
  /** Turns on `GET {basePath}/dev/mailbox` (the last 20 mails). Never on by default. */
  dev?: boolean
  /**
   * Exact `Origin` values allowed on non-GET requests. Default: the request URL's own origin.
   * Listed origins other than the server's own also get CORS headers (credentials included).
   */
  allowedOrigins?: string[]
  /** The server's clock (ms since the epoch). Default `Date`. For tests. */
  clock?: { now(): number }
  /**
   * Where tokens travel. `'app'` (default): in the JSON body; the client keeps them and sends
   * `Authorization: Bearer`. `'cookie'`: only in HttpOnly cookies that script never sees; the
   * body carries the session body alone.
   */
  storage?: 'app' | 'cookie'
  /** Where unexpected errors are reported. Default `console`. */
  logger?: { error(...args: unknown[]): void }
}

/** A running auth server: a Web `fetch` handler plus what it was built with. */
export interface AuthServer {
  /** Answers requests under `basePath`; anything else gets `404 not_found` (JSON). Never throws. */
  fetch(request: Request): Promise<Response>
  readonly basePath: string
  readonly store: AuthStore
  /**
   * Verifies an access token issued by this server (signature, issuer, audience, expiry) and
   * returns its claims, for app routes in the same process. Throws `AuthServerError` (401).
   * It does not look up the session: use `GET /me` or your own check for instant revocation.
   */
  verifyAccessToken(token: string): Promise<AccessTokenClaims>
  /** Closes the store. */
  close(): Promise<void>
}

function seconds(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`latchkey: \`${name}\` must be a number of seconds of at least ${min}; got ${String(value)}.`)
  }
  return value
}

function normalizeBasePath(basePath: string | undefined): string {
  const path = basePath ?? DEFAULT_BASE_PATH
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path)) {
    throw new TypeError(`latchkey: \`basePath\` must be a path starting with "/", like "/auth"; got ${JSON.stringify(path)}.`)
  }
  return path.replace(/\/+$/, '')
}

/**
 * Creates the reference auth server: a Web `fetch` handler that runs in Node (see
 * `latchkey/server/node`), Vite (`latchkey/server/vite`), Next.js route handlers, Hono, Bun,
 * Deno, or a browser (with the memory store).
 *
 * @example
 * import { createAuthServer } from 'latchkey/server'
 * import { createPGliteStore } from 'latchkey/server/pglite'
 * import { serve } from 'latchkey/server/node'
 *
 * const auth = createAuthServer({ store: createPGliteStore({ dataDir: '.latchkey-data' }) })
 * const { url } = await serve({ server: auth, port: 3000 })
 */
export function createAuthServer(options: AuthServerOptions = {}): AuthServer {
  const sessionTtl = seconds('sessionTtl', options.sessionTtl, DEFAULT_SESSION_TTL, 1)
  if (sessionTtl > MAX_SESSION_TTL) {
    throw new TypeError(
      `latchkey: \`sessionTtl\` is ${sessionTtl} s, more than the 30-day maximum (${MAX_SESSION_TTL} s). Sessions must end: pick ${MAX_SESSION_TTL} or less.`,
    )
  }
  const accessTokenTtl = seconds('accessTokenTtl', options.accessTokenTtl, DEFAULT_ACCESS_TOKEN_TTL, 1)
  const refreshReuseGrace = seconds('refreshReuseGrace', options.refreshReuseGrace, DEFAULT_REFRESH_REUSE_GRACE, 0)
  const emailCodesPerHour = options.emailCodesPerHour ?? DEFAULT_EMAIL_CODES_PER_HOUR
  if (!Number.isInteger(emailCodesPerHour) || emailCodesPerHour < 1) {
    throw new TypeError(`latchkey: \`emailCodesPerHour\` must be a whole number of at least 1; got ${String(emailCodesPerHour)}.`)
  }
  if (options.allowedOrigins !== undefined) {
    for (const origin of options.allowedOrigins) {
      let parsed: string | undefined
      try {
        parsed = new URL(origin).origin
      } catch {
        parsed = undefined
      }
      if (parsed !== origin) {
        throw new TypeError(`latchkey: \`allowedOrigins\` entries must be origins like "https://app.example.com" (no path or trailing slash); got ${JSON.stringify(origin)}.`)
      }
    }
  }
  const allowedOrigins = options.allowedOrigins ? [...options.allowedOrigins] : undefined
  const basePath = normalizeBasePath(options.basePath)
  const storage = options.storage ?? 'app'
  if (storage !== 'app' && storage !== 'cookie') {
    throw new TypeError(`latchkey: \`storage\` must be 'app' or 'cookie'; got ${JSON.stringify(storage)}.`)
  }
  const store = options.store ?? createMemoryStore()
  const clock = options.clock ?? Date
  const logger = options.logger ?? console

  let keys: Promise<ServerKeys> | undefined
  const ctx: ServerContext = {
    store,
    mailer: options.mailer ?? consoleMailer(),
    now: () => clock.now(),
    keys: () => {
      // Cache the keys, but not a failure: a store that was down may be up on the next request.
      keys ??= loadKeys(store, clock.now()).catch((error: unknown) => {
        keys = undefined
        throw error
      })
      return keys
    },
    issuer: options.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
    accessTokenTtl,
    sessionTtl,
    refreshReuseGrace,
    emailCodesPerHour,
    devMailbox: options.dev ? ([] as SentMail[]) : undefined,
    storage,
    basePath,
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const inside = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)
    const path = inside ? url.pathname.slice(basePath.length) || '/' : undefined
    const match = path === undefined ? { kind: 'none' as const } : matchRoute(routes, request.method, path)
    if (match.kind === 'none') {
      throw new AuthServerError(404, 'not_found', `No route at ${request.method} ${url.pathname}. Routes live under ${basePath || '/'}.`)
    }
    if (match.kind === 'method' && request.method === 'OPTIONS') {
      return preflight(request, url, allowedOrigins, match.allow)
    }
    if (match.kind === 'method') {
      throw new AuthServerError(405, 'method_not_allowed', `Use ${match.allow.join(' or ')} for ${url.pathname}.`, {
        headers: { allow: match.allow.join(', ') },
      })
    }
    if (request.method !== 'GET') checkCsrf(request, url, allowedOrigins)
    return match.route.handler({ ...ctx, request, url, params: match.params })
  }

  return {
    basePath,
    store,
    async fetch(request) {
      let response: Response
      try {
        response = await handle(request)
      } catch (error) {
        if (error instanceof AuthServerError) {
          response = errorResponse(error)
        } else {
          logger.error('latchkey: unexpected error while answering', request.method, request.url, error)
          response = errorResponse(new AuthServerError(500, 'internal_error', 'Something went wrong on the server. Try again in a moment.'))
        }
      }
      try {
        for (const [name, value] of Object.entries(corsHeaders(request, new URL(request.url), allowedOrigins))) {
          response.headers.set(name, value)
        }
      } catch {
        // An immutable response (none of ours): leave it.
      }
      return response
    },
    verifyAccessToken: (token) => verifyAccess(ctx, token),
    close: () => store.close(),
  }
}
