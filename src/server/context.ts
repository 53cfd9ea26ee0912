import type { Mailer, SentMail } from './mailers.js'
import type { AuthStore } from './store.js'
import type { ServerKeys } from './keys.js'

/** What every route gets: the resolved options and the request. @internal */
export interface ServerContext {
  store: AuthStore
  mailer: Mailer
  now(): number
  /** The signing key and the code secret, loaded (or created) on first use. */
  keys(): Promise<ServerKeys>
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
}

export interface RouteContext extends ServerContext {
  request: Request
  url: URL
  /** `:name` segments of the route path. */
  params: Record<string, string>
}

/** One route handler per file under `routes/`. */
export type RouteHandler = (ctx: RouteContext) => Promise<Response>
