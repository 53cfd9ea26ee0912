import type {
  AuthStore,
  CredentialRecord,
  EmailCodeRecord,
  RefreshTokenRecord,
  SessionRecord,
  UserRecord,
  UserWithCredentials,
} from '../store.js'

/**
 * An in-memory `AuthStore`: for tests, Storybook and in-browser servers. Imports nothing
 * Node-only. Every method does its check-and-set synchronously (no `await` between reading and
 * writing), which is what makes each one atomic on a single JS thread.
 *
 * @example
 * const server = createAuthServer({ store: createMemoryStore() })
 */
export function createMemoryStore(): AuthStore {
  const secrets = new Map<string, string>()
  const codes = new Map<string, EmailCodeRecord>()
  const users = new Map<string, UserRecord>()
  const credentials = new Map<string, CredentialRecord>() // by key
  const sessions = new Map<string, SessionRecord>()
  const tokens = new Map<string, RefreshTokenRecord>()

  const withCredentials = (user: UserRecord): UserWithCredentials => ({
    ...user,
    credentials: [...credentials.values()]
      .filter((c) => c.userId === user.id)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => ({ ...c })),
  })
  const isActive = (session: SessionRecord, now: number) => session.revokedAt === null && session.expiresAt > now

  return {
    async getOrCreateSecret(name, candidate) {
      if (!secrets.has(name)) secrets.set(name, candidate)
      return secrets.get(name)!
    },

    async putEmailCode({ email, codeMac, now, expiresAt, cooldownFrom, windowFrom, maxSends }) {
      const current = codes.get(email)
      if (current && current.consumedAt === null && current.sentAt > cooldownFrom) {
        return { status: 'cooldown', code: { ...current } }
      }
      const windowOpen = current !== undefined && current.windowStartedAt > windowFrom
      if (windowOpen && current.windowSends >= maxSends) return { status: 'rate_limited', code: { ...current } }
      const code: EmailCodeRecord = {
        email,
        codeMac,
        sentAt: now,
        expiresAt,
        attempts: 0,
        consumedAt: null,
        windowStartedAt: windowOpen ? current.windowStartedAt : now,
        windowSends: windowOpen ? current.windowSends + 1 : 1,
      }
      codes.set(email, code)
      return { status: 'sent', code: { ...code } }
    },

    async takeEmailCodeAttempt({ email, now, maxAttempts }) {
      const code = codes.get(email)
      if (!code) return { status: 'missing' }
      if (code.consumedAt !== null) return { status: 'used', code: { ...code } }
      if (code.expiresAt <= now) return { status: 'expired', code: { ...code } }
      if (code.attempts >= maxAttempts) return { status: 'exhausted', code: { ...code } }
      code.attempts += 1
      return { status: 'taken', code: { ...code } }
    },

    async consumeEmailCode({ email, codeMac, now }) {
      const code = codes.get(email)
      if (!code || code.codeMac !== codeMac || code.consumedAt !== null) return false
      code.consumedAt = now
      return true
    },

    async getUser(id) {
      const user = users.get(id)
      return user ? withCredentials(user) : null
    },

    async findOrCreateUser({ user, credential }) {
      const existing = credentials.get(credential.key)
      if (existing) return { user: withCredentials(users.get(existing.userId)!), created: false }
      users.set(user.id, { ...user })
      credentials.set(credential.key, {
        id: credential.id,
        userId: user.id,
        format: credential.format,
        key: credential.key,
        chain: credential.chain ?? null,
        address: credential.address ?? null,
        walletName: credential.walletName ?? null,
        email: credential.email ?? null,
        createdAt: user.createdAt,
      })
      return { user: withCredentials(user), created: true }
    },

    async createSession({ session, refreshTokenHash }) {
      sessions.set(session.id, { ...session })
      tokens.set(refreshTokenHash, {
        hash: refreshTokenHash,
        sessionId: session.id,
        parentHash: null,
        createdAt: session.createdAt,
        rotatedAt: null,
        childHash: null,
        childSealed: null,
      })
    },

    async getSession(id) {
      const session = sessions.get(id)
      return session ? { ...session } : null
    },

    async listActiveSessions(userId, now) {
      return [...sessions.values()]
        .filter((s) => s.userId === userId && isActive(s, now))
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((s) => ({ ...s }))
    },

    async findRefreshToken(hash) {
      const token = tokens.get(hash)
      return token ? { ...token } : null
    },

    async rotateRefreshToken({ hash, childHash, childSealed, now }) {
      const token = tokens.get(hash)
      if (!token) return { status: 'unknown' }
      const session = sessions.get(token.sessionId)!
      if (!isActive(session, now)) return { status: 'inactive', session: { ...session }, token: { ...token } }
      if (token.rotatedAt !== null) {
        const child = token.childHash === null ? undefined : tokens.get(token.childHash)
        return {
          status: 'rotated_before',
          session: { ...session },
          token: { ...token },
          childIsLive: child !== undefined && child.rotatedAt === null,
        }
      }
      token.rotatedAt = now
      token.childHash = childHash
      token.childSealed = childSealed
      tokens.set(childHash, {
        hash: childHash,
        sessionId: session.id,
        parentHash: hash,
        createdAt: now,
        rotatedAt: null,
        childHash: null,
        childSealed: null,
      })
      // The grandparent is no longer the parent of the live token: its sealed copy is useless now.
      if (token.parentHash !== null) {
        const parent = tokens.get(token.parentHash)
        if (parent) parent.childSealed = null
      }
      session.lastUsedAt = now
      return { status: 'rotated', session: { ...session } }
    },

    async revokeSession({ id, now, reason }) {
      const session = sessions.get(id)
      if (!session) return null
      if (session.revokedAt === null) {
        session.revokedAt = now
        session.revokeReason = reason
      }
      return { ...session }
    },

    async close() {},
  }
}
