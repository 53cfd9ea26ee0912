// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { SessionUpdateResponse, TokenResponse } from '../../core/protocol.js'
import { createTestSolanaWallet, createTestWallet } from '../../testing/wallets/index.js'
import { errorOf, startTestServer } from '../server.testkit.js'
import { bearer, evmProof, solanaProof } from '../wallet/route.testkit.js'

const ALICE = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const BOB = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('POST /link/wallet', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())
  const link = (body: unknown, token: string) => t.post('/link/wallet', body, bearer(token))

  test('default: an email user links an EVM wallet; same session, new access token with the wallet, refresh untouched', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn('ada@example.com')
    const wallet = createTestWallet({ privateKey: ALICE })
    t.clock.advance(5_000)
    const response = await link(await evmProof(t, wallet, { purpose: 'link', token: signedIn.accessToken }), signedIn.accessToken)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<SessionUpdateResponse>
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'session'])
    expect(body.session).toMatchObject({ id: signedIn.session.id, expiresAt: signedIn.session.expiresAt, serverNow: t.clock.now() })
    const walletCredential = body.session.user.verifiedCredentials[1]!
    expect(body.session.user).toMatchObject({
      id: signedIn.session.user.id,
      email: 'ada@example.com',
      primaryWalletId: walletCredential.id,
      verifiedCredentials: [{ format: 'email', email: 'ada@example.com' }, { format: 'blockchain', chain: 'eip155', address: wallet.address }],
    })
    const claims = decodeJwt(body.accessToken)
    expect(claims).toMatchObject({ sid: signedIn.session.id, sub: signedIn.session.user.id })
    expect(claims.verified_credentials).toHaveLength(2)
    // The old refresh token still works (nothing rotated or forked) and now carries the wallet too.
    const refreshed = (await (await t.post('/refresh', { refreshToken: signedIn.refreshToken })).json()) as Required<TokenResponse>
    expect(refreshed.session.id).toBe(signedIn.session.id)
    expect(refreshed.session.user).toEqual(body.session.user)
    // Signing in with the wallet now reaches the same user.
    const viaWallet = (await (await t.post('/wallet/verify', await evmProof(t, wallet))).json()) as TokenResponse
    expect(viaWallet.session.user.id).toBe(signedIn.session.user.id)
  })

  test('behavior: a wallet user links a Solana wallet, and the reverse', async () => {
    t = await startTestServer()
    const evm = createTestWallet({ privateKey: ALICE })
    const sol = createTestSolanaWallet({ secretKey: new Uint8Array(32).fill(3) })
    const evmUser = (await (await t.post('/wallet/verify', await evmProof(t, evm))).json()) as Required<TokenResponse>
    const linked = await link(await solanaProof(t, sol, { purpose: 'link', token: evmUser.accessToken }), evmUser.accessToken)
    expect(linked.status).toBe(200)
    const body = (await linked.json()) as SessionUpdateResponse
    expect(body.session.user.verifiedCredentials.map((c) => c.chain)).toEqual(['eip155', 'solana'])
    // The first wallet stays primary.
    expect(body.session.user.primaryWalletId).toBe(evmUser.session.user.primaryWalletId)

    const sol2 = createTestSolanaWallet({ secretKey: new Uint8Array(32).fill(4) })
    const solUser = (await (await t.post('/wallet/verify', await solanaProof(t, sol2))).json()) as Required<TokenResponse>
    const bob = createTestWallet({ privateKey: BOB })
    const reverse = await link(await evmProof(t, bob, { purpose: 'link', token: solUser.accessToken }), solUser.accessToken)
    expect(((await reverse.json()) as SessionUpdateResponse).session.user.verifiedCredentials.map((c) => c.chain)).toEqual(['solana', 'eip155'])
  })

  test('behavior: a wallet owned by another user is 409 credential_in_use; the session is untouched', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const owner = (await (await t.post('/wallet/verify', await evmProof(t, wallet))).json()) as Required<TokenResponse>
    const other = await t.signIn('other@example.com')
    const response = await link(await evmProof(t, wallet, { purpose: 'link', token: other.accessToken }), other.accessToken)
    expect(await errorOf(response)).toMatchObject({ status: 409, error: 'credential_in_use' })
    expect(((await (await t.get('/me', bearer(other.accessToken))).json()) as { verifiedCredentials: unknown[] }).verifiedCredentials).toHaveLength(1)
    expect(((await (await t.get('/me', bearer(owner.accessToken))).json()) as { id: string }).id).toBe(owner.session.user.id)
    expect((await t.post('/refresh', { refreshToken: other.refreshToken })).status).toBe(200)
  })

  test('behavior: two users linking one wallet in parallel: exactly one gets it', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const users = await Promise.all(['p1@example.com', 'p2@example.com', 'p3@example.com'].map((email) => t.signIn(email)))
    const proofs = await Promise.all(users.map((u) => evmProof(t, wallet, { purpose: 'link', token: u.accessToken })))
    const responses = await Promise.all(users.map((u, i) => link(proofs[i], u.accessToken)))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409])
  })

  test('behavior: linking the same wallet twice is idempotent', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const wallet = createTestWallet({ privateKey: ALICE })
    const first = (await (await link(await evmProof(t, wallet, { purpose: 'link', token: signedIn.accessToken }), signedIn.accessToken)).json()) as SessionUpdateResponse
    const again = await link(await evmProof(t, wallet, { purpose: 'link', token: signedIn.accessToken }), signedIn.accessToken)
    expect(again.status).toBe(200)
    expect(((await again.json()) as SessionUpdateResponse).session.user).toEqual(first.session.user)
  })

  test('behavior: a sign-in nonce cannot link, nor a link nonce of another session', async () => {
    t = await startTestServer()
    const wallet = createTestWallet({ privateKey: ALICE })
    const mine = await t.signIn('mine@example.com')
    const theirs = await t.signIn('mine@example.com')
    expect(await errorOf(await link(await evmProof(t, wallet), mine.accessToken))).toMatchObject({ error: 'nonce_purpose_mismatch' })
    const foreign = await evmProof(t, wallet, { purpose: 'link', token: theirs.accessToken })
    expect(await errorOf(await link(foreign, mine.accessToken))).toMatchObject({ error: 'nonce_purpose_mismatch' })
    // Still usable by the session it was issued to.
    expect((await link(foreign, theirs.accessToken)).status).toBe(200)
  })

  test('behavior: without a session, or with a revoked one, linking is refused before anything is read', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }), { purpose: 'link', token: signedIn.accessToken })
    expect(await errorOf(await t.post('/link/wallet', proof))).toMatchObject({ status: 401, error: 'unauthorized' })
    await t.post('/logout', { refreshToken: signedIn.refreshToken })
    expect(await errorOf(await link(proof, signedIn.accessToken))).toMatchObject({ status: 401, error: 'session_revoked' })
    expect(await errorOf(await t.post('/nonce', { purpose: 'link' }, bearer(signedIn.accessToken)))).toMatchObject({ error: 'session_revoked' })
  })

  test('behavior: cookie mode sends a new access cookie only', async () => {
    t = await startTestServer({ storage: 'cookie' })
    const code = await t.requestCode('cookie@example.com')
    const signedIn = await t.post('/email/verify', { email: 'cookie@example.com', code })
    const access = signedIn.headers.getSetCookie().find((c) => c.startsWith('latchkey_access='))!.split(';')[0]!
    const nonceResponse = await t.post('/nonce', { purpose: 'link' }, { cookie: access })
    expect(nonceResponse.status).toBe(200)
    const { nonce } = (await nonceResponse.json()) as { nonce: string }
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }), { nonce })
    const response = await t.post('/link/wallet', proof, { cookie: access })
    expect(response.status).toBe(200)
    const body = (await response.json()) as SessionUpdateResponse
    expect(body.accessToken).toBeUndefined()
    expect(body.session.user.verifiedCredentials).toHaveLength(2)
    const cookies = response.headers.getSetCookie()
    expect(cookies).toHaveLength(1)
    expect(cookies[0]).toMatch(/^latchkey_access=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/)
  })
})
