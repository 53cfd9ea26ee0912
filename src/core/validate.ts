import type { ActiveSession, EmailStartResponse, SessionBody, TokenResponse, User, VerifiedCredential } from './protocol.js'

/**
 * @internal Shape checks for what comes from outside the process: server answers and
 * storage (another tab, an older version, or a user's devtools may have written it).
 * Each returns the value or `null`; callers turn `null` into `invalid_response` or
 * "signed out".
 */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0
const isString = (value: unknown): value is string => typeof value === 'string'
const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string'
const optionalString = (value: unknown) => value === undefined || typeof value === 'string'

function parseCredential(value: unknown): VerifiedCredential | null {
  if (!isObject(value) || !isString(value.id)) return null
  if (value.format !== 'blockchain' && value.format !== 'email') return null
  if (![value.chain, value.address, value.walletName, value.email].every(optionalString)) return null
  return value as unknown as VerifiedCredential
}

/** @internal */
export function parseUser(value: unknown): User | null {
  if (!isObject(value) || !isString(value.id) || value.id === '') return null
  if (!isNullableString(value.email ?? null) || !isNullableString(value.alias ?? null) || !isNullableString(value.name ?? null)) {
    return null
  }
  if (!Array.isArray(value.verifiedCredentials) || !value.verifiedCredentials.every((item) => parseCredential(item) !== null)) {
    return null
  }
  if (!isTime(value.createdAt)) return null
  if (!isNullableString(value.primaryWalletId ?? null)) return null
  // Missing nullable fields become null so the object always has the documented shape
  // (a session stored before `primaryWalletId` existed reads as having none).
  return {
    ...value,
    email: value.email ?? null,
    alias: value.alias ?? null,
    name: value.name ?? null,
    primaryWalletId: value.primaryWalletId ?? null,
  } as User
}

/** @internal */
export function parseSessionBody(value: unknown): SessionBody | null {
  if (!isObject(value) || !isString(value.id) || value.id === '') return null
  if (!isTime(value.accessTokenExpiresAt) || !isTime(value.expiresAt) || !isTime(value.serverNow)) return null
  const user = parseUser(value.user)
  if (user === null) return null
  return {
    id: value.id,
    user,
    accessTokenExpiresAt: value.accessTokenExpiresAt,
    expiresAt: value.expiresAt,
    serverNow: value.serverNow,
  }
}

/** @internal `mode: 'app'` requires both tokens; `cookie` ignores any. */
export function parseTokenResponse(value: unknown, mode: 'app' | 'cookie'): TokenResponse | null {
  if (!isObject(value)) return null
  const session = parseSessionBody(value.session)
  if (session === null) return null
  if (mode === 'cookie') return { session }
  if (!isString(value.accessToken) || value.accessToken === '' || !isString(value.refreshToken) || value.refreshToken === '') {
    return null
  }
  return { session, accessToken: value.accessToken, refreshToken: value.refreshToken }
}

/** @internal */
export function parseEmailStartResponse(value: unknown): EmailStartResponse | null {
  if (!isObject(value) || !isTime(value.expiresAt) || !isTime(value.resendAvailableAt) || !isTime(value.serverNow)) return null
  return { expiresAt: value.expiresAt, resendAvailableAt: value.resendAvailableAt, serverNow: value.serverNow }
}

/** @internal `GET /me` answers `{ user }`; a bare user object is accepted too. */
export function parseMeResponse(value: unknown): User | null {
  if (isObject(value) && isObject(value.user)) return parseUser(value.user)
  return parseUser(value)
}

/** @internal `GET /sessions` answer. */
export function parseSessionList(value: unknown): ActiveSession[] | null {
  if (!isObject(value) || !Array.isArray(value.sessions)) return null
  const valid = value.sessions.every(
    (item: unknown) =>
      isObject(item) &&
      isString(item.id) &&
      isTime(item.createdAt) &&
      isTime(item.lastUsedAt) &&
      isTime(item.expiresAt) &&
      isNullableString(item.userAgent ?? null) &&
      typeof item.current === 'boolean',
  )
  return valid ? (value.sessions as ActiveSession[]) : null
}
