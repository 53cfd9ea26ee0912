// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import { createAuthServer } from './server.js'
import type { AuthServerOptions } from './server.js'
import { errorOf, startTestServer } from './server.testkit.js'
import { createTestWallet } from '../testing/wallets/index.js'
import { evmProof } from './wallet/route.testkit.js'

describe('hooks', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  const start = async (hooks: AuthServerOptions['hooks']) => {
    const logged: unknown[][] = []
    t = await startTestServer({ hooks, logger: { error: (...args) => logged.push(args) } })
    return logged
  }

  test('default: onUserCreated once per user, onSignIn on every sign-in, in that order', async () => {
    const events: string[] = []
    const logged = await start({
      onUserCreated: (user) => void events.push(`created ${user.email}`),
      onSignIn: ({ user, session, method }) => void events.push(`signin ${user.email} ${method} ${session.userId === user.id}`),
    })
    const first = await t.signIn('ada@example.com')
    await t.signIn('ada@example.com')
    expect(events).toEqual(['created ada@example.com', 'signin ada@example.com email true', 'signin ada@example.com email true'])
    expect(first.session.user.email).toBe('ada@example.com')
    expect(logged).toEqual([])
  })

  test('behavior: a wallet sign-in reports its chain as the method', async () => {
    const events: string[] = []
    await start({
      onUserCreated: (user) => void events.push(`created ${user.verifiedCredentials[0]?.format}`),
      onSignIn: ({ method }) => void events.push(`signin ${method}`),
    })
    const wallet = createTestWallet({ privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' })
    expect((await t.post('/wallet/verify', await evmProof(t, wallet))).status).toBe(200)
    expect(events).toEqual(['created blockchain', 'signin evm'])
  })

  test('behavior: onSignOut fires once per ended session, with the reason', async () => {
    const events: Array<{ sessionId: string; reason: string; userId: string }> = []
    await start({ onSignOut: (event) => void events.push(event) })
    const a = await t.signIn('grace@example.com')
    const b = await t.signIn('grace@example.com')
    const c = await t.signIn('grace@example.com')
    const userId = a.session.user.id
    expect((await t.post('/logout', { refreshToken: a.refreshToken })).status).toBe(200)
    expect((await t.post('/logout', { refreshToken: a.refreshToken })).status).toBe(200) // idempotent: no second event
    const revoke = await fetch(`${t.base}/sessions/${b.session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${c.accessToken}`, 'x-latchkey': '1' } })
    expect(revoke.status).toBe(200)
    expect((await t.post('/refresh', { refreshToken: c.refreshToken })).status).toBe(200)
    t.clock.advance(60_000)
    expect((await errorOf(await t.post('/refresh', { refreshToken: c.refreshToken }))).error).toBe('reuse_detected')
    expect(events).toEqual([
      { userId, sessionId: a.session.id, reason: 'logout' },
      { userId, sessionId: b.session.id, reason: 'revoked' },
      { userId, sessionId: c.session.id, reason: 'reuse_detected' },
    ])
  })

  test('behavior: customClaims land in every access token; reserved claims cannot be overridden', async () => {
    const logged = await start({
      customClaims: ({ user, session }) => ({ role: 'admin', org: user.email?.split('@')[1], sid: 'ses_forged', sub: 'usr_forged', for_session: session.id }),
    })
    const signedIn = await t.signIn('root@example.com')
    const claims = decodeJwt(signedIn.accessToken)
    expect(claims).toMatchObject({ role: 'admin', org: 'example.com', for_session: signedIn.session.id, sid: signedIn.session.id, sub: signedIn.session.user.id })
    expect(logged.map((args) => String(args[0]))).toEqual([expect.stringContaining('`sid`'), expect.stringContaining('`sub`')])
    // Refresh re-issues them; `/me` still works with the token.
    const refreshed = (await (await t.post('/refresh', { refreshToken: signedIn.refreshToken })).json()) as { accessToken: string }
    expect(decodeJwt(refreshed.accessToken)).toMatchObject({ role: 'admin' })
    expect((await t.get('/me', { authorization: `Bearer ${refreshed.accessToken}` })).status).toBe(200)
  })

  test('behavior: oversized or non-object custom claims are dropped and logged', async () => {
    let answer: unknown = { blob: 'x'.repeat(2000) }
    const logged = await start({ customClaims: () => answer as Record<string, unknown> })
    const big = decodeJwt((await t.signIn()).accessToken)
    expect(big).not.toHaveProperty('blob')
    answer = ['admin']
    expect(decodeJwt((await t.signIn()).accessToken)).not.toHaveProperty('0')
    expect(logged).toHaveLength(2)
  })

  test('behavior: a throwing hook is logged and the request still succeeds', async () => {
    const boom = () => {
      throw new Error('app database down')
    }
    const logged = await start({ onUserCreated: boom, onSignIn: async () => Promise.reject(new Error('queue down')), onSignOut: boom, customClaims: boom })
    const signedIn = await t.signIn('resilient@example.com')
    expect(decodeJwt(signedIn.accessToken)).toMatchObject({ sub: signedIn.session.user.id })
    expect((await t.post('/logout', { refreshToken: signedIn.refreshToken })).status).toBe(200)
    const messages = logged.map((args) => String(args[0]))
    expect(messages).toEqual([
      expect.stringContaining('onUserCreated'),
      expect.stringContaining('onSignIn'),
      expect.stringContaining('customClaims'),
      expect.stringContaining('onSignOut'),
    ])
    expect(logged.every((args) => args.some((arg) => arg instanceof Error))).toBe(true)
  })
})

test('parameters: unknown hooks and non-functions are TypeErrors at construction', () => {
  expect(() => createAuthServer({ hooks: { onSignUp: () => undefined } as never })).toThrow(/unknown hook `onSignUp`/)
  expect(() => createAuthServer({ hooks: { onSignIn: 'yes' } as never })).toThrow(TypeError)
})
