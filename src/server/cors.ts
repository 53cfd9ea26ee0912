/**
 * CORS for apps on another origin than the auth server (e.g. `app.example.com` calling
 * `auth.example.com`). Only origins listed in `allowedOrigins` get CORS headers; with the
 * default (same origin only) the server sends none. Cookie mode across origins needs them to
 * be same-site, since the cookies are `SameSite=Lax`/`Strict`.
 * @internal
 */
import { CSRF_HEADER } from './constants.js'
import { AuthServerError } from './errors.js'

/** The CORS headers for this request's `Origin`, if it is an allowed foreign origin. */
export function corsHeaders(request: Request, url: URL, allowedOrigins: readonly string[] | undefined): Record<string, string> {
  const origin = request.headers.get('origin')
  if (!allowedOrigins || origin === null || origin === url.origin || !allowedOrigins.includes(origin)) return {}
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'retry-after, www-authenticate',
    vary: 'Origin',
  }
}

/** Answers a preflight (`OPTIONS`) for a route that exists with `methods`. */
export function preflight(request: Request, url: URL, allowedOrigins: readonly string[] | undefined, methods: string[]): Response {
  const headers = corsHeaders(request, url, allowedOrigins)
  if (!headers['access-control-allow-origin']) {
    throw new AuthServerError(
      403,
      'csrf_failed',
      `Cross-origin requests from ${request.headers.get('origin') ?? 'an unknown origin'} are not allowed. Add the origin to the server's \`allowedOrigins\` if it is yours.`,
    )
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': `content-type, authorization, ${CSRF_HEADER}`,
      'access-control-max-age': '600',
    },
  })
}
