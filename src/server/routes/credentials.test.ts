// @vitest-environment node
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import type { SessionUpdateResponse, TokenResponse, User } from '../../core/protocol.js'
import { createTestWallet } from '../../testing/wallets/index.js'
import { errorOf, startTestServer } from '../server.testkit.js'
import { bearer, evmProof } from '../wallet/route.testkit.js'

const ALICE = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const
const BOB = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const

let t: Awaited<ReturnType<typeof startTestServer>>
afterEach(() => t.close())

const del = (id: string, token: string) =>
  fetch(`${t.base}/credentials/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'x-latchkey': '1', ...bearer(token) } })
const patch = (body: unknown, token: string) =>
  fetch(`${t.base}/me`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-latchkey': '1', ...bearer(token) }, body: JSON.stringify(body) })

/** An email user with two linked wallets. */
async function userWithWallets() {
  const signedIn = await t.signIn('owner@example.com')
  let user: User = signedIn.session.user
  for (const key of [ALICE, BOB] as const) {
    const proof = await evmProof(t, createTestWallet({ privateKey: key }), { purpose: 'link', token: signedIn.accessToken })
    user = ((await (await t.post('/link/wallet', proof, bearer(signedIn.accessToken))).json()) as SessionUpdateResponse).session.user
  }
  const [email, alice, bob] = user.verifiedCredentials as [User['verifiedCredentials'][0], User['verifiedCredentials'][0], User['verifiedCredentials'][0]]
  return { signedIn, user, email, alice, bob }
}

describe('DELETE /credentials/:id', () => {
  test('default: unlinks a wallet; same session, new token without it; the primary wallet is cleared', async () => {
    t = await startTestServer()
    const { signedIn, user, alice, bob } = await userWithWallets()
    expect(user.primaryWalletId).toBe(alice.id)
    const response = await del(alice.id, signedIn.accessToken)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<SessionUpdateResponse>
    expect(body.session.id).toBe(signedIn.session.id)
    expect(body.session.user.verifiedCredentials.map((c) => c.id)).toEqual([user.verifiedCredentials[0]!.id, bob.id])
    expect(body.session.user.primaryWalletId).toBeNull()
    expect((decodeJwt(body.accessToken).verified_credentials as unknown[]).length).toBe(2)
    // The wallet is free again: another user may link it.
    const other = await t.signIn('other@example.com')
    const proof = await evmProof(t, createTestWallet({ privateKey: ALICE }), { purpose: 'link', token: other.accessToken })
    expect((await t.post('/link/wallet', proof, bearer(other.accessToken))).status).toBe(200)
  })

  test('behavior: never the last credential (409 last_credential)', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const id = signedIn.session.user.verifiedCredentials[0]!.id
    expect(await errorOf(await del(id, signedIn.accessToken))).toMatchObject({ status: 409, error: 'last_credential' })
    const wallet = (await (await t.post('/wallet/verify', await evmProof(t, createTestWallet({ privateKey: ALICE })))).json()) as Required<TokenResponse>
    expect(await errorOf(await del(wallet.session.user.verifiedCredentials[0]!.id, wallet.accessToken))).toMatchObject({ error: 'last_credential' })
  })

  test('behavior: another user\'s or an unknown id is 404 credential_not_found, and nothing changes', async () => {
    t = await startTestServer()
    const { signedIn, alice } = await userWithWallets()
    const stranger = await t.signIn('stranger@example.com')
    expect(await errorOf(await del(alice.id, stranger.accessToken))).toMatchObject({ status: 404, error: 'credential_not_found' })
    expect(await errorOf(await del('cred_nope', signedIn.accessToken))).toMatchObject({ status: 404, error: 'credential_not_found' })
    const me = (await (await t.get('/me', bearer(signedIn.accessToken))).json()) as User
    expect(me.verifiedCredentials).toHaveLength(3)
  })

  test('behavior: parallel removal of the last two credentials removes exactly one', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const linked = (await (
      await t.post('/link/wallet', await evmProof(t, createTestWallet({ privateKey: ALICE }), { purpose: 'link', token: signedIn.accessToken }), bearer(signedIn.accessToken))
    ).json()) as SessionUpdateResponse
    const ids = linked.session.user.verifiedCredentials.map((c) => c.id)
    const responses = await Promise.all(ids.map((id) => del(id, signedIn.accessToken)))
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409])
  })

  test('behavior: needs a session and the CSRF header', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const id = signedIn.session.user.verifiedCredentials[0]!.id
    expect(await errorOf(await fetch(`${t.base}/credentials/${id}`, { method: 'DELETE', headers: { 'x-latchkey': '1' } }))).toMatchObject({ status: 401 })
    expect(await errorOf(await fetch(`${t.base}/credentials/${id}`, { method: 'DELETE', headers: bearer(signedIn.accessToken) }))).toMatchObject({
      status: 403,
      error: 'csrf_failed',
    })
  })
})

describe('PATCH /me', () => {
  test('default: sets alias and name; same session, new token; GET /me agrees', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const response = await patch({ alias: '  ada ', name: 'Ada Lovelace' }, signedIn.accessToken)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Required<SessionUpdateResponse>
    expect(body.session).toMatchObject({ id: signedIn.session.id, user: { alias: 'ada', name: 'Ada Lovelace' } })
    expect(decodeJwt(body.accessToken).sid).toBe(signedIn.session.id)
    expect(await (await t.get('/me', bearer(signedIn.accessToken))).json()).toEqual(body.session.user)
    // Left out: unchanged. Null or empty: cleared.
    const cleared = (await (await patch({ alias: null }, signedIn.accessToken)).json()) as SessionUpdateResponse
    expect(cleared.session.user).toMatchObject({ alias: null, name: 'Ada Lovelace' })
    expect(((await (await patch({ name: '' }, signedIn.accessToken)).json()) as SessionUpdateResponse).session.user.name).toBeNull()
  })

  test('behavior: primaryWalletId must be one of the user\'s wallets', async () => {
    t = await startTestServer()
    const { signedIn, email, bob } = await userWithWallets()
    const set = (await (await patch({ primaryWalletId: bob.id }, signedIn.accessToken)).json()) as SessionUpdateResponse
    expect(set.session.user.primaryWalletId).toBe(bob.id)
    expect(await errorOf(await patch({ primaryWalletId: email.id }, signedIn.accessToken))).toMatchObject({ status: 400, error: 'invalid_request' })
    const stranger = (await (await t.post('/wallet/verify', await evmProof(t, createTestWallet()))).json()) as Required<TokenResponse>
    expect(await errorOf(await patch({ primaryWalletId: stranger.session.user.verifiedCredentials[0]!.id }, signedIn.accessToken))).toMatchObject({
      status: 404,
      error: 'credential_not_found',
    })
    expect(((await (await patch({ primaryWalletId: null }, signedIn.accessToken)).json()) as SessionUpdateResponse).session.user.primaryWalletId).toBeNull()
  })

  test('behavior: bad fields are invalid_request naming the field, and change nothing', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const cases: Array<[unknown, RegExp]> = [
      [{ alias: 'a'.repeat(65) }, /alias/],
      [{ name: 'n'.repeat(129) }, /name/],
      [{ alias: 42 }, /alias/],
      [{ primaryWalletId: 5 }, /primaryWalletId/],
      [{ email: 'new@example.com' }, /email/],
    ]
    for (const [body, field] of cases) {
      const error = await errorOf(await patch(body, signedIn.accessToken))
      expect(error).toMatchObject({ status: 400, error: 'invalid_request' })
      expect(error.message).toMatch(field)
    }
    expect(await (await t.get('/me', bearer(signedIn.accessToken))).json()).toEqual(signedIn.session.user)
    expect(await errorOf(await fetch(`${t.base}/me`, { method: 'PATCH', headers: { 'x-latchkey': '1' }, body: '{}' }))).toMatchObject({ status: 401 })
  })
})
