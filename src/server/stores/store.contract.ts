/**
 * The behaviour every `AuthStore` must have. Run by `memory.test.ts` and `pglite.test.ts`;
 * a new store runs it too. Tests use fresh random ids, so one store instance can serve them all.
 */
import { describe, expect, test } from 'vitest'
import type { AuthStore, NewCredential, NoncePurpose, NonceRecord, SessionRecord, UserRecord } from '../store.js'

const T0 = 1_800_000_000_000
let counter = 0
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(counter++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`

const newUser = (createdAt = T0): UserRecord => ({ id: unique('usr'), email: null, alias: null, name: null, primaryWalletId: null, createdAt })
const newSession = (userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  id: unique('ses'),
  userId,
  createdAt: T0,
  expiresAt: T0 + 3_600_000,
  lastUsedAt: T0,
  lastActiveAt: T0,
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

    // --- idle timeout (issue 3, session-proof) ---
    test('behavior: idle timeout: `active` raises lastActiveAt to the token\'s issue time, never to now', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      const child = unique('hash')
      const quiet = await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: child, childSealed: 'x', now: T0 + 100 })
      expect(quiet).toEqual({ status: 'rotated', session: { ...session, lastUsedAt: T0 + 100, lastActiveAt: T0 } })
      const busy = await store().rotateRefreshToken({ hash: child, childHash: unique('hash'), childSealed: 'x', now: T0 + 250, active: true })
      // The input came after `child` was issued (T0 + 100): that is all the server may count.
      expect(busy).toEqual({ status: 'rotated', session: { ...session, lastUsedAt: T0 + 250, lastActiveAt: T0 + 100 } })
      expect(await store().getSession(session.id)).toMatchObject({ lastActiveAt: T0 + 100 })
    })

    test('behavior: idle timeout: a session idle since before `activeSince` rotates nothing', async () => {
      const { session, refreshTokenHash } = await userWithSession()
      const idle = await store().rotateRefreshToken({
        hash: refreshTokenHash,
        childHash: unique('hash'),
        childSealed: 'x',
        now: T0 + 1000,
        activeSince: T0 + 1,
      })
      expect(idle).toMatchObject({ status: 'idle', session: { id: session.id, lastActiveAt: T0, revokedAt: null }, token: { rotatedAt: null } })
      expect(await store().findRefreshToken(refreshTokenHash)).toMatchObject({ rotatedAt: null, childHash: null })
      // Exactly at the limit is still active.
      const child = unique('hash')
      const onTime = await store().rotateRefreshToken({ hash: refreshTokenHash, childHash: child, childSealed: 'x', now: T0 + 1000, activeSince: T0 })
      expect(onTime).toMatchObject({ status: 'rotated' })
      // Input since `child` was issued (T0 + 1000) counts from then, within the limit.
      const active = await store().rotateRefreshToken({
        hash: child,
        childHash: unique('hash'),
        childSealed: 'x',
        now: T0 + 5000,
        active: true,
        activeSince: T0 + 1000,
      })
      expect(active).toMatchObject({ status: 'rotated', session: { lastActiveAt: T0 + 1000 } })
    })

    test('behavior: idle timeout: a revoked session is inactive before it is idle; a rotated token is reuse', async () => {
      const revoked = await userWithSession()
      await store().revokeSession({ id: revoked.session.id, now: T0 + 1, reason: 'idle' })
      expect(
        await store().rotateRefreshToken({ hash: revoked.refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 9, activeSince: T0 + 5 }),
      ).toMatchObject({ status: 'inactive', session: { revokeReason: 'idle' } })
      const rotated = await userWithSession()
      await store().rotateRefreshToken({ hash: rotated.refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 1 })
      expect(
        await store().rotateRefreshToken({ hash: rotated.refreshTokenHash, childHash: unique('hash'), childSealed: 'x', now: T0 + 9, activeSince: T0 + 5 }),
      ).toMatchObject({ status: 'rotated_before' })
    })
    // --- end idle timeout ---

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

  // --- wallet nonces and linking (issues 4 and 5, wallet-server) ---
  describe('wallet nonces', () => {
    const nonceRecord = (overrides: Partial<NonceRecord> = {}): NonceRecord => ({
      nonce: unique('n').replace(/_/g, ''),
      purpose: 'sign-in',
      sessionId: null,
      createdAt: T0,
      expiresAt: T0 + 600_000,
      usedAt: null,
      ...overrides,
    })
    const consume = (nonce: string, purpose: NoncePurpose = 'sign-in', sessionId: string | null = null, now = T0 + 1) =>
      store().consumeNonce({ nonce, purpose, sessionId, now })

    test('behavior: a nonce is consumed once; then it is used', async () => {
      const record = nonceRecord()
      await store().putNonce({ nonce: record, pruneBefore: T0 - 3_600_000 })
      expect(await consume(record.nonce)).toEqual({ status: 'consumed', nonce: { ...record, usedAt: T0 + 1 } })
      expect(await consume(record.nonce, 'sign-in', null, T0 + 2)).toEqual({ status: 'used', nonce: { ...record, usedAt: T0 + 1 } })
    })

    test('behavior: unknown, expired and the other purpose are refused and consume nothing', async () => {
      expect(await consume(unique('nope'))).toEqual({ status: 'unknown' })
      const record = nonceRecord()
      await store().putNonce({ nonce: record, pruneBefore: 0 })
      expect(await consume(record.nonce, 'link', null)).toMatchObject({ status: 'purpose_mismatch' })
      expect(await consume(record.nonce, 'sign-in', null, T0 + 600_000)).toMatchObject({ status: 'expired', nonce: { usedAt: null } })
      expect(await consume(record.nonce, 'sign-in', null, T0 + 599_999)).toMatchObject({ status: 'consumed' })
    })

    test('behavior: a link nonce works only for its own session', async () => {
      const { session } = await userWithSession()
      const other = await userWithSession()
      const record = nonceRecord({ purpose: 'link', sessionId: session.id })
      await store().putNonce({ nonce: record, pruneBefore: 0 })
      expect(await consume(record.nonce, 'sign-in', null)).toMatchObject({ status: 'purpose_mismatch' })
      expect(await consume(record.nonce, 'link', other.session.id)).toMatchObject({ status: 'purpose_mismatch' })
      expect(await consume(record.nonce, 'link', session.id)).toMatchObject({ status: 'consumed', nonce: { sessionId: session.id } })
    })

    test('behavior: 10 parallel consumers of one nonce: exactly one wins', async () => {
      const record = nonceRecord()
      await store().putNonce({ nonce: record, pruneBefore: 0 })
      const results = await Promise.all(Array.from({ length: 10 }, () => consume(record.nonce)))
      expect(results.filter((r) => r.status === 'consumed')).toHaveLength(1)
      expect(results.filter((r) => r.status === 'used')).toHaveLength(9)
    })

    test('behavior: putting a nonce forgets those that expired before pruneBefore', async () => {
      const old = nonceRecord({ expiresAt: T0 - 10 })
      const recent = nonceRecord({ expiresAt: T0 + 10 })
      await store().putNonce({ nonce: old, pruneBefore: 0 })
      await store().putNonce({ nonce: recent, pruneBefore: 0 })
      await store().putNonce({ nonce: nonceRecord(), pruneBefore: T0 })
      expect(await consume(old.nonce, 'sign-in', null, T0 + 20)).toEqual({ status: 'unknown' })
      expect(await consume(recent.nonce, 'sign-in', null, T0 + 20)).toMatchObject({ status: 'expired' })
    })
  })

  describe('credentials', () => {
    const wallet = (address = `0x${unique('a').replace(/[^a-z0-9]/g, '').padEnd(40, '0').slice(0, 40)}`): NewCredential => ({
      id: unique('cred'),
      format: 'blockchain',
      key: `eip155:${address.toLowerCase()}`,
      chain: 'eip155',
      address,
      walletName: 'Test Wallet',
    })
    const email = (address = `${unique('e')}@example.com`): NewCredential => ({ id: unique('cred'), format: 'email', key: `email:${address}`, email: address })

    async function emailUser() {
      const address = `${unique('u')}@example.com`
      const { user } = await store().findOrCreateUser({ user: { ...newUser(), email: address }, credential: email(address) })
      return user
    }

    test('behavior: a user created by a wallet has it as primary wallet; by email, none', async () => {
      const credential = wallet()
      const { user } = await store().findOrCreateUser({ user: newUser(), credential })
      expect(user.primaryWalletId).toBe(credential.id)
      expect((await emailUser()).primaryWalletId).toBeNull()
    })

    test('behavior: adding a wallet; again is idempotent; another user gets in_use', async () => {
      const user = await emailUser()
      const credential = wallet()
      const added = await store().addCredential({ userId: user.id, credential, now: T0 + 5 })
      expect(added).toMatchObject({ status: 'added', credential: { id: credential.id, userId: user.id, address: credential.address, walletName: 'Test Wallet', createdAt: T0 + 5 } })
      expect(added.status === 'added' && added.user).toMatchObject({ primaryWalletId: credential.id, credentials: [{ format: 'email' }, { id: credential.id }] })
      const again = await store().addCredential({ userId: user.id, credential: { ...credential, id: unique('cred') }, now: T0 + 6 })
      expect(again).toMatchObject({ status: 'exists', credential: { id: credential.id } })
      expect(again.status === 'exists' && again.user.credentials).toHaveLength(2)
      const other = await emailUser()
      expect(await store().addCredential({ userId: other.id, credential: { ...credential, id: unique('cred') }, now: T0 + 7 })).toEqual({ status: 'in_use' })
      expect((await store().getUser(other.id))!.credentials).toHaveLength(1)
    })

    test('behavior: two users adding one wallet in parallel: exactly one gets it', async () => {
      const users = await Promise.all(Array.from({ length: 4 }, () => emailUser()))
      const credential = wallet()
      const results = await Promise.all(users.map((u) => store().addCredential({ userId: u.id, credential: { ...credential, id: unique('cred') }, now: T0 })))
      expect(results.filter((r) => r.status === 'added')).toHaveLength(1)
      expect(results.filter((r) => r.status === 'in_use')).toHaveLength(3)
    })

    test('behavior: an added email becomes the user\'s email only if they had none', async () => {
      const { user } = await store().findOrCreateUser({ user: newUser(), credential: wallet() })
      const first = email()
      const second = email()
      const added = await store().addCredential({ userId: user.id, credential: first, now: T0 })
      expect(added.status === 'added' && added.user.email).toBe(first.email)
      const more = await store().addCredential({ userId: user.id, credential: second, now: T0 + 1 })
      expect(more.status === 'added' && more.user.email).toBe(first.email)
      // Removing the user's email falls back to their other one.
      const removed = await store().deleteCredential({ userId: user.id, credentialId: first.id })
      expect(removed.status === 'deleted' && removed.user.email).toBe(second.email)
    })

    test('behavior: removing: never the last; not another user\'s; the primary wallet is cleared', async () => {
      const credential = wallet()
      const { user } = await store().findOrCreateUser({ user: newUser(), credential })
      expect(await store().deleteCredential({ userId: user.id, credentialId: credential.id })).toEqual({ status: 'last' })
      const extra = email()
      await store().addCredential({ userId: user.id, credential: extra, now: T0 })
      const stranger = await emailUser()
      expect(await store().deleteCredential({ userId: stranger.id, credentialId: credential.id })).toEqual({ status: 'not_found' })
      expect(await store().deleteCredential({ userId: user.id, credentialId: unique('cred') })).toEqual({ status: 'not_found' })
      const removed = await store().deleteCredential({ userId: user.id, credentialId: credential.id })
      expect(removed).toMatchObject({ status: 'deleted', user: { primaryWalletId: null, credentials: [{ id: extra.id }] } })
      expect(await store().deleteCredential({ userId: user.id, credentialId: extra.id })).toEqual({ status: 'last' })
    })

    test('behavior: parallel removals of the last two credentials remove exactly one', async () => {
      const user = await emailUser()
      const credential = wallet()
      await store().addCredential({ userId: user.id, credential, now: T0 })
      const [a, b] = (await store().getUser(user.id))!.credentials
      const results = await Promise.all([
        store().deleteCredential({ userId: user.id, credentialId: a!.id }),
        store().deleteCredential({ userId: user.id, credentialId: b!.id }),
      ])
      expect(results.map((r) => r.status).sort()).toEqual(['deleted', 'last'])
      expect((await store().getUser(user.id))!.credentials).toHaveLength(1)
    })

    test('behavior: updateUser sets fields, leaves undefined ones, and checks the primary wallet', async () => {
      const user = await emailUser()
      const first = wallet()
      const second = wallet()
      await store().addCredential({ userId: user.id, credential: first, now: T0 })
      await store().addCredential({ userId: user.id, credential: second, now: T0 + 1 })
      const updated = await store().updateUser({ userId: user.id, alias: 'ada', primaryWalletId: second.id })
      expect(updated).toMatchObject({ status: 'updated', user: { alias: 'ada', name: null, primaryWalletId: second.id } })
      expect(await store().updateUser({ userId: user.id, name: 'Ada L.' })).toMatchObject({ user: { alias: 'ada', name: 'Ada L.', primaryWalletId: second.id } })
      const emailId = user.credentials[0]!.id
      const theirs = wallet()
      await store().findOrCreateUser({ user: newUser(), credential: theirs })
      for (const id of [emailId, theirs.id, unique('cred')]) {
        expect(await store().updateUser({ userId: user.id, alias: 'changed', primaryWalletId: id })).toEqual({ status: 'wallet_not_found' })
      }
      expect(await store().updateUser({ userId: user.id, alias: null, primaryWalletId: null })).toMatchObject({
        user: { alias: null, name: 'Ada L.', primaryWalletId: null },
      })
      expect(await store().updateUser({ userId: unique('usr'), alias: 'x' })).toEqual({ status: 'not_found' })
    })
  })
  // --- end wallet nonces and linking ---

  // --- signing keys (issue 7, key rotation) ---
  describe('signing keys', () => {
    // Keys are global to a store (unlike users or sessions): these tests assert relative to
    // what the store already holds, at times later than any earlier test's.
    let time = T0 + 10 * 365 * 86_400_000
    const later = () => (time += 60_000)
    /** A key made at `at` that signs from `activatesAt` (at once by default). */
    const newKey = (at = later(), activatesAt = at) => {
      const kid = unique('kid')
      const publicJwk = { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}` }
      return { kid, alg: 'ES256' as const, publicJwk, privateJwk: { ...publicJwk, d: `d-${kid}` }, createdAt: at, activatesAt }
    }
    const rotate = (key: ReturnType<typeof newKey>, now = key.createdAt) =>
      store().rotateSigningKey({ key, now, dropRetiredBefore: Number.MIN_SAFE_INTEGER })
    const all = () => store().listSigningKeys({ retiredAfter: Number.MIN_SAFE_INTEGER })
    const newestKeys = async () => (await all()).filter((k) => k.retiredAt === null)
    const find = async (kid: string) => (await all()).find((k) => k.kid === kid)

    test('behavior: the first key wins, also in parallel; later first keys change nothing', async () => {
      const before = await newestKeys()
      const candidates = Array.from({ length: 6 }, () => newKey())
      await Promise.all(candidates.map((key) => store().addFirstSigningKey(key)))
      const after = await newestKeys()
      expect(after).toHaveLength(1)
      if (before.length === 0) {
        const winner = candidates.find((k) => k.kid === after[0]!.kid)!
        expect(after[0]).toEqual({ ...winner, retiredAt: null })
      } else {
        expect(after).toEqual(before)
      }
      await store().addFirstSigningKey(newKey())
      expect(await newestKeys()).toEqual(after)
    })

    test('behavior: an immediate rotation retires the current key at `now`, wipes its private half, and adds the new key', async () => {
      await store().addFirstSigningKey(newKey())
      const [old] = await newestKeys()
      const key = newKey()
      await rotate(key)
      const keys = await store().listSigningKeys({ retiredAfter: key.createdAt - 1 })
      expect(keys[0]).toEqual({ ...key, retiredAt: null })
      expect(keys.find((k) => k.kid === old!.kid)).toEqual({ ...old, retiredAt: key.createdAt, privateJwk: null })
      expect(keys.filter((k) => k.retiredAt === null)).toHaveLength(1)
    })

    test('behavior: a rotation with a later activation: the current key keeps signing (and its private half) until then', async () => {
      const current = newKey()
      await rotate(current)
      const now = later()
      const next = newKey(now, now + 120_000)
      await rotate(next)
      expect(await find(next.kid)).toEqual({ ...next, retiredAt: null })
      expect(await find(current.kid)).toEqual({ ...current, retiredAt: now + 120_000 })
      // Wiping waits for the retirement to pass.
      await store().wipeRetiredSigningKeys({ now: now + 119_999 })
      expect((await find(current.kid))!.privateJwk).not.toBeNull()
      await store().wipeRetiredSigningKeys({ now: now + 120_000 })
      expect((await find(current.kid))!.privateJwk).toBeNull()
      expect((await find(next.kid))!.privateJwk).not.toBeNull()
    })

    test('behavior: an immediate rotation over a waiting key retires both the current and the waiting key at once', async () => {
      const current = newKey()
      await rotate(current)
      const waitingAt = later()
      const waiting = newKey(waitingAt, waitingAt + 120_000)
      await rotate(waiting)
      const urgent = newKey()
      await rotate(urgent)
      expect(await find(current.kid)).toMatchObject({ retiredAt: urgent.createdAt, privateJwk: null })
      // Retired before it ever signed.
      expect(await find(waiting.kid)).toMatchObject({ activatesAt: waitingAt + 120_000, retiredAt: urgent.createdAt, privateJwk: null })
      expect(await newestKeys()).toEqual([{ ...urgent, retiredAt: null }])
    })

    test('behavior: the list holds the newest key first, then keys retired after `retiredAfter`, last retired first', async () => {
      const first = newKey()
      await rotate(first)
      const second = newKey()
      await rotate(second)
      const third = newKey()
      await rotate(third)
      // first retired when second activated, second when third did.
      expect((await store().listSigningKeys({ retiredAfter: second.createdAt - 1 })).map((k) => k.kid).slice(0, 3)).toEqual([
        third.kid,
        second.kid,
        first.kid,
      ])
      expect((await store().listSigningKeys({ retiredAfter: second.createdAt })).map((k) => k.kid)).toEqual([third.kid, second.kid])
      expect((await store().listSigningKeys({ retiredAfter: third.createdAt })).map((k) => k.kid)).toEqual([third.kid])
    })

    test('behavior: parallel rotations leave exactly one newest key; every other key lost its private half', async () => {
      const now = later()
      const keys = Array.from({ length: 5 }, () => newKey(now))
      await Promise.all(keys.map((key) => rotate(key)))
      const listed = await all()
      const newest = listed.filter((k) => k.retiredAt === null)
      expect(newest).toHaveLength(1)
      expect(keys.map((k) => k.kid)).toContain(newest[0]!.kid)
      expect(listed[0]).toBe(newest[0]) // same `now` for all: the newest key still comes first
      expect(listed.filter((k) => k.retiredAt !== null).every((k) => k.privateJwk === null)).toBe(true)
      expect(listed.filter((k) => keys.some((key) => key.kid === k.kid))).toHaveLength(5)
    })

    test('behavior: a rotation deletes keys retired before `dropRetiredBefore`', async () => {
      const old = newKey()
      await rotate(old)
      const replacement = newKey()
      await rotate(replacement)
      expect((await all()).map((k) => k.kid)).toContain(old.kid)
      const now = later()
      await store().rotateSigningKey({ key: newKey(now), now, dropRetiredBefore: replacement.createdAt + 1 })
      const kids = (await all()).map((k) => k.kid)
      expect(kids).not.toContain(old.kid)
      expect(kids.length).toBeGreaterThanOrEqual(2)
    })
  })
  // --- end signing keys ---
}
