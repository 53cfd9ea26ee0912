/**
 * Protecting an app backend's routes with latchkey access tokens: `requireAuth` for Node
 * `http` / Express / Connect handlers, `withAuth` for fetch-style handlers (Next.js route
 * handlers, Hono, Bun, Deno). Both read the bearer token, else the access cookie (cookie
 * mode), verify it with `verifyAccessToken`, and answer `401 { error, message }` when it is
 * missing or not good. No Node import: the Node types are described by their shape.
 */
import type { AccessTokenClaims } from '../core/protocol.js'
import { cookieNames } from './cookies.js'
import { AuthServerError } from './errors.js'
import { verifyAccessToken } from './verifyAccessToken.js'
import type { VerifyAccessTokenOptions } from './verifyAccessToken.js'

/** `verifyAccessToken` options, plus where the token may come from. */
export interface AuthMiddlewareOptions extends VerifyAccessTokenOptions {
  /**
   * Read the access cookie when there is no `Authorization` header (cookie mode). Default true.
   * The cookie is `__Host-latchkey_access`, or `latchkey_access` on plain-http localhost.
   * Cookie-authenticated routes that change things need your own CSRF check (the cookie is
   * `SameSite=Lax`: other sites cannot send it with a POST, but your other subdomains can).
   */
  cookie?: boolean
  /** Where unexpected failures (JWKS unreachable) are reported. Default `console`. */
  logger?: { error(...args: unknown[]): void }
}

/** The shape of Node's `IncomingMessage` that the middleware reads (Express's `req` fits). */
export interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>
  url?: string
  /** Node's socket; `encrypted` is true on TLS sockets. */
  socket?: unknown
  /** Set by `requireAuth`: the verified claims. */
  auth?: AccessTokenClaims
}

/** The shape of Node's `ServerResponse` that the middleware writes. */
export interface NodeResponseLike {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body?: string): unknown
}

function firstHeader(value: string | string[] | null | undefined): string | undefined {
  if (Array.isArray(value)) return value[0]
  return value ?? undefined
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index !== -1 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}

/** The access token of a request: the bearer header, else the access cookie. @internal */
export function tokenFromHeaders(
  get: (name: string) => string | undefined,
  url: URL,
  cookies: boolean,
): string | undefined {
  const authorization = get('authorization')
  if (authorization !== undefined) return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? ''
  return cookies ? cookieValue(get('cookie'), cookieNames(url).access) : undefined
}

const missing = () =>
  new AuthServerError(401, 'unauthorized', 'Sign in first: send the access token as `Authorization: Bearer <token>` (or the latchkey access cookie).', {
    headers: { 'www-authenticate': 'Bearer' },
  })

/** Verifies the token or returns the error answer to send. */
async function authenticateToken(
  token: string | undefined,
  options: AuthMiddlewareOptions,
): Promise<{ claims: AccessTokenClaims } | { status: number; headers: Record<string, string>; body: string }> {
  try {
    if (token === undefined) throw missing()
    return { claims: await verifyAccessToken(token, options) }
  } catch (error) {
    if (error instanceof AuthServerError) {
      return {
        status: error.status,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...error.headers },
        body: JSON.stringify(error.toBody()),
      }
    }
    if (error instanceof TypeError && /^latchkey:/.test(error.message)) throw error
    // The JWKS or the auth server could not be reached: the token may be fine, so not a 401.
    ;(options.logger ?? console).error('latchkey: could not verify an access token', error)
    return {
      status: 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
      body: JSON.stringify({ error: 'internal_error', message: 'Could not check the access token right now. Try again in a moment.' }),
    }
  }
}

function checkOptions(options: AuthMiddlewareOptions): void {
  if (typeof options !== 'object' || options === null || (options.jwks === undefined) === (options.jwksUrl === undefined)) {
    throw new TypeError("latchkey: give exactly one of `jwksUrl` (the auth server's /.well-known/jwks.json URL) or `jwks` (a key set).")
  }
}

/**
 * Node `http` / Express / Connect middleware: verifies the request's access token, sets
 * `req.auth` to its claims and calls `next()`; otherwise answers `401 { error, message }`
 * (`503` when the keys cannot be fetched).
 *
 * @example
 * import { requireAuth } from 'latchkey/server'
 * const auth = requireAuth({ jwksUrl: 'http://localhost:3000/auth/.well-known/jwks.json' })
 * app.get('/api/orders', auth, (req, res) => res.json(ordersOf(req.auth.sub)))
 */
export function requireAuth(options: AuthMiddlewareOptions) {
  checkOptions(options)
  return (req: NodeRequestLike, res: NodeResponseLike, next: (error?: unknown) => void): void => {
    const url = new URL(req.url ?? '/', `${(req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? 'https' : 'http'}://${firstHeader(req.headers.host) ?? 'localhost'}`)
    const token = tokenFromHeaders((name) => firstHeader(req.headers[name]), url, options.cookie ?? true)
    authenticateToken(token, options).then(
      (result) => {
        if ('claims' in result) {
          req.auth = result.claims
          next()
          return
        }
        res.statusCode = result.status
        for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value)
        res.end(result.body)
      },
      (error: unknown) => next(error),
    )
  }
}

/**
 * Wraps a fetch-style handler: it runs only with a valid access token, and gets the claims as
 * its second argument. Otherwise the answer is `401 { error, message }` (`503` when the keys
 * cannot be fetched).
 *
 * @example
 * import { withAuth } from 'latchkey/server'
 * export const GET = withAuth(async (request, auth) => Response.json(await ordersOf(auth.sub)), {
 *   jwksUrl: 'https://app.example.com/auth/.well-known/jwks.json',
 * })
 */
export function withAuth<Args extends unknown[] = []>(
  handler: (request: Request, auth: AccessTokenClaims, ...rest: Args) => Response | Promise<Response>,
  options: AuthMiddlewareOptions,
): (request: Request, ...rest: Args) => Promise<Response> {
  checkOptions(options)
  return async (request, ...rest) => {
    const token = tokenFromHeaders((name) => request.headers.get(name) ?? undefined, new URL(request.url), options.cookie ?? true)
    const result = await authenticateToken(token, options)
    if ('claims' in result) return handler(request, result.claims, ...rest)
    return new Response(result.body, { status: result.status, headers: result.headers })
  }
}
