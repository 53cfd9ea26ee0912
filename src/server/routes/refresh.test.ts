// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../../core/protocol.js'
import { sha256 } from '../crypto.js'
import { errorOf, startTestServer } from '../server.testkit.js'

type Tokens = Required<TokenResponse>

describe('POST /refresh', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const refresh = async (refreshToken: string) => t.post('/refresh', { refreshToken })
  const refreshOk = async (refreshToken: string) => {
    const response = await refresh(refreshToken)
    expect(response.status).toBe(200)
    return (await response.json()) as Tokens
  }

  test('default: rotates the refresh token, re-issues the access token, keeps the session end', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    t.clock.advance(14 * 60_000)
    const next = await refreshOk(signedIn.refreshToken)
    expect(next.refreshToken).not.toBe(signedIn.refreshToken)
    expect(next.accessToken).not.toBe(signedIn.accessToken)
    expect(next.session).toEqual({
      ...signedIn.session,
      accessTokenExpiresAt: Math.floor(t.clock.now() / 1000) * 1000 + 900_000,
      serverNow: t.clock.now(),
    })
    expect(decodeJwt(next.accessToken)).toMatchObject({ sid: signedIn.session.id, sub: signedIn.session.user.id })
    // Only hashes are stored.
    expect(await t.server.store.findRefreshToken(next.refreshToken)).toBeNull()
    expect(await t.server.store.findRefreshToken(await sha256(next.refreshToken))).toMatchObject({ sessionId: signedIn.session.id })
  })

  test('behavior: 10 parallel refreshes with one token all get the same single child', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(signedIn.refreshToken)))
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Tokens[]
    const children = new Set(bodies.map((b) => b.refreshToken))
    expect(children.size).toBe(1)
    const [child] = children
    expect(child).not.toBe(signedIn.refreshToken)
    // The family did not fork: the child is the one live token and it keeps working.
    const parent = await t.server.store.findRefreshToken(await sha256(signedIn.refreshToken))
    expect(parent?.childHash).toBe(await sha256(child!))
    expect((await refreshOk(child!)).session.id).toBe(signedIn.session.id)
  })

  test('behavior: a retry within the grace window gets the same child; after it, reuse revokes the session', async () => {
    t = await startTestServer({ refreshReuseGrace: 10 })
    const signedIn = await t.signIn()
    const first = await refreshOk(signedIn.refreshToken)
    t.clock.advance(10_000)
    expect((await refreshOk(signedIn.refreshToken)).refreshToken).toBe(first.refreshToken)
    t.clock.advance(1)
    expect(await errorOf(await refresh(signedIn.refreshToken))).toMatchObject({ status: 401, error: 'reuse_detected' })
    // The whole session is gone, the live child included.
    expect(await errorOf(await refresh(first.refreshToken))).toMatchObject({ status: 401, error: 'reuse_detected' })
    expect(await errorOf(await t.get('/me', { authorization: `Bearer ${first.accessToken}` }))).toMatchObject({
      status: 401,
      error: 'reuse_detected',
    })
  })

  test('behavior: a token two rotations old is reuse even inside the grace window', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const child = await refreshOk(signedIn.refreshToken)
    await refreshOk(child.refreshToken)
    expect(await errorOf(await refresh(signedIn.refreshToken))).toMatchObject({ status: 401, error: 'reuse_detected' })
    expect((await t.server.store.getSession(signedIn.session.id))?.revokeReason).toBe('reuse_detected')
  })

  test('parameters: refreshReuseGrace: 0 treats any second use as reuse', async () => {
    t = await startTestServer({ refreshReuseGrace: 0 })
    const signedIn = await t.signIn()
    await refreshOk(signedIn.refreshToken)
    t.clock.advance(1)
    expect(await errorOf(await refresh(signedIn.refreshToken))).toMatchObject({ error: 'reuse_detected' })
  })

  test('behavior: the session ends absolutely; the last access token stops at the end', async () => {
    t = await startTestServer({ sessionTtl: 3600, accessTokenTtl: 900 })
    let tokens = await t.signIn()
    const end = tokens.session.expiresAt
    for (let i = 0; i < 3; i++) {
      t.clock.advance(890_000)
      tokens = await refreshOk(tokens.refreshToken)
      expect(tokens.session.expiresAt).toBe(end)
    }
    t.clock.advance(890_000) // 59m20s in: the new access token is capped at the session end
    tokens = await refreshOk(tokens.refreshToken)
    expect(tokens.session.accessTokenExpiresAt).toBe(Math.floor(end / 1000) * 1000)
    t.clock.advance(end - t.clock.now())
    expect(await errorOf(await refresh(tokens.refreshToken))).toMatchObject({ status: 401, error: 'session_expired' })
  })

  test('behavior: unknown tokens are invalid_grant; a missing token is invalid_request', async () => {
    t = await startTestServer()
    expect(await errorOf(await refresh('x'.repeat(43)))).toMatchObject({ status: 401, error: 'invalid_grant' })
    expect(await errorOf(await t.post('/refresh', {}))).toMatchObject({ status: 400, error: 'invalid_request' })
    expect(await errorOf(await t.post('/refresh', { refreshToken: 42 }))).toMatchObject({ status: 400, error: 'invalid_request' })
  })

  test('behavior: a logged-out session cannot refresh', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    expect((await t.post('/logout', { refreshToken: signedIn.refreshToken })).status).toBe(200)
    expect(await errorOf(await refresh(signedIn.refreshToken))).toMatchObject({ status: 401, error: 'session_revoked' })
  })
})
