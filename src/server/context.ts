import type { Mailer, SentMail } from './mailers.js'
import type { AuthStore } from './store.js'
import type { ServerKeys } from './keys.js'
import type { AuthServerHooks } from './hooks.js'
import type { ResolvedWalletOptions } from './wallet/options.js'

/** What every route gets: the resolved options and the request. @internal */
export interface ServerContext {
  store: AuthStore
  mailer: Mailer
  now(): number
  /**
   * The signing keys (current and still-published previous ones) and the code secret, loaded
   * (or created) on first use and cached; `fresh` re-reads the store (at most once a second),
   * for a token naming an unknown `kid` and for the JWKS route.
   */
  keys(options?: { fresh?: boolean }): Promise<ServerKeys>
  issuer: string
  audience: string
  /** Seconds. */
  accessTokenTtl: number
  /** Seconds. */
  sessionTtl: number
  /** Seconds. */
  refreshReuseGrace: number
  /** Codes one address may get per hour. */
  emailCodesPerHour: number
  /** The dev mailbox (newest last), only when `dev` is on. */
  devMailbox: SentMail[] | undefined
  /** `app`: tokens in the JSON body. `cookie`: tokens only in HttpOnly cookies. */
  storage: 'app' | 'cookie'
  basePath: string
  // --- session-proof (issue 3): idle timeout ---
  /** Seconds without user input after which a refresh ends the session; undefined: off. */
  idleTimeout: number | undefined
  // --- server-ops (issue 7): hooks, logger -------------------------------------------------
  /** The app's hooks (validated; missing ones are no-ops). */
  hooks: AuthServerHooks
  /** Where hook failures and unexpected errors are reported. */
  logger: { error(...args: unknown[]): void }
  // --- wallet-server (issues 4 and 5): wallet sign-in ------------------------------------------
  /** What wallet sign-in messages are accepted (domains, URIs, chains, RPC). */
  wallets: ResolvedWalletOptions
}

export interface RouteContext extends ServerContext {
  request: Request
  url: URL
  /** `:name` segments of the route path. */
  params: Record<string, string>
  // --- server-ops (issue 7): rate limits ----------------------------------------------------
  /** The client's IP (socket, or `X-Forwarded-For` with `trustProxy`), when known. */
  clientIp: string | undefined
  /**
   * Takes one request against this route's per-identifier limit (an email, a wallet address),
   * throwing `429 rate_limited` with `Retry-After` when over. A no-op when limits are off or
   * the route has none. Call it once the identifier is parsed, before any work.
   */
  limitIdentifier(identifier: string): Promise<void>
}

/** One route handler per file under `routes/`. */
export type RouteHandler = (ctx: RouteContext) => Promise<Response>
