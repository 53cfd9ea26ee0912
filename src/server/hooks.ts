/**
 * App hooks of the auth server: tell the app about new users, sign-ins and sign-outs, and let
 * it add claims to access tokens. A hook that throws is logged and never fails the request:
 * the credential was proven and the store already changed, so failing the answer would only
 * leave the user stuck (see `docs/backend.md`, "Hooks").
 */
import type { User } from '../core/protocol.js'
import { MAX_CUSTOM_CLAIMS_BYTES, RESERVED_CLAIMS } from './constants.js'
import type { AuthStore, RevokeReason, SessionRecord } from './store.js'

/** How the user proved who they are. */
export type SignInMethod = 'email' | 'evm' | 'solana'

/** The session as hooks see it (times in ms, server clock). */
export interface HookSession {
  id: string
  userId: string
  createdAt: number
  expiresAt: number
  userAgent: string | null
}

export interface AuthServerHooks {
  /** A user was created by their first sign-in. Runs before the sign-in answer is sent. */
  onUserCreated?(user: User): void | Promise<void>
  /** A session started (every sign-in, the first one included, after `onUserCreated`). */
  onSignIn?(event: { user: User; session: HookSession; method: SignInMethod }): void | Promise<void>
  /**
   * A session ended before its time: `logout` (the user signed out, or a new sign-in replaced
   * it in cookie mode), `revoked` (from the sessions list) or `reuse_detected` (a refresh token
   * was replayed) or `idle` (the idle timeout). Sessions that simply reach their end fire nothing.
   */
  onSignOut?(event: { userId: string; sessionId: string; reason: RevokeReason }): void | Promise<void>
  /**
   * Extra claims for every access token of the session (sign-in, refresh, linking). Keys that
   * latchkey sets itself (`sub`, `sid`, `exp`, `verified_credentials`…) are ignored and logged,
   * and so is an answer larger than 1 KB (tokens travel in 4 KB cookies).
   */
  customClaims?(event: { user: User; session: HookSession }): Record<string, unknown> | Promise<Record<string, unknown>>
}

type Logger = { error(...args: unknown[]): void }

const HOOK_NAMES = ['onUserCreated', 'onSignIn', 'onSignOut', 'customClaims'] as const

/** Checks the `hooks` option at construction. @internal */
export function checkHooks(hooks: AuthServerHooks | undefined): AuthServerHooks {
  if (hooks === undefined) return {}
  if (typeof hooks !== 'object' || hooks === null) {
    throw new TypeError(`latchkey: \`hooks\` must be an object of functions (${HOOK_NAMES.join(', ')}).`)
  }
  for (const [name, value] of Object.entries(hooks)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(`latchkey: unknown hook \`${name}\`. Hooks are ${HOOK_NAMES.join(', ')}.`)
    }
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`latchkey: hook \`${name}\` must be a function; got ${typeof value}.`)
    }
  }
  return hooks
}

export function hookSession(session: SessionRecord): HookSession {
  return { id: session.id, userId: session.userId, createdAt: session.createdAt, expiresAt: session.expiresAt, userAgent: session.userAgent }
}

/** Runs a hook; a failure is logged, never thrown. @internal */
export async function runHook<A>(logger: Logger, name: string, hook: ((arg: A) => unknown) | undefined, arg: A): Promise<void> {
  if (!hook) return
  try {
    await hook(arg)
  } catch (error) {
    logger.error(`latchkey: the ${name} hook failed; the request went on without it.`, error)
  }
}

/** The app's custom claims, without reserved keys, or `{}` when the hook fails. @internal */
export async function customClaimsOf(
  logger: Logger,
  hook: AuthServerHooks['customClaims'],
  event: { user: User; session: HookSession },
): Promise<Record<string, unknown>> {
  if (!hook) return {}
  let claims: unknown
  try {
    claims = await hook(event)
  } catch (error) {
    logger.error('latchkey: the customClaims hook failed; the token was issued without custom claims.', error)
    return {}
  }
  if (claims === undefined || claims === null) return {}
  if (typeof claims !== 'object' || Array.isArray(claims)) {
    logger.error(`latchkey: customClaims must return a plain object; got ${Array.isArray(claims) ? 'an array' : typeof claims}. Ignored.`)
    return {}
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(claims)) {
    if ((RESERVED_CLAIMS as readonly string[]).includes(key)) {
      logger.error(`latchkey: customClaims may not set \`${key}\` (latchkey sets it). Ignored; rename the claim.`)
      continue
    }
    out[key] = value
  }
  let size: number
  try {
    size = new TextEncoder().encode(JSON.stringify(out)).byteLength
  } catch (error) {
    logger.error('latchkey: customClaims returned something that is not JSON. Ignored.', error)
    return {}
  }
  if (size > MAX_CUSTOM_CLAIMS_BYTES) {
    logger.error(`latchkey: customClaims returned ${size} bytes, more than ${MAX_CUSTOM_CLAIMS_BYTES}. Ignored: keep claims small (ids, roles).`)
    return {}
  }
  return out
}

/**
 * The store as routes see it when `onSignOut` is set: a revocation that this call made (the
 * session was live before and comes back revoked at this `now` with this reason) fires the
 * hook. Two revocations racing in the same millisecond could both fire. @internal
 */
export function storeWithSignOutHook(store: AuthStore, logger: Logger, hook: AuthServerHooks['onSignOut']): AuthStore {
  if (!hook) return store
  const revokeSession: AuthStore['revokeSession'] = async (input) => {
    // Revocation is idempotent in the store; only the call that ended a live session fires.
    const before = await store.getSession(input.id)
    if (!before || before.revokedAt !== null) return store.revokeSession(input)
    const session = await store.revokeSession(input)
    if (session && session.revokedAt === input.now && session.revokeReason === input.reason) {
      await runHook(logger, 'onSignOut', hook, { userId: session.userId, sessionId: session.id, reason: input.reason })
    }
    return session
  }
  // A proxy, not a copy: class-based stores keep their `this` and private fields.
  return new Proxy(store, {
    get(target, property) {
      if (property === 'revokeSession') return revokeSession
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
