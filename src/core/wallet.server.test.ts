import { describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/createTestAuth.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import type { AuthEvent } from './types.js'

// The wallet actions against the real server (in process): real nonces, real EIP-4361
// parsing and signature checks, real linking rules.

function setup() {
  const adapter = createTestWalletAdapter()
  const auth = createTestAuth({
    client: { wallets: [adapter], walletMessage: { domain: 'localhost', uri: 'http://localhost' } },
  })
  const events: AuthEvent[] = []
  auth.client.onAuthStateChange((event) => events.push(event))
  return { auth, adapter, events }
}

describe('wallets against the real server', () => {
  test('default: sign in, link a second wallet in place, make it primary, unlink it', async () => {
    const { auth, adapter, events } = setup()
    const user = await auth.client.signInWithWallet()
    expect(user.verifiedCredentials).toEqual([expect.objectContaining({ format: 'blockchain', chain: 'eip155', address: adapter.address, walletName: 'Dev wallet' })])
    const before = auth.client.getState()
    if (before.status !== 'authenticated') throw new Error('expected a session')

    const first = adapter.address
    adapter.switchAccount(`0x${'66'.repeat(32)}`)
    const linked = await auth.client.linkWallet()
    const after = auth.client.getState()
    if (after.status !== 'authenticated') throw new Error('expected a session')
    expect(after.session.id).toBe(before.session.id)
    expect(linked.id).toBe(user.id)
    expect(linked.verifiedCredentials.map((credential) => credential.address)).toEqual([first, adapter.address])
    expect(events.map((event) => event.type)).toEqual(['INITIAL_SESSION', 'SIGNED_IN', 'CREDENTIAL_LINKED'])

    // The new access token carries the new credential (what a backend reads).
    const token = await auth.client.getAccessToken()
    const claims = JSON.parse(atob((token ?? '').split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { verified_credentials: Array<{ address?: string }>; sid: string }
    expect(claims.sid).toBe(before.session.id)
    expect(claims.verified_credentials.map((credential) => credential.address)).toEqual([first, adapter.address])

    const second = linked.verifiedCredentials[1]!
    const updated = await auth.client.updateUser({ primaryWalletId: second.id })
    expect(updated.primaryWalletId).toBe(second.id)
    const unlinked = await auth.client.unlinkCredential({ id: second.id })
    expect(unlinked.verifiedCredentials.map((credential) => credential.address)).toEqual([first])
    await expect(auth.client.unlinkCredential({ id: unlinked.verifiedCredentials[0]!.id })).rejects.toMatchObject({ code: 'last_credential' })
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated', session: { id: before.session.id } })
  })

  test('behavior: a wallet that belongs to someone else is credential_in_use, and nothing changes', async () => {
    const { auth, adapter } = setup()
    const owned = `0x${'77'.repeat(32)}` as const
    // Another device signs in with `owned` first.
    const otherAdapter = createTestWalletAdapter({ privateKey: owned })
    const other = auth.createClient({ wallets: [otherAdapter], walletMessage: { domain: 'localhost', uri: 'http://localhost' } })
    await other.signInWithWallet()

    await auth.client.signInWithWallet()
    const before = auth.client.getState()
    adapter.switchAccount(owned)
    await expect(auth.client.linkWallet()).rejects.toMatchObject({ code: 'credential_in_use' })
    const after = auth.client.getState()
    if (before.status !== 'authenticated' || after.status !== 'authenticated') throw new Error('expected a session')
    // Same session, same user object: never a silent switch or merge. The connected account
    // is someone else's, which is what `walletMismatch` says.
    expect(after.session).toBe(before.session)
    expect(after.user).toBe(before.user)
    expect(after.walletMismatch).toMatchObject({ connectedAddress: adapter.address })
  })

  test('behavior: link an email with its code; the email then signs in to the same user', async () => {
    const { auth } = setup()
    const user = await auth.client.signInWithWallet()
    await auth.client.linkEmailStart({ email: 'wallet-user@example.com' })
    const linked = await auth.client.linkEmailVerify({ email: 'wallet-user@example.com', code: auth.lastCode('wallet-user@example.com') })
    expect(linked.verifiedCredentials.map((credential) => credential.format)).toEqual(['blockchain', 'email'])
    const device = auth.createClient()
    await device.startEmailSignIn({ email: 'wallet-user@example.com' }).catch(() => undefined)
    const again = await device.verifyEmailSignIn({ email: 'wallet-user@example.com', code: auth.lastCode('wallet-user@example.com') })
    expect(again.id).toBe(user.id)
  })

  test('behavior: a reload restores the wallet session', async () => {
    const { auth } = setup()
    const user = await auth.client.signInWithWallet()
    const reloaded = auth.reload()
    expect(reloaded.getState()).toMatchObject({ status: 'authenticated', user: { id: user.id } })
  })

  test('behavior: a message for another domain is refused by the server', async () => {
    const adapter = createTestWalletAdapter()
    const auth = createTestAuth({ client: { wallets: [adapter], walletMessage: { domain: 'evil.example', uri: 'https://evil.example' } } })
    await expect(auth.client.signInWithWallet()).rejects.toMatchObject({ code: 'domain_mismatch' })
    expect(auth.client.getState().status).toBe('unauthenticated')
  })
})
