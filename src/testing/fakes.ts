/**
 * Deterministic stand-ins for latchkey's platform edges (storage, clock and timers, Web
 * Locks, BroadcastChannel, page lifecycle) and a small in-memory auth API, for testing
 * apps and latchkey itself without a browser or a server. Every fake behaves like the
 * real thing in the ways the session engine relies on; the comments say where it is
 * simpler.
 */
import type {
  BroadcastChannelLike,
  ChannelFactory,
  Clock,
  FetchLike,
  LockManagerLike,
  LockRequestOptions,
  SessionBody,
  Timers,
  TokenResponse,
  User,
  VisibilitySource,
  WakeReason,
} from '../core/index.js'
import { createMemoryStorage } from '../core/index.js'

/** A `KeyValueStorage` in memory; share one between clients to model tabs of one browser. */
export { createMemoryStorage }

const abortError = () => new DOMException('The operation was aborted.', 'AbortError')

// ---------------------------------------------------------------------------------------
// Clock and timers

/** A clock and timers that move only when told to. */
export interface FakeTime {
  clock: Clock
  timers: Timers
  now(): number
  /** Moves time forward by `ms`, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>
  /** Sets the clock without firing timers (a laptop waking from sleep fires them late). */
  jump(ms: number): void
  /** Timers not yet fired. */
  pending(): number
}

/**
 * Fake time for tests that do not use vitest's fake timers. `advance` is async because the
 * engine's work between timers is promise-based.
 *
 * @example
 * const time = createFakeTime(Date.UTC(2026, 0, 1))
 * const client = createAuthClient({ clock: time.clock, timers: time.timers, ... })
 * await time.advance(15 * 60_000)
 */
export function createFakeTime(start = 0): FakeTime {
  let current = start
  let sequence = 0
  const queue = new Map<number, { at: number; order: number; callback: () => void }>()
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  }
  return {
    clock: { now: () => current },
    timers: {
      setTimeout(callback, ms) {
        const id = (sequence += 1)
        queue.set(id, { at: current + Math.max(0, ms), order: id, callback })
        return id
      },
      clearTimeout(handle) {
        queue.delete(handle as number)
      },
    },
    now: () => current,
    async advance(ms) {
      const end = current + ms
      await settle()
      for (;;) {
        let next: [number, { at: number; order: number; callback: () => void }] | undefined
        for (const entry of queue) {
          if (entry[1].at > end) continue
          if (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].order < next[1].order)) next = entry
        }
        if (!next) break
        queue.delete(next[0])
        current = Math.max(current, next[1].at)
        next[1].callback()
        await settle()
      }
      current = end
      await settle()
    },
    jump(ms) {
      current += ms
    },
    pending: () => queue.size,
  }
}

// ---------------------------------------------------------------------------------------
// Web Locks

/** A `navigator.locks` stand-in shared by every client of one simulated browser. */
export interface FakeLockManager extends LockManagerLike {
  /** Grants so far, by name. */
  grants(name?: string): number
  /** Holds `name` until the returned function is called: an orphaned lock (a frozen tab). */
  hold(name: string): () => void
  isHeld(name: string): boolean
}

/**
 * Exclusive locks granted in request order, with `ifAvailable`, `signal` and `steal` as
 * Web Locks define them (https://w3c.github.io/web-locks/). A stolen lock's holder keeps
 * running; only its hold ends, as in browsers.
 */
export function createFakeLockManager(): FakeLockManager {
  interface Waiter {
    grant: () => void
  }
  const holders = new Map<string, symbol>()
  const queues = new Map<string, Waiter[]>()
  const grantCount = new Map<string, number>()

  const countGrant = (name: string) => grantCount.set(name, (grantCount.get(name) ?? 0) + 1)
  const release = (name: string, token: symbol) => {
    if (holders.get(name) !== token) return
    holders.delete(name)
    const next = queues.get(name)?.shift()
    next?.grant()
  }
  const acquire = (name: string, options: LockRequestOptions): Promise<symbol | null> => {
    const token = Symbol(name)
    if (options.steal) {
      holders.set(name, token)
      countGrant(name)
      return Promise.resolve(token)
    }
    if (!holders.has(name) && (queues.get(name)?.length ?? 0) === 0) {
      holders.set(name, token)
      countGrant(name)
      return Promise.resolve(token)
    }
    if (options.ifAvailable) return Promise.resolve(null)
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(abortError())
      const waiter: Waiter = {
        grant: () => {
          options.signal?.removeEventListener('abort', onAbort)
          holders.set(name, token)
          countGrant(name)
          resolve(token)
        },
      }
      const onAbort = () => {
        const queue = queues.get(name) ?? []
        const index = queue.indexOf(waiter)
        if (index >= 0) queue.splice(index, 1)
        reject(abortError())
      }
      options.signal?.addEventListener('abort', onAbort, { once: true })
      queues.set(name, [...(queues.get(name) ?? []), waiter])
    })
  }

  return {
    async request(name, options, callback) {
      const token = await acquire(name, options)
      if (token === null) return callback(null)
      try {
        return await callback({ name, mode: 'exclusive' })
      } finally {
        release(name, token)
      }
    },
    grants: (name) => (name === undefined ? [...grantCount.values()].reduce((a, b) => a + b, 0) : (grantCount.get(name) ?? 0)),
    hold(name) {
      const token = Symbol(name)
      if (holders.has(name)) throw new Error(`fake lock: "${name}" is already held`)
      holders.set(name, token)
      return () => release(name, token)
    },
    isHeld: (name) => holders.has(name),
  }
}

// ---------------------------------------------------------------------------------------
// BroadcastChannel

/** Channels of one simulated browser: a message reaches every other open channel of its name. */
export interface FakeChannelHub {
  factory: ChannelFactory
  /** Every message posted, in order. */
  readonly posted: ReadonlyArray<{ name: string; data: unknown }>
  /** Open channels. */
  open(): number
}

/** `BroadcastChannel` semantics: never delivered to the sender, delivered asynchronously (a microtask here), structured-cloned. */
export function createFakeChannelHub(): FakeChannelHub {
  const channels = new Set<{ name: string; listeners: Set<(event: { data: unknown }) => void> }>()
  const posted: Array<{ name: string; data: unknown }> = []
  return {
    posted,
    open: () => channels.size,
    factory(name): BroadcastChannelLike {
      const self = { name, listeners: new Set<(event: { data: unknown }) => void>() }
      channels.add(self)
      let closed = false
      return {
        postMessage(message) {
          if (closed) throw new DOMException('The channel is closed.', 'InvalidStateError')
          const data = structuredClone(message)
          posted.push({ name, data })
          for (const other of channels) {
            if (other === self || other.name !== name) continue
            queueMicrotask(() => {
              if (!channels.has(other)) return
              for (const listener of [...other.listeners]) listener({ data: structuredClone(data) })
            })
          }
        },
        addEventListener: (_type, listener) => void self.listeners.add(listener),
        removeEventListener: (_type, listener) => void self.listeners.delete(listener),
        close() {
          closed = true
          channels.delete(self)
        },
      }
    },
  }
}

// ---------------------------------------------------------------------------------------
// Page lifecycle

/** A page-lifecycle source you trigger by hand. */
export interface FakeVisibility {
  source: VisibilitySource
  wake(reason?: WakeReason): void
  listeners(): number
}

/** @example const visibility = createFakeVisibility(); visibility.wake('online') */
export function createFakeVisibility(): FakeVisibility {
  const listeners = new Set<(reason: WakeReason) => void>()
  return {
    source: {
      subscribe(listener) {
        const entry = (reason: WakeReason) => listener(reason)
        listeners.add(entry)
        return () => listeners.delete(entry)
      },
    },
    wake(reason = 'visible') {
      for (const listener of [...listeners]) listener(reason)
    },
    listeners: () => listeners.size,
  }
}

// ---------------------------------------------------------------------------------------
// An in-memory auth API

/** How the fake API should fail, until set back to `null`. */
export type FakeFailure = 'network' | 'timeout' | 500 | 502 | 503 | 429 | null

export interface FakeAuthApiOptions {
  /** The server's clock. Default `Date.now`. */
  now?: () => number
  baseUrl?: string
  /** ms. Default 15 minutes. */
  accessTokenTtl?: number
  /** ms. Default 7 days. */
  sessionTtl?: number
  /** ms in which re-presenting the parent of the live refresh token returns the same child. Default 10 000. */
  reuseGrace?: number
  /** The code every email sign-in accepts. Default `123456`. */
  code?: string
}

export interface FakeAuthRequest {
  method: string
  path: string
  body: unknown
  authorization: string | null
  at: number
}

/** A fake auth API with the protocol's refresh semantics: rotation, reuse detection with a grace window, revocation, absolute expiry. */
export interface FakeAuthApi {
  fetch: FetchLike
  readonly requests: FakeAuthRequest[]
  count(path: string): number
  /** Makes requests to `paths` (default: all) fail. */
  fail(failure: FakeFailure, paths?: string[]): void
  /** Creates a session directly (as after a sign-in) and returns its token response. */
  issue(email?: string): TokenResponse
  /** Changes a user's profile, as `PATCH /me` would. */
  updateUser(userId: string, patch: Partial<Pick<User, 'name' | 'alias'>>): void
  revoke(sessionId: string): void
  /** Successful rotations (new token pairs), grace-window replays excluded. */
  readonly rotations: number
  /** Times a rotated token was presented outside the grace window. */
  readonly reuseDetections: number
  readonly logouts: number
}

interface FakeSession {
  id: string
  userId: string
  expiresAt: number
  revoked: boolean
  current: { refreshToken: string; accessToken: string; accessTokenExpiresAt: number; issuedAt: number }
  parent: { refreshToken: string; rotatedAt: number } | null
  used: Set<string>
}

/**
 * @example
 * const api = createFakeAuthApi()
 * const client = createAuthClient({ fetch: api.fetch, storageAdapter: createMemoryStorage() })
 */
export function createFakeAuthApi(options: FakeAuthApiOptions = {}): FakeAuthApi {
  const now = options.now ?? (() => Date.now())
  const base = (options.baseUrl ?? '/auth').replace(/\/$/, '')
  const accessTtl = options.accessTokenTtl ?? 15 * 60_000
  const sessionTtl = options.sessionTtl ?? 7 * 24 * 60 * 60_000
  const grace = options.reuseGrace ?? 10_000
  const code = options.code ?? '123456'

  const users = new Map<string, User>()
  const sessions = new Map<string, FakeSession>()
  const requests: FakeAuthRequest[] = []
  let failure: FakeFailure = null
  let failPaths: string[] | null = null
  let counter = 0
  let rotations = 0
  let reuseDetections = 0
  let logouts = 0

  const id = (prefix: string) => `${prefix}_${(counter += 1).toString(36)}`
  const json = (status: number, body: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    })
  const error = (status: number, code: string, message: string) => json(status, { error: code, message })

  const userFor = (email: string): User => {
    for (const user of users.values()) if (user.email === email) return user
    const user: User = {
      id: id('user'),
      email,
      alias: null,
      name: null,
      verifiedCredentials: [{ id: id('cred'), format: 'email', email }],
      primaryWalletId: null,
      createdAt: now(),
    }
    users.set(user.id, user)
    return user
  }

  const tokens = (session: FakeSession) => {
    const issuedAt = now()
    return {
      refreshToken: id(`rt_${session.id}`),
      accessToken: id(`at_${session.id}`),
      accessTokenExpiresAt: Math.min(issuedAt + accessTtl, session.expiresAt),
      issuedAt,
    }
  }

  const respond = (session: FakeSession): TokenResponse => {
    const user = users.get(session.userId) as User
    const body: SessionBody = {
      id: session.id,
      user: structuredClone(user),
      accessTokenExpiresAt: session.current.accessTokenExpiresAt,
      expiresAt: session.expiresAt,
      serverNow: now(),
    }
    return { session: body, accessToken: session.current.accessToken, refreshToken: session.current.refreshToken }
  }

  const issue = (email = 'ada@example.com'): TokenResponse => {
    const user = userFor(email)
    const session: FakeSession = {
      id: id('sess'),
      userId: user.id,
      expiresAt: now() + sessionTtl,
      revoked: false,
      current: { refreshToken: '', accessToken: '', accessTokenExpiresAt: 0, issuedAt: 0 },
      parent: null,
      used: new Set(),
    }
    session.current = tokens(session)
    sessions.set(session.id, session)
    return respond(session)
  }

  const findByRefresh = (token: string) => {
    for (const session of sessions.values()) {
      if (session.current.refreshToken === token || session.used.has(token)) return session
    }
    return null
  }

  const refresh = (token: unknown) => {
    if (typeof token !== 'string' || token === '') return error(400, 'invalid_request', '`refreshToken` must be a string.')
    const session = findByRefresh(token)
    if (!session) return error(401, 'invalid_grant', 'Unknown refresh token.')
    if (session.revoked) return error(401, 'session_revoked', 'The session was revoked.')
    if (now() >= session.expiresAt) return error(401, 'session_expired', 'The session has ended.')
    if (session.current.refreshToken === token) {
      session.used.add(token)
      session.parent = { refreshToken: token, rotatedAt: now() }
      session.current = tokens(session)
      rotations += 1
      return json(200, respond(session))
    }
    if (session.parent?.refreshToken === token && now() - session.parent.rotatedAt <= grace) {
      return json(200, respond(session))
    }
    reuseDetections += 1
    session.revoked = true
    return error(401, 'reuse_detected', 'A refresh token was used twice; the session was ended.')
  }

  const handle = async (method: string, path: string, body: Record<string, unknown>, authorization: string | null) => {
    if (method === 'POST' && path === '/email/start') {
      if (typeof body.email !== 'string' || !body.email.includes('@')) return error(400, 'invalid_email', 'Enter a valid email address.')
      return json(200, { expiresAt: now() + 10 * 60_000, resendAvailableAt: now() + 30_000, serverNow: now() })
    }
    if (method === 'POST' && path === '/email/verify') {
      if (typeof body.email !== 'string') return error(400, 'invalid_email', 'Enter a valid email address.')
      if (body.code !== code) return json(400, { error: 'invalid_code', message: 'Wrong code.', attemptsLeft: 4 })
      return json(200, issue(body.email))
    }
    if (method === 'POST' && path === '/refresh') return refresh(body.refreshToken)
    if (method === 'POST' && path === '/logout') {
      const session = typeof body.refreshToken === 'string' ? findByRefresh(body.refreshToken) : null
      if (!session) return error(401, 'invalid_grant', 'Unknown refresh token.')
      session.revoked = true
      logouts += 1
      return new Response(null, { status: 204 })
    }
    if (method === 'GET' && path === '/me') {
      const token = authorization?.replace(/^Bearer /, '')
      const session = [...sessions.values()].find((candidate) => candidate.current.accessToken === token)
      if (!session || session.revoked) return error(401, 'invalid_token', 'Unknown access token.')
      if (now() >= session.current.accessTokenExpiresAt) return error(401, 'token_expired', 'The access token has expired.')
      return json(200, { user: users.get(session.userId) })
    }
    return error(404, 'not_found', `No route ${method} ${path}.`)
  }

  const fetch: FetchLike = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = url.startsWith(base) ? url.slice(base.length) : new URL(url, 'http://fake.test').pathname.slice(base.length)
    const method = (init.method ?? 'GET').toUpperCase()
    const headers = new Headers(init.headers)
    let body: Record<string, unknown> = {}
    if (typeof init.body === 'string') body = JSON.parse(init.body) as Record<string, unknown>
    requests.push({ method, path, body, authorization: headers.get('authorization'), at: now() })
    if (failure !== null && (failPaths === null || failPaths.includes(path))) {
      if (failure === 'network') throw new TypeError('Failed to fetch')
      if (failure === 'timeout') {
        return new Promise<Response>((_resolve, reject) => {
          const signal = init.signal
          if (signal?.aborted) return reject(abortError())
          signal?.addEventListener('abort', () => reject(abortError()), { once: true })
        })
      }
      return failure === 429
        ? error(429, 'rate_limited', 'Slow down.')
        : new Response('<html>Bad gateway</html>', { status: failure, headers: { 'content-type': 'text/html' } })
    }
    if (method !== 'GET' && headers.get('x-latchkey') !== '1') return error(403, 'csrf_failed', 'Missing the x-latchkey header.')
    return handle(method, path, body, headers.get('authorization'))
  }

  return {
    fetch,
    requests,
    count: (path) => requests.filter((request) => request.path === path).length,
    fail(next, paths) {
      failure = next
      failPaths = paths ?? null
    },
    issue,
    updateUser(userId, patch) {
      const user = users.get(userId)
      if (!user) throw new Error(`fake auth api: no user ${userId}`)
      users.set(userId, { ...user, ...patch })
    },
    revoke(sessionId) {
      const session = sessions.get(sessionId)
      if (session) session.revoked = true
    },
    get rotations() {
      return rotations
    },
    get reuseDetections() {
      return reuseDetections
    },
    get logouts() {
      return logouts
    },
  }
}
