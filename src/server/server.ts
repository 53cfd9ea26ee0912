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
import { createKeyRing } from './keys.js'
import type { KeyRotation, RotateKeysOptions } from './keys.js'
import { consoleMailer } from './mailers.js'
import type { Mailer, SentMail } from './mailers.js'
import { matchRoute, routes } from './router.js'
import type { AuthStore } from './store.js'
import { checkHooks, storeWithSignOutHook } from './hooks.js'
import type { AuthServerHooks } from './hooks.js'
import { clientIp, ipBucket, resolveRateLimits } from './ratelimit.js'
import type { RateLimitOptions, RateLimitRule } from './ratelimit.js'
import { createMemoryStore } from './stores/memory.js'
import { resolveWalletOptions } from './wallet/options.js'
import type { WalletOptions } from './wallet/options.js'
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
  /**
   * Idle timeout in seconds: a refresh after this long without user input ends the session
   * (`401 session_idle`). Off by default. Input counts only when the client reports it (it
   * marks a refresh `active` after real input since the last one), and from the moment the
   * presented refresh token was issued, so it is enforced to within one access-token lifetime:
   * it must be longer than `accessTokenTtl` (twice as long or more is a good choice).
   */
  idleTimeout?: number
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
  // --- server-ops (issue 7): hooks, rate limits --------------------------------------------
  /**
   * The app's hooks: `onUserCreated(user)`, `onSignIn({ user, session, method })`,
   * `onSignOut({ userId, sessionId, reason })`, `customClaims({ user, session }) → object`.
   * A hook that throws is logged and the request goes on (see `docs/backend.md`).
   */
  hooks?: AuthServerHooks
  /**
   * Limits on `/email/start`, `/email/verify`, `/nonce` and `/wallet/verify`, per client IP
   * and per identifier, answered `429 rate_limited` with `Retry-After`. `false` turns them off.
   * Default: on, in memory per process (`DEFAULT_RATE_LIMITS` in constants.ts).
   */
  rateLimits?: false | RateLimitOptions
  /**
   * Take the client IP from `X-Forwarded-For` (for rate limits): `true` behind one proxy of
   * yours, a number for that many. Default `false`: the socket's address (given by the Node
   * adapter as `fetch(request, { ip })`). Without either, per-IP limits do not apply.
   */
  trustProxy?: boolean | number
  // --- wallet-server (issues 4 and 5) --------------------------------------------------------
  /**
   * Wallet sign-in (`POST /wallet/verify`, `POST /link/wallet`): accepted message domains
   * (default: the request's host), URIs (default: any), EVM chain ids (default
   * `[1, 10, 137, 8453, 42161, 11155111, 31337]`), an RPC URL for smart-contract wallets, and
   * Solana clusters (default mainnet, devnet, testnet, localnet).
   */
  wallets?: WalletOptions
}

/** What the host knows about a request beyond the `Request` itself. */
export interface ClientInfo {
  /** The client's IP address (the socket's). */
  ip?: string
}

/** A running auth server: a Web `fetch` handler plus what it was built with. */
export interface AuthServer {
  /** Answers requests under `basePath`; anything else gets `404 not_found` (JSON). Never throws. */
  fetch(request: Request, info?: ClientInfo): Promise<Response>
  readonly basePath: string
  readonly store: AuthStore
  /**
   * Verifies an access token issued by this server (signature, issuer, audience, expiry) and
   * returns its claims, for app routes in the same process. Throws `AuthServerError` (401).
   * It does not look up the session: use `GET /me` or your own check for instant revocation.
   */
  verifyAccessToken(token: string): Promise<AccessTokenClaims>
  /**
   * Rotates the signing key (issue 7). The new key is published in the JWKS at once and signs
   * from six minutes later, on every server of the store at the same moment, so backends that
   * cache the JWKS know it before its first token. The previous key then stops signing and stays
   * published, and keeps verifying, for `accessTokenTtl` plus two minutes, so no live token
   * breaks. `{ immediate: true }` (a key that may have leaked) signs with the new key at once;
   * other servers switch within a minute. `latchkey-server rotate-keys` does the same from a shell.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<KeyRotation>
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
  // --- session-proof (issue 3): idle timeout ---
  const idleTimeout = options.idleTimeout === undefined ? undefined : seconds('idleTimeout', options.idleTimeout, 0, 1)
  if (idleTimeout !== undefined && idleTimeout <= accessTokenTtl) {
    throw new TypeError(
      `latchkey: \`idleTimeout\` (${idleTimeout} s) must be longer than \`accessTokenTtl\` (${accessTokenTtl} s): activity reaches the server only with refreshes. Pick at least ${accessTokenTtl * 2} s, or a shorter \`accessTokenTtl\`.`,
    )
  }
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
  // server-ops (issue 7)
  const hooks = checkHooks(options.hooks)
  const rateLimits = resolveRateLimits(options.rateLimits, store.rateLimiter)
  const trustProxy = options.trustProxy === true ? 1 : options.trustProxy === false || options.trustProxy === undefined ? 0 : options.trustProxy
  if (!Number.isInteger(trustProxy) || trustProxy < 0) {
    throw new TypeError(`latchkey: \`trustProxy\` must be true, false or the number of proxies in front of the server; got ${String(options.trustProxy)}.`)
  }

  // Signing keys: cached per server, shared through the store (keys.ts, issue 7 key rotation).
  const keyRing = createKeyRing(store, { now: () => clock.now(), accessTokenTtl })
  const ctx: ServerContext = {
    store: storeWithSignOutHook(store, logger, hooks.onSignOut),
    mailer: options.mailer ?? consoleMailer(),
    now: () => clock.now(),
    keys: (keyOptions) => keyRing.get(keyOptions),
    issuer: options.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
    accessTokenTtl,
    sessionTtl,
    refreshReuseGrace,
    idleTimeout,
    emailCodesPerHour,
    devMailbox: options.dev ? ([] as SentMail[]) : undefined,
    storage,
    basePath,
    hooks,
    logger,
    wallets: resolveWalletOptions(options.wallets),
  }

  /** One hit against a rate-limit rule; `429 rate_limited` when over. */
  async function limit(key: string, rule: RateLimitRule | false | undefined): Promise<void> {
    if (!rateLimits || !rule) return
    const result = await rateLimits.limiter.hit(key, rule, clock.now())
    if (result.allowed) return
    throw new AuthServerError(429, 'rate_limited', `Too many requests. Wait ${result.retryAfter} s and try again.`, {
      retryAfter: result.retryAfter,
    })
  }

  async function handle(request: Request, info: ClientInfo | undefined): Promise<Response> {
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
    // server-ops (issue 7): rate limits by route path, per IP here, per identifier in the route.
    const ip = clientIp(request, info?.ip, trustProxy)
    const routeLimits = rateLimits?.routes.get(match.route.path)
    if (ip !== undefined) await limit(`ip:${match.route.path}:${ipBucket(ip)}`, routeLimits?.perIp)
    const limitIdentifier = (identifier: string) => limit(`id:${match.route.path}:${identifier}`, routeLimits?.perIdentifier)
    return match.route.handler({ ...ctx, request, url, params: match.params, clientIp: ip, limitIdentifier })
  }

  return {
    basePath,
    store,
    async fetch(request, info) {
      let response: Response
      try {
        response = await handle(request, info)
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
    rotateKeys: (options) => keyRing.rotate(options),
    close: () => store.close(),
  }
}
