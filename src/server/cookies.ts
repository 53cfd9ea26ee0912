/**
 * Cookie mode (DESIGN.md, "Cookie mode"): the access token in an `HttpOnly; Path=/;
 * SameSite=Lax` cookie (app backends and server rendering receive it), the refresh token in an
 * `HttpOnly; Path=<base>/refresh; SameSite=Strict` cookie that no other route ever sees.
 * `Secure` and the `__Host-`/`__Secure-` prefixes everywhere except plain-http localhost
 * (browsers refuse prefixed cookies without `Secure`).
 * @internal
 */

/** Cookie names for one request (secure origin or localhost). */
export interface CookieNames {
  access: string
  refresh: string
  secure: boolean
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export function cookieNames(url: URL): CookieNames {
  const local = url.protocol === 'http:' && (LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost'))
  return local
    ? { access: 'latchkey_access', refresh: 'latchkey_refresh', secure: false }
    : // `__Host-` needs Path=/ (fine for the access cookie); the refresh cookie has a narrower path, so `__Secure-`.
      { access: '__Host-latchkey_access', refresh: '__Secure-latchkey_refresh', secure: true }
}

/** Reads one cookie from the request's `Cookie` header. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (header === null) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index === -1) continue
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}

function serialize(name: string, value: string, attributes: { path: string; maxAge: number; sameSite: 'Lax' | 'Strict'; secure: boolean }) {
  return [
    `${name}=${value}`,
    `Path=${attributes.path}`,
    `Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`,
    'HttpOnly',
    `SameSite=${attributes.sameSite}`,
    ...(attributes.secure ? ['Secure'] : []),
  ].join('; ')
}

/**
 * `Set-Cookie` values carrying a session's tokens. Both live until the session's absolute end:
 * the JWT inside the access cookie expires sooner, but an expired one still names the session
 * for `POST /logout` (which cannot see the refresh cookie).
 */
export function sessionCookies(
  url: URL,
  basePath: string,
  tokens: { accessToken: string; refreshToken: string },
  secondsLeft: number,
): string[] {
  const names = cookieNames(url)
  return [
    serialize(names.access, tokens.accessToken, { path: '/', maxAge: secondsLeft, sameSite: 'Lax', secure: names.secure }),
    serialize(names.refresh, tokens.refreshToken, {
      path: `${basePath}/refresh`,
      maxAge: secondsLeft,
      sameSite: 'Strict',
      secure: names.secure,
    }),
  ]
}

/**
 * The `Set-Cookie` value of a new access token alone (wallet-server: linking and profile
 * updates re-issue the access token of the same session; the refresh cookie stays).
 */
export function accessCookie(url: URL, accessToken: string, secondsLeft: number): string {
  const names = cookieNames(url)
  return serialize(names.access, accessToken, { path: '/', maxAge: secondsLeft, sameSite: 'Lax', secure: names.secure })
}

/** `Set-Cookie` values that delete both cookies. */
export function clearedCookies(url: URL, basePath: string): string[] {
  const names = cookieNames(url)
  return [
    serialize(names.access, '', { path: '/', maxAge: 0, sameSite: 'Lax', secure: names.secure }),
    serialize(names.refresh, '', { path: `${basePath}/refresh`, maxAge: 0, sameSite: 'Strict', secure: names.secure }),
  ]
}
