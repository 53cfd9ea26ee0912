/**
 * `latchkey/server`: the reference auth server as a Web `fetch` handler, its stores and mailers.
 * Runs anywhere with Web Crypto. Node-only pieces live in `latchkey/server/node`,
 * `latchkey/server/pglite`, `latchkey/server/pg` and `latchkey/server/vite`.
 */
export { createAuthServer } from './server.js'
export type { AuthServer, AuthServerOptions } from './server.js'
export { AuthServerError } from './errors.js'
export { verifyAccessToken } from './verifyAccessToken.js'
export type { VerifyAccessTokenOptions } from './verifyAccessToken.js'
export { createMemoryStore } from './stores/memory.js'
export { createSqlStore, migrate } from './stores/sql.js'
export type { SqlClient, SqlStoreOptions } from './stores/sql.js'
export type {
  AuthStore,
  CredentialRecord,
  EmailAttemptResult,
  EmailCodeRecord,
  NewCredential,
  PutEmailCodeResult,
  RefreshTokenRecord,
  RevokeReason,
  RotateResult,
  SessionRecord,
  UserRecord,
  UserWithCredentials,
} from './store.js'
export { consoleMailer, memoryMailer } from './mailers.js'
export type { Mail, Mailer, MemoryMailer, SentMail } from './mailers.js'
// --- server-ops (issue 7): backend verification, middleware, hooks, rate limits ---------------
export type { CheckSession } from './verifyAccessToken.js'
export { requireAuth, withAuth } from './middleware.js'
export type { AuthMiddlewareOptions, NodeRequestLike, NodeResponseLike } from './middleware.js'
export type { AuthServerHooks, HookSession, SignInMethod } from './hooks.js'
export { createMemoryRateLimiter } from './ratelimit.js'
export type { MemoryRateLimiter, RateLimitedRoute, RateLimiter, RateLimitOptions, RateLimitResult, RateLimitRule, RouteRateLimit } from './ratelimit.js'
export type { ClientInfo } from './server.js'
// --- server-scale (issue 7): key rotation; the PostgreSQL store is `latchkey/server/pg` --------
export type { KeyRotation, RotateKeysOptions, SigningKeyInfo } from './keys.js'
export type { NewSigningKey, SigningKeyRecord } from './store.js'
// --- wallet-server (issues 4 and 5): wallet sign-in and linking --------------------------------
export type { WalletOptions } from './wallet/options.js'
export type {
  AddCredentialResult,
  ConsumeNonceResult,
  DeleteCredentialResult,
  NewUser,
  NoncePurpose,
  NonceRecord,
  UpdateUserResult,
} from './store.js'
