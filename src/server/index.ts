/**
 * `latchkey/server`: the reference auth server as a Web `fetch` handler, its stores and mailers.
 * Runs anywhere with Web Crypto. Node-only pieces live in `latchkey/server/node`,
 * `latchkey/server/pglite` and `latchkey/server/vite`.
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
