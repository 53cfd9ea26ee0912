/**
 * The behaviour every `AuthStore` must have. Run by `memory.test.ts` and `pglite.test.ts`;
 * a new store runs it too. Tests use fresh random ids, so one store instance can serve them all.
 */
import { describe, expect, test } from 'vitest'
import type { AuthStore, SessionRecord, UserRecord } from '../store.js'

const T0 = 1_800_000_000_000
let counter = 0
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(counter++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`

const newUser = (createdAt = T0): UserRecord => ({ id: unique('usr'), email: null, alias: null, name: null, createdAt })
const newSession = (userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  id: unique('ses'),
  userId,
  createdAt: T0,
  expiresAt: T0 + 3_600_000,
  lastUsedAt: T0,
  revokedAt: null,
  revokeReason: null,
  userAgent: 'test-agent',
  ...overrides,
})

export function storeContract(getStore: () => AuthStore): void {
  const store = () => getStore()

  async function userWithSession(overrides: Partial<SessionRecord> = {}) {
    const email = `${unique('u')}@example.com`
    const { user } = await store().findOrCreateUser({
      user: { ...newUser(), email },
      credential: { id: unique('cred'), format: 'email', key: `email:${email}`, email },
    })
    const session = newSession(user.id, overrides)
    const refreshTokenHash = unique('hash')
    await store().createSession({ session, refreshTokenHash })
    return { user, session, refreshTokenHash }
  }

  describe('secrets', () => {
    test('behavior: the first writer wins, also in parallel', async () => {
      const name = unique('secret')
      const values = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store().getOrCreateSecret(name, `candidate-${i}`, T0)),
      )
      expect(new Set(values).size).toBe(1)
      expect(values[0]).toMatch(/^candidate-\d$/)
      expect(await store().getOrCreateSecret(name, 'later', T0 + 1)).toBe(values[0])
    })
  })

  describe('email codes', () => {
    const put = (email: string, codeMac: string, now: number) =>
      store().putEmailCode({
        email,
        codeMac,
        now,
        expiresAt: now + 600_000,
        cooldownFrom: now - 30_000,
        windowFrom: now - 3_600_000,
        maxSends: 3,
      })

    test('behavior: a new code is stored; inside the cooldown nothing changes', async () => {
      const email = `${unique('c')}@example.com`
      const first = await put(email, 'mac-1', T0)
      expect(first).toEqual({
        status: 'sent',
        code: {
          email,
          codeMac: 'mac-1',
          sentAt: T0,
          expiresAt: T0 + 600_000,
          attempts: 0,
          consumedAt: null,
          windowStartedAt: T0,
          windowSends: 1,
        },
      })
      const again = await put(email, 'mac-2', T0 + 29_999)
      expect(again.status).toBe('cooldown')
      expect(again.code.codeMac).toBe('mac-1')
      expect(again.code.sentAt).toBe(T0)
    })

    test('behavior: after the cooldown a new code replaces the old one and resets attempts', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac-1', T0)
      await store().takeEmailCodeAttempt({ email, now: T0 + 1, maxAttempts: 5 })
      const second = await put(email, 'mac-2', T0 + 30_000)
      expect(second.status).toBe('sent')
      expect(second.code).toMatchObject({ codeMac: 'mac-2', attempts: 0, sentAt: T0 + 30_000 })
      const attempt = await store().takeEmailCodeAttempt({ email, now: T0 + 30_001, maxAttempts: 5 })
      expect(attempt).toMatchObject({ status: 'taken', code: { codeMac: 'mac-2', attempts: 1 } })
    })

    test('behavior: at most maxSends codes per window; the window restarts after it ends', async () => {
      const email = `${unique('c')}@example.com`
      for (let i = 0; i < 3; i++) {
        expect(await put(email, `mac-${i}`, T0 + i * 30_000)).toMatchObject({ status: 'sent', code: { windowStartedAt: T0, windowSends: i + 1 } })
      }
      const limited = await put(email, 'mac-x', T0 + 90_000)
      expect(limited).toMatchObject({ status: 'rate_limited', code: { codeMac: 'mac-2', windowStartedAt: T0, windowSends: 3 } })
      expect(await put(email, 'mac-y', T0 + 3_600_000 - 1)).toMatchObject({ status: 'rate_limited' })
      expect(await put(email, 'mac-4', T0 + 3_600_000)).toMatchObject({
        status: 'sent',
        code: { codeMac: 'mac-4', windowStartedAt: T0 + 3_600_000, windowSends: 1 },
      })
    })

    test('behavior: parallel sends after the cooldown store exactly one code', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac-0', T0)
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => put(email, `mac-${i + 1}`, T0 + 30_000)))
      expect(results.filter((r) => r.status === 'sent')).toHaveLength(1)
      expect(results.filter((r) => r.status === 'cooldown')).toHaveLength(4)
    })

    test('behavior: a used code does not hold back a new one', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac-1', T0)
      expect(await store().consumeEmailCode({ email, codeMac: 'mac-1', now: T0 + 1 })).toBe(true)
      expect((await put(email, 'mac-2', T0 + 2)).status).toBe('sent')
    })

    test('behavior: attempts are counted up to the cap, then refused', async () => {
      const email = `${unique('c')}@example.com`
      expect(await store().takeEmailCodeAttempt({ email, now: T0, maxAttempts: 5 })).toEqual({ status: 'missing' })
      await put(email, 'mac', T0)
      for (let i = 1; i <= 5; i++) {
        const attempt = await store().takeEmailCodeAttempt({ email, now: T0 + i, maxAttempts: 5 })
        expect(attempt).toMatchObject({ status: 'taken', code: { attempts: i, codeMac: 'mac' } })
      }
      expect(await store().takeEmailCodeAttempt({ email, now: T0 + 6, maxAttempts: 5 })).toMatchObject({
        status: 'exhausted',
        code: { attempts: 5 },
      })
    })

    test('behavior: 20 parallel attempts take exactly 5', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac', T0)
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store().takeEmailCodeAttempt({ email, now: T0 + 1, maxAttempts: 5 })),
      )
      expect(results.filter((r) => r.status === 'taken')).toHaveLength(5)
      expect(results.filter((r) => r.status === 'exhausted')).toHaveLength(15)
      const counts = results.flatMap((r) => (r.status === 'taken' ? [r.code.attempts] : [])).sort()
      expect(counts).toEqual([1, 2, 3, 4, 5])
    })

    test('behavior: an expired code takes no attempt', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac', T0)
      expect(await store().takeEmailCodeAttempt({ email, now: T0 + 600_000, maxAttempts: 5 })).toMatchObject({
        status: 'expired',
        code: { attempts: 0 },
      })
    })

    test('behavior: a code is consumed once, even in parallel; then attempts say used', async () => {
      const email = `${unique('c')}@example.com`
      await put(email, 'mac', T0)
      expect(await store().consumeEmailCode({ email, codeMac: 'other', now: T0 + 1 })).toBe(false)
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store().consumeEmailCode({ email, codeMac: 'mac', now: T0 + 1 })),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store().takeEmailCodeAttempt({ email, now: T0 + 2, maxAttempts: 5 })).toMatchObject({
        status: 'used',
        code: { consumedAt: T0 + 1 },
      })
    })
  })

  describe('users', () => {
    test('behavior: a credential creates its user once, then finds it', async () => {
      const email = `${unique('u')}@example.com`
      const user = { ...newUser(), email }
      const credential = { id: unique('cred'), format: 'email' as const, key: `email:${email}`, email }
      const first = await store().findOrCreateUser({ user, credential })
      expect(first.created).toBe(true)
      expect(first.user).toEqual({
        ...user,
        credentials: [
          {
            id: credential.id,
            userId: user.id,
            format: 'email',
            key: credential.key,
            chain: null,
            address: null,
            walletName: null,
            email,
            createdAt: user.createdAt,
          },
        ],
      })
      const second = await store().findOrCreateUser({
        user: { ...newUser(), email },
        credential: { ...credential, id: unique('cred') },
      })
      expect(second).toEqual({ user: first.user, created: false })
      expect(await store().getUser(user.id)).toEqual(first.user)
      expect(await store().getUser(unique('usr'))).toBeNull()
    })

    test('behavior: parallel sign-ups with one credential make one user', async () => {
      const email = `${unique('u')}@example.com`
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          store().findOrCreateUser({
            user: { ...newUser(), email },
            credential: { id: unique('cred'), format: 'email', key: `email:${email}`, email },
          }),
        ),
      )
      expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
      expect(results.filter((r) => r.created)).toHaveLength(1)
    })
  })

  describe('sessions and refresh tokens', () => {
    test('behavior: a session is created with its first refresh token', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      expect(await store().getSession(session.id)).toEqual(session)
      expect(await store().findRefreshToken(refreshTokenHash)).toEqual({
        hash: refreshTokenHash,
        sessionId: session.id,
        parentHash: null,
        createdAt: session.createdAt,
        rotatedAt: null,
        childHash: null,
        childSealed: null,
      })
      expect(await store().getSession(unique('ses'))).toBeNull()
      expect(await store().findRefreshToken(unique('hash'))).toBeNull()
    })

    test('behavior: rotation makes the child live and keeps the sealed child on the parent', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      const result = await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: 'child-1', childSealed: 'sealed-1', now: T0 + 5 })
      expect(result).toEqual({ status: 'rotated', session: { ...session, lastUsedAt: T0 + 5 } })
      expect(await store().findRefreshToken(refreshTokenHash)).toMatchObject({
        rotatedAt: T0 + 5,
        childHash: 'child-1',
        childSealed: 'sealed-1',
      })
      expect(await store().findRefreshToken('child-1')).toMatchObject({ sessionId: session.id, parentHash: refreshTokenHash, rotatedAt: null })
    })

    test('behavior: the rotated parent reports whether its child is live; the grandparent loses its sealed child', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      const child = unique('hash')
      const grandchild = unique('hash')
      await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: child, childSealed: 's1', now: T0 + 1 })
      const again = await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 2 })
      expect(again).toMatchObject({ status: 'rotated_before', childIsLive: true, token: { childHash: child, childSealed: 's1' } })
      expect(again.status === 'rotated_before' && again.session.id).toBe(session.id)

      await store().rotateRefreshToken({ hash: child, childHash: grandchild, childSealed: 's2', now: T0 + 3 })
      const stale = await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 4 })
      expect(stale).toMatchObject({ status: 'rotated_before', childIsLive: false, token: { childSealed: null } })
      expect(await store().findRefreshToken(child)).toMatchObject({ childHash: grandchild, childSealed: 's2' })
    })

    test('behavior: parallel rotations of one token make exactly one child', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      const children = Array.from({ length: 10 }, () => unique('hash'))
      const results = await Promise.all(
        children.map((childHash) => store().rotateRefreshToken({ hash: refreshTokenHash, childHash, childSealed: `sealed-${childHash}`, now: T0 + 1 })),
      )
      const winners = children.filter((_, i) => results[i]!.status === 'rotated')
      expect(winners).toHaveLength(1)
      expect(results.filter((r) => r.status === 'rotated_before')).toHaveLength(9)
      const existing = await Promise.all(children.map((hash) => store().findRefreshToken(hash)))
      expect(existing.filter(Boolean)).toEqual([expect.objectContaining({ hash: winners[0], sessionId: session.id })])
      expect(await store().findRefreshToken(refreshTokenHash)).toMatchObject({ childHash: winners[0] })
    })

    test('behavior: an unknown token, a revoked session and an ended session rotate nothing', async () => {
      expect(await store().rotateRefreshToken({ hash: unique('hash'), childHash: unique('hash'), childSealed: 'x', now: T0 })).toEqual({
        status: 'unknown',
      })
      const revoked = await userWithSession()
      await store().revokeSession({ id: revoked.session.id, now: T0 + 1, reason: 'logout' })
      const afterRevoke = await store().rotateRefreshToken({ hash: revoked.refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 2 })
      expect(afterRevoke).toMatchObject({ status: 'inactive', session: { revokedAt: T0 + 1, revokeReason: 'logout' } })

      const ended = await userWithSession({ expiresAt: T0 + 1000 })
      const afterEnd = await store().rotateRefreshToken({ hash: ended.refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 1000 })
      expect(afterEnd).toMatchObject({ status: 'inactive', session: { id: ended.session.id, revokedAt: null } })
      expect(await store().findRefreshToken(ended.refreshTokenHash)).toMatchObject({ rotatedAt: null })
    })

    test('behavior: revoking is idempotent and keeps the first reason', async () => {
      const { session } = await userWithSession()
      expect(await store().revokeSession({ id: session.id, now: T0 + 1, reason: 'reuse_detected' })).toMatchObject({
        revokedAt: T0 + 1,
        revokeReason: 'reuse_detected',
      })
      expect(await store().revokeSession({ id: session.id, now: T0 + 2, reason: 'logout' })).toMatchObject({
        revokedAt: T0 + 1,
        revokeReason: 'reuse_detected',
      })
      expect(await store().revokeSession({ id: unique('ses'), now: T0, reason: 'logout' })).toBeNull()
    })

    test('behavior: active sessions of a user, newest first', async () => {
      const { user, session: first } = await userWithSession()
      const second = newSession(user.id, { createdAt: T0 + 10 })
      const revoked = newSession(user.id, { createdAt: T0 + 20 })
      const ended = newSession(user.id, { createdAt: T0 + 30, expiresAt: T0 + 40 })
      for (const session of [second, revoked, ended]) await store().createSession({ session, refreshTokenHash: unique('hash') })
      await store().revokeSession({ id: revoked.id, now: T0 + 21, reason: 'revoked' })
      const active = await store().listActiveSessions(user.id, T0 + 50)
      expect(active.map((s) => s.id)).toEqual([second.id, first.id])
    })
  })
}
