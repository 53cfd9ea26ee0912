import type {
  AuthStore,
  NonceRecord,
  CredentialRecord,
  EmailCodeRecord,
  RefreshTokenRecord,
  SessionRecord,
  UserRecord,
  UserWithCredentials,
} from '../store.js'
import type { NewCredential, SigningKeyRecord } from '../store.js'

/** A credential as the store keeps it: optional fields become null. */
const credentialRecord = (credential: NewCredential, userId: string, createdAt: number): CredentialRecord => ({
  id: credential.id,
  userId,
  format: credential.format,
  key: credential.key,
  chain: credential.chain ?? null,
  address: credential.address ?? null,
  walletName: credential.walletName ?? null,
  email: credential.email ?? null,
  createdAt,
})

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
  const nonces = new Map<string, NonceRecord>()
  let signingKeys: SigningKeyRecord[] = [] // issue 7: key rotation

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
      users.set(user.id, { ...user, primaryWalletId: credential.format === 'blockchain' ? credential.id : null })
      credentials.set(credential.key, credentialRecord(credential, user.id, user.createdAt))
      return { user: withCredentials(users.get(user.id)!), created: true }
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

    async rotateRefreshToken({ hash, childHash, childSealed, now, active, activeSince }) {
      const token = tokens.get(hash)
      if (!token) return { status: 'unknown' }
      const session = sessions.get(token.sessionId)!
      if (!isActive(session, now)) return { status: 'inactive', session: { ...session }, token: { ...token } }
      // Idle timeout: input reported with this token happened no earlier than its issue.
      const lastActiveAt = active ? Math.max(session.lastActiveAt, token.createdAt) : session.lastActiveAt
      if (token.rotatedAt === null && activeSince !== undefined && lastActiveAt < activeSince) {
        return { status: 'idle', session: { ...session }, token: { ...token } }
      }
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
      session.lastActiveAt = lastActiveAt
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

    // --- Wallet nonces and linking (issues 4 and 5) -----------------------------------------
    async putNonce({ nonce, pruneBefore }) {
      for (const [key, old] of nonces) if (old.expiresAt < pruneBefore) nonces.delete(key)
      nonces.set(nonce.nonce, { ...nonce })
    },

    async consumeNonce({ nonce, purpose, sessionId, now }) {
      const record = nonces.get(nonce)
      if (!record) return { status: 'unknown' }
      if (record.usedAt !== null) return { status: 'used', nonce: { ...record } }
      if (record.expiresAt <= now) return { status: 'expired', nonce: { ...record } }
      if (record.purpose !== purpose || record.sessionId !== sessionId) return { status: 'purpose_mismatch', nonce: { ...record } }
      record.usedAt = now
      return { status: 'consumed', nonce: { ...record } }
    },

    async addCredential({ userId, credential, now }) {
      const user = users.get(userId)
      if (!user) throw new Error(`latchkey memory store: no user ${userId}`)
      const existing = credentials.get(credential.key)
      if (existing) {
        return existing.userId === userId ? { status: 'exists', user: withCredentials(user), credential: { ...existing } } : { status: 'in_use' }
      }
      const record = credentialRecord(credential, userId, now)
      credentials.set(record.key, record)
      if (record.format === 'email' && user.email === null) user.email = record.email
      if (record.format === 'blockchain' && user.primaryWalletId === null) user.primaryWalletId = record.id
      return { status: 'added', user: withCredentials(user), credential: { ...record } }
    },

    async deleteCredential({ userId, credentialId }) {
      const user = users.get(userId)
      const owned = [...credentials.values()].filter((c) => c.userId === userId)
      const target = owned.find((c) => c.id === credentialId)
      if (!user || !target) return { status: 'not_found' }
      if (owned.length === 1) return { status: 'last' }
      credentials.delete(target.key)
      if (user.primaryWalletId === target.id) user.primaryWalletId = null
      if (target.format === 'email' && user.email === target.email) {
        user.email = withCredentials(user).credentials.find((c) => c.format === 'email')?.email ?? null
      }
      return { status: 'deleted', user: withCredentials(user) }
    },

    async updateUser({ userId, alias, name, primaryWalletId }) {
      const user = users.get(userId)
      if (!user) return { status: 'not_found' }
      if (primaryWalletId !== undefined && primaryWalletId !== null) {
        const wallet = [...credentials.values()].find((c) => c.id === primaryWalletId)
        if (!wallet || wallet.userId !== userId || wallet.format !== 'blockchain') return { status: 'wallet_not_found' }
      }
      if (alias !== undefined) user.alias = alias
      if (name !== undefined) user.name = name
      if (primaryWalletId !== undefined) user.primaryWalletId = primaryWalletId
      return { status: 'updated', user: withCredentials(user) }
    },
    // --- end wallet nonces and linking --------------------------------------------------------

    // --- signing keys (issue 7, key rotation) ---------------------------------------------------
    async listSigningKeys({ retiredAfter }) {
      return signingKeys
        .filter((k) => k.retiredAt === null || k.retiredAt > retiredAfter)
        .sort(
          (a, b) =>
            (b.retiredAt ?? Number.POSITIVE_INFINITY) - (a.retiredAt ?? Number.POSITIVE_INFINITY) ||
            b.createdAt - a.createdAt ||
            (a.kid < b.kid ? -1 : 1),
        )
        .map((k) => structuredClone(k))
    },

    async addFirstSigningKey(key) {
      if (signingKeys.some((k) => k.retiredAt === null || k.kid === key.kid)) return
      signingKeys.push({ ...structuredClone(key), retiredAt: null })
    },

    async rotateSigningKey({ key, now, dropRetiredBefore }) {
      signingKeys = signingKeys.filter((k) => k.retiredAt === null || k.retiredAt >= dropRetiredBefore)
      for (const k of signingKeys) {
        if (k.retiredAt === null || k.retiredAt > key.activatesAt) k.retiredAt = key.activatesAt
        if (k.retiredAt <= now) k.privateJwk = null
      }
      signingKeys.push({ ...structuredClone(key), retiredAt: null })
    },

    async wipeRetiredSigningKeys({ now }) {
      for (const k of signingKeys) if (k.retiredAt !== null && k.retiredAt <= now) k.privateJwk = null
    },
    // --- end signing keys -------------------------------------------------------------------------

    async close() {},
  }
}
