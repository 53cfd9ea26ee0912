import { createAuthClient, createMemoryStorage } from '../core/index.js'
import type { AuthClient, AuthClientOptions, Clock, FetchLike, KeyValueStorage, User } from '../core/index.js'
import { createAuthServer, memoryMailer } from '../server/index.js'
import { createFakeChannelHub, createFakeLockManager } from './fakes.js'
import type { FakeChannelHub, FakeLockManager, FakeTime } from './fakes.js'
import type { AuthServer, AuthServerOptions, MemoryMailer } from '../server/index.js'

/** Options of `createTestAuth`. */
export interface CreateTestAuthOptions {
  /** The origin the in-process server pretends to live at. Default `http://localhost`. */
  origin?: string
  /** Server options (store, token lifetimes, ...). The mailer is always the test mailer. */
  server?: Omit<AuthServerOptions, 'mailer' | 'clock'>
  /** Client options. `baseUrl` and `fetch` are always the in-process server's. */
  client?: Omit<AuthClientOptions, 'baseUrl' | 'fetch' | 'clock'>
  /**
   * One clock for the server, the mailer and the client. Default `Date.now`, so
   * `vi.useFakeTimers()` moves all three together.
   */
  clock?: Clock
  // --- fake clock (issue 6, kit) ---
  /**
   * How `advanceToWarning`/`advanceToExpiry` move time. With Vitest:
   * `advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms)` after `vi.useFakeTimers()`, so the
   * server, the client and components reading `Date.now` move together.
   */
  advanceTime?: (ms: number) => unknown
  /**
   * A `createFakeTime()` instead: its clock serves the server, the mailer and the client, its
   * timers the client, and `advanceTime` is its `advance`. For engine-only tests without React.
   */
  time?: FakeTime
}

/** What `createTestAuth` returns. */
export interface TestAuth {
  /** The real auth server (memory store unless `options.server.store` says otherwise). */
  server: AuthServer
  /** A client wired to `server`: app storage mode, in the simulated `browser`. */
  client: AuthClient
  /**
   * The simulated browser `client` lives in: its storage (memory), its tab channel and
   * its Web Locks, shared by `openTab` and `reload` clients and by nothing else.
   */
  browser: { storage: KeyValueStorage; channels: FakeChannelHub; locks: FakeLockManager }
  /** Every mail the server sent. */
  mailer: MemoryMailer
  /**
   * `fetch` that hands requests straight to `server` (no network); fails while `offline`.
   * The clients call it through this property, so a test may wrap it to hold, fail or
   * inspect requests.
   */
  fetch: FetchLike
  /** The auth server's base URL as the client sees it. */
  baseUrl: string
  /** While true, `fetch` rejects as a browser does offline (`TypeError: Failed to fetch`). */
  offline: boolean
  /** The code in the newest mail to `email`; throws when none was sent. */
  lastCode(email: string): string
  /** Signs `client` in with the real email flow (start, read the mail, verify). */
  signIn(email?: string): Promise<User>
  /** Another client on the same server: a second device, with its own storage, channel and locks. */
  createClient(options?: CreateTestAuthOptions['client']): AuthClient
  /**
   * Another tab of `client`'s browser: same storage, tab channel and locks, so sign-in,
   * sign-out and refreshes are shared as between real tabs.
   */
  openTab(): AuthClient
  /**
   * A new client over `client`'s storage, as after a page reload: it restores the stored
   * session. Becomes `client` from then on.
   */
  reload(): AuthClient
  /** Closes the server's store. */
  close(): Promise<void>
  // --- fake clock (issue 6, kit) ---
  /**
   * Moves the shared clock to the moment `client`'s session shows its expiry warning
   * (`expiring: true`, `SESSION_EXPIRING`). Needs `advanceTime` or `time`, and a signed-in client.
   */
  advanceToWarning(): Promise<void>
  /**
   * Moves the shared clock to the session's absolute end: the client signs out (`expired`)
   * and the server refuses the session's tokens. Needs `advanceTime` or `time`.
   */
  advanceToExpiry(): Promise<void>
}

let instances = 0

/**
 * A real latchkey server and a client talking to it in-process: the email flow sends
 * real codes (read them with `lastCode`), tokens are real ES256 JWTs, refresh rotates
 * for real. Runs in Vitest (happy-dom, jsdom, node) and in a browser.
 *
 * @example
 * const auth = createTestAuth()
 * render(<AuthProvider client={auth.client}><App /></AuthProvider>)
 * await auth.signIn('ada@example.com')
 * expect(await screen.findByText('ada@example.com')).toBeVisible()
 */
export function createTestAuth(options: CreateTestAuthOptions = {}): TestAuth {
  const origin = new URL(options.origin ?? 'http://localhost').origin
  if (options.time && options.clock) {
    throw new TypeError('latchkey/testing: pass `time` or `clock`, not both: `time` brings its own clock.')
  }
  const clock = options.clock ?? options.time?.clock
  const advanceTime = options.advanceTime ?? (options.time ? (ms: number) => options.time!.advance(ms) : undefined)
  const warnBefore = options.client?.warnBefore ?? 5 * 60_000
  const mailer = memoryMailer(clock ? { clock } : {})
  const server = createAuthServer({ ...options.server, mailer, ...(clock ? { clock } : {}) })
  const baseUrl = `${origin}${server.basePath}`
  const instance = ++instances
  const browser = {
    storage: options.client?.storageAdapter ?? createMemoryStorage(),
    channels: createFakeChannelHub(),
    locks: createFakeLockManager(),
  }
  const inBrowser = () => ({
    ...options.client,
    storageAdapter: browser.storage,
    channel: browser.channels.factory,
    lock: browser.locks,
  })

  // Requests on their way through the server: its ES256 signing finishes on real time.
  const inFlight = new Set<Promise<Response>>()
  const testAuth: TestAuth = {
    server,
    browser,
    mailer,
    baseUrl,
    offline: false,
    fetch: async (input, init) => {
      if (testAuth.offline) throw new TypeError('Failed to fetch')
      const url = input instanceof Request ? input.url : new URL(String(input), origin).href
      const response = server.fetch(new Request(url, input instanceof Request ? input : init))
      const settled = () => inFlight.delete(response)
      inFlight.add(response)
      response.then(settled, settled)
      return response
    },
    client: undefined as unknown as AuthClient,
    lastCode(email) {
      const mail = mailer.last(email)
      if (!mail) {
        throw new Error(
          `latchkey/testing: no code was sent to ${email}. Start the email sign-in first (client.startEmailSignIn or the LoginModal).`,
        )
      }
      return mail.code
    },
    async signIn(email = 'ada@example.com') {
      try {
        await testAuth.client.startEmailSignIn({ email })
      } catch (error) {
        // A code went out moments ago and still works: use it.
        if ((error as { code?: unknown }).code !== 'resend_cooldown') throw error
      }
      return testAuth.client.verifyEmailSignIn({ email, code: testAuth.lastCode(email) })
    },
    createClient(clientOptions = {}) {
      return createAuthClient({
        storage: 'app',
        // A device of its own. Never the real BroadcastChannel or Web Locks: tests in one
        // process must not reach each other, nor happy-dom's window events leak between them.
        storageAdapter: createMemoryStorage(),
        storageKey: `latchkey.test.${instance}`,
        channel: null,
        lock: null,
        visibility: null,
        ...clientOptions,
        baseUrl,
        fetch: (input, init) => testAuth.fetch(input, init),
        ...(clock ? { clock } : {}),
        ...(options.time ? { timers: options.time.timers } : {}),
      })
    },
    openTab: () => testAuth.createClient(inBrowser()),
    reload() {
      testAuth.client = testAuth.createClient(inBrowser())
      return testAuth.client
    },
    close: () => server.close(),
    advanceToWarning: () => advanceTo('advanceToWarning', (expiresAt) => expiresAt - warnBefore),
    advanceToExpiry: () => advanceTo('advanceToExpiry', (expiresAt) => expiresAt),
  }

  async function advanceTo(name: string, target: (expiresAt: number) => number) {
    if (!advanceTime) {
      throw new TypeError(
        `latchkey/testing: ${name}() needs a way to move time. Call vi.useFakeTimers() and pass createTestAuth({ advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms) }), or pass { time: createFakeTime(Date.now()) }.`,
      )
    }
    const state = testAuth.client.getState()
    if (state.status !== 'authenticated') {
      throw new Error(`latchkey/testing: ${name}() needs a signed-in client (status is ${state.status}). Call auth.signIn() first.`)
    }
    // Session times are on the local clock, skew-corrected; server and client share one clock.
    const now = (clock ?? Date).now()
    const ms = Math.max(0, target(state.session.expiresAt) - now)
    // The engine runs its timers only while someone watches (as a mounted app does).
    const unsubscribe = testAuth.client.subscribe(() => {})
    try {
      await advanceTime(ms)
      // A refresh the timers started may land after the fake clock stopped (signing runs on
      // real time); let it land, then run what it scheduled for this moment.
      for (let round = 0; round < 10 && inFlight.size > 0; round++) {
        await Promise.allSettled(inFlight)
        await advanceTime(0)
      }
    } finally {
      unsubscribe()
    }
  }
  testAuth.client = testAuth.createClient(inBrowser())
  return testAuth
}
