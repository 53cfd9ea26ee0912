/**
 * Rate limits for the routes that an attacker can call without a session (codes, nonces,
 * wallet sign-in): a sliding window per client IP and per identifier (an email address, a
 * wallet address). The limiter is an interface: the PostgreSQL store brings one that several
 * instances share (`store.rateLimiter`); otherwise the windows live in memory, per process.
 */
import { DEFAULT_RATE_LIMITS, RATE_LIMITER_MAX_KEYS } from './constants.js'

/** `limit` requests per `window` seconds. */
export interface RateLimitRule {
  limit: number
  /** Seconds. */
  window: number
}

/** Limits of one route: per client IP and per identifier (`false`: none). */
export interface RouteRateLimit {
  perIp?: RateLimitRule | false
  perIdentifier?: RateLimitRule | false
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfter: number }

/**
 * Counts requests per key. `hit` takes one request for `key` if the rule allows it (a refused
 * request is not counted, so a client that waits `retryAfter` gets through) and says when to
 * retry otherwise. Implement it over a shared database or Redis for several instances.
 */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule, now: number): RateLimitResult | Promise<RateLimitResult>
}

/** The in-memory limiter answers synchronously. */
export interface MemoryRateLimiter extends RateLimiter {
  hit(key: string, rule: RateLimitRule, now: number): RateLimitResult
}

/**
 * A sliding-window limiter in memory: it keeps the times of the last `limit` requests per key,
 * so a window never lets through more than `limit` (a fixed window lets 2 × `limit` through
 * around its edge). At most `maxKeys` keys are kept; past that the oldest key is dropped, so a
 * flood of distinct IPs cannot exhaust memory (it only forgets the least recent clients).
 *
 * @example
 * const limiter = createMemoryRateLimiter()
 * createAuthServer({ rateLimits: { limiter } })
 */
export function createMemoryRateLimiter(options: { maxKeys?: number } = {}): MemoryRateLimiter {
  const maxKeys = options.maxKeys ?? RATE_LIMITER_MAX_KEYS
  if (!Number.isInteger(maxKeys) || maxKeys < 1) {
    throw new TypeError(`latchkey: \`maxKeys\` must be a whole number of at least 1; got ${String(maxKeys)}.`)
  }
  const windows = new Map<string, number[]>()
  return {
    hit(key, rule, now) {
      const from = now - rule.window * 1000
      const times = (windows.get(key) ?? []).filter((time) => time > from)
      // Re-insert so that Map order is least recently used first.
      windows.delete(key)
      if (times.length >= rule.limit) {
        windows.set(key, times)
        // The request that must leave the window before one more fits.
        const blocking = times[times.length - rule.limit]!
        return { allowed: false, retryAfter: Math.max(1, Math.ceil((blocking - from) / 1000)) }
      }
      times.push(now)
      windows.set(key, times)
      if (windows.size > maxKeys) windows.delete(windows.keys().next().value!)
      return { allowed: true, remaining: rule.limit - times.length }
    },
  }
}

/** The routes limited by default, by path under the base path. */
export type RateLimitedRoute = keyof typeof DEFAULT_RATE_LIMITS

/** `createAuthServer`'s `rateLimits` option. */
export interface RateLimitOptions {
  /** Where the counts live. Default: the store's (`store.rateLimiter`, shared by instances on PostgreSQL), else `createMemoryRateLimiter()` (per process). */
  limiter?: RateLimiter
  /**
   * Limits by route path (`'/email/start'`, `'/wallet/verify'`…), merged over the defaults;
   * `false` turns a route's limits off. Defaults: see `docs/backend.md`.
   */
  routes?: Partial<Record<RateLimitedRoute | (string & {}), RouteRateLimit | false>>
}

function checkRule(route: string, kind: string, rule: RateLimitRule | false | undefined): void {
  if (rule === undefined || rule === false) return
  const ok =
    typeof rule === 'object' &&
    Number.isInteger(rule.limit) &&
    rule.limit >= 1 &&
    typeof rule.window === 'number' &&
    Number.isFinite(rule.window) &&
    rule.window > 0
  if (!ok) {
    throw new TypeError(
      `latchkey: \`rateLimits.routes['${route}'].${kind}\` must be { limit: whole number ≥ 1, window: seconds > 0 } or false; got ${JSON.stringify(rule)}.`,
    )
  }
}

/** Resolves the `rateLimits` option into a per-route table (or `undefined` when off). @internal */
export function resolveRateLimits(
  option: false | RateLimitOptions | undefined,
  storeLimiter?: RateLimiter,
): { limiter: RateLimiter; routes: Map<string, RouteRateLimit> } | undefined {
  if (option === false) return undefined
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    throw new TypeError(`latchkey: \`rateLimits\` must be false or { limiter?, routes? }; got ${JSON.stringify(option)}.`)
  }
  const routes = new Map<string, RouteRateLimit>(Object.entries(DEFAULT_RATE_LIMITS))
  for (const [route, limits] of Object.entries(option?.routes ?? {})) {
    if (limits === false || limits === undefined) {
      routes.delete(route)
      continue
    }
    checkRule(route, 'perIp', limits.perIp)
    checkRule(route, 'perIdentifier', limits.perIdentifier)
    routes.set(route, { ...routes.get(route), ...limits })
  }
  return { limiter: option?.limiter ?? storeLimiter ?? createMemoryRateLimiter(), routes }
}

/**
 * The client's IP address: the socket's (passed by the Node adapter), or with `trustProxy: n`
 * the address `n` hops back in `X-Forwarded-For` (each proxy appends the address it saw, so
 * only the last `n` entries are written by proxies you run; earlier ones are whatever the
 * client sent). `true` is one proxy. @internal
 */
export function clientIp(request: Request, socketIp: string | undefined, trustProxy: number): string | undefined {
  if (trustProxy > 0) {
    const forwarded = request.headers
      .get('x-forwarded-for')
      ?.split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
    if (forwarded && forwarded.length > 0) return forwarded[Math.max(0, forwarded.length - trustProxy)]
  }
  return socketIp
}

/**
 * The rate-limit bucket of an address: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64,
 * since one home or server usually gets a whole /64 and could rotate through it. @internal
 */
export function ipBucket(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail] = address.split('::') as [string, string | undefined]
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
