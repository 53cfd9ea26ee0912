import { describe, expect, test, vi } from 'vitest'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { createFakeWalletApi } from '../testing/fakeWalletApi.testkit.js'
import { createAuthClient } from './createAuthClient.js'
import type { AuthClientOptions } from './createAuthClient.js'
import { createMemoryStorage } from './record.js'
import type { AuthEvent } from './types.js'

// The wallet actions over the chain-neutral seam: a test adapter that really signs
// EIP-4361 messages, and a scripted auth API that checks what the client sends and
// answers in the protocol's shapes (the real routes are tested in src/server).

const T = Date.UTC(2026, 10, 22, 12)

function setup(options: Partial<AuthClientOptions> = {}) {
  vi.useFakeTimers({ now: T })
  const api = createFakeWalletApi()
  const adapter = createTestWalletAdapter()
  const storage = createMemoryStorage()
  const make = (extra: Partial<AuthClientOptions> = {}) =>
    createAuthClient({
      fetch: api.fetch,
      storageAdapter: storage,
      channel: null,
      lock: null,
      visibility: null,
      activity: null,
      wallets: [adapter],
      walletMessage: { domain: 'app.example.com', uri: 'https://app.example.com' },
      ...options,
      ...extra,
    })
  const client = make()
  const events: AuthEvent[] = []
  const stop = client.onAuthStateChange((event) => events.push(event))
  return { api, adapter, storage, client, events, stop, make }
}

describe('signInWithWallet', () => {
  test('default', async () => {
    const { api, adapter, client, events } = setup()
    await vi.runAllTimersAsync()
    const user = await client.signInWithWallet()
    expect(adapter.calls).toEqual(['reconnect', 'connect', 'signMessage']) // reconnect: restoring a previous connection on start
    expect(api.calls.map((call) => call.path)).toEqual(['/nonce', '/wallet/verify'])
    expect(api.calls[0]?.body).toEqual({ purpose: 'sign-in' })
    const message = String(api.calls[1]?.body?.message)
    expect(message).toBe(adapter.signed[0])
    expect(message.split('\n')[0]).toBe('app.example.com wants you to sign in with your Ethereum account:')
    expect(message).toContain(`\n${adapter.address}\n`)
    expect(message).toContain('URI: https://app.example.com')
    expect(message).toContain('Chain ID: 1')
    expect(api.calls[1]?.body).toMatchObject({ chain: 'evm', walletName: 'Dev wallet' })
    expect(String(api.calls[1]?.body?.signature)).toMatch(/^0x[0-9a-f]{130}$/)
    expect(user.verifiedCredentials[0]).toMatchObject({ format: 'blockchain', address: adapter.address })
    expect(client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: null })
    expect(events.map((event) => event.type)).toEqual(['INITIAL_SESSION', 'SIGNED_IN'])
  })

  test('parameters: issuedAt and expirationTime follow the server clock, not the local one', async () => {
    vi.useFakeTimers({ now: T })
    const api = createFakeWalletApi({ serverOffset: 3_600_000 }) // the server is an hour ahead
    const adapter = createTestWalletAdapter()
    const client = createAuthClient({ fetch: api.fetch, storageAdapter: createMemoryStorage(), channel: null, lock: null, visibility: null, activity: null, wallets: [adapter] })
    await client.signInWithWallet()
    const message = adapter.signed[0] ?? ''
    expect(/Issued At: (.+)/.exec(message)?.[1]).toBe(new Date(T + 3_600_000).toISOString())
    expect(/Expiration Time: (.+)/.exec(message)?.[1]).toBe(new Date(T + 3_600_000 + 10 * 60_000).toISOString())
    // Default domain and uri: the page's (happy-dom's) location.
    expect(message.split('\n')[0]).toBe(`${location.host} wants you to sign in with your Ethereum account:`)
  })

  test('behavior: the user refuses to sign → user_rejected, nothing sent, still signed out', async () => {
    const { api, adapter, client } = setup()
    adapter.rejectNext('signMessage')
    await expect(client.signInWithWallet()).rejects.toMatchObject({ code: 'user_rejected' })
    expect(api.calls.map((call) => call.path)).toEqual(['/nonce'])
    expect(client.getState().status).toBe('unauthenticated')
  })

  test('behavior: no adapter registered → wallet_not_found with a fix', async () => {
    vi.useFakeTimers({ now: T })
    const client = createAuthClient({ fetch: vi.fn(), storageAdapter: createMemoryStorage(), channel: null, lock: null })
    await expect(client.signInWithWallet()).rejects.toMatchObject({ code: 'wallet_not_found', message: expect.stringContaining('evmWallets()') })
  })

  test('behavior: a bad server answer is invalid_response, never a crash', async () => {
    const { api, client } = setup()
    api.fetch.mockImplementationOnce(async () => new Response(JSON.stringify({ nonce: 42 }), { status: 200 }))
    await expect(client.signInWithWallet()).rejects.toMatchObject({ code: 'invalid_response' })
  })
})

describe('linkWallet', () => {
  test('default: same session, new user, CREDENTIAL_LINKED, no sign-out, no loading', async () => {
    const { api, adapter, client, events } = setup()
    await client.signInWithWallet()
    const before = client.getState()
    if (before.status !== 'authenticated') throw new Error('expected a session')
    const statuses: string[] = []
    client.subscribe(() => statuses.push(client.getState().status))
    adapter.switchAccount(`0x${'11'.repeat(32)}`)
    const user = await client.linkWallet()
    const after = client.getState()
    if (after.status !== 'authenticated') throw new Error('expected a session')
    expect(after.session.id).toBe(before.session.id)
    expect(after.user).not.toBe(before.user)
    expect(user.verifiedCredentials.map((credential) => credential.address)).toEqual([before.user.verifiedCredentials[0]?.address, adapter.address])
    expect(api.calls.slice(-2).map((call) => [call.path, call.body?.purpose ?? null])).toEqual([
      ['/nonce', 'link'],
      ['/link/wallet', null],
    ])
    expect(api.calls.at(-1)?.authorization).toMatch(/^Bearer /)
    expect(events.map((event) => event.type)).toEqual(['INITIAL_SESSION', 'SIGNED_IN', 'CREDENTIAL_LINKED'])
    expect(statuses.every((status) => status === 'authenticated')).toBe(true)
    // The mismatch the account switch raised is gone now the account is the user's.
    expect(after.walletMismatch).toBeNull()
  })

  test('behavior: a wallet owned by another user → credential_in_use, session untouched', async () => {
    const { adapter, client, make } = setup()
    const other = '0x' + '22'.repeat(32)
    // Someone else signs in with `other` first (another device).
    adapter.switchAccount(other as `0x${string}`)
    const device = make({ storageAdapter: createMemoryStorage() })
    await device.signInWithWallet()
    await device.disconnectWallet()
    adapter.switchAccount(0)
    await client.signInWithWallet()
    const before = client.getState()
    adapter.switchAccount(1)
    await expect(client.linkWallet()).rejects.toMatchObject({ code: 'credential_in_use' })
    const after = client.getState()
    expect(after.status).toBe('authenticated')
    if (after.status !== 'authenticated' || before.status !== 'authenticated') return
    expect(after.session).toBe(before.session)
    expect(after.user).toBe(before.user)
  })

  test('behavior: not signed in → not_signed_in before any wallet prompt', async () => {
    const { adapter, client } = setup()
    await expect(client.linkWallet()).rejects.toMatchObject({ code: 'not_signed_in' })
    expect(adapter.calls.filter((call) => call !== 'reconnect')).toEqual([])
  })
})

describe('walletMismatch', () => {
  const signedInThenSwitch = async (options: Partial<AuthClientOptions>) => {
    const context = setup(options)
    const unsubscribe = context.client.subscribe(() => {}) // watchers attach on the first subscriber
    await context.client.signInWithWallet()
    const sessionAddress = context.adapter.address
    context.adapter.switchAccount(('0x' + '33'.repeat(32)) as `0x${string}`)
    return { ...context, sessionAddress, unsubscribe }
  }

  test('default: prompt sets walletMismatch and keeps the session', async () => {
    const { client, adapter, sessionAddress, events } = await signedInThenSwitch({})
    expect(client.getState()).toMatchObject({
      status: 'authenticated',
      walletMismatch: { sessionAddress, connectedAddress: adapter.address, chain: 'eip155' },
    })
    // Switching back clears it.
    adapter.switchAccount(0)
    expect(client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: null })
    expect(events.map((event) => event.type)).not.toContain('SIGNED_OUT')
  })

  test('parameters: onWalletMismatch signOut ends the session with reason wallet_changed', async () => {
    const { client, events, api } = await signedInThenSwitch({ onWalletMismatch: 'signOut' })
    expect(client.getState().status).toBe('unauthenticated')
    expect(events.at(-1)).toEqual({ type: 'SIGNED_OUT', reason: 'wallet_changed' })
    await vi.runAllTimersAsync()
    expect(api.calls.map((call) => call.path)).toContain('/logout')
  })

  test('parameters: onWalletMismatch ignore keeps the session and only records the mismatch', async () => {
    const { client } = await signedInThenSwitch({ onWalletMismatch: 'ignore' })
    expect(client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: { chain: 'eip155' } })
  })

  test('behavior: a chain switch keeps the session unless signOutOnChainChange', async () => {
    const kept = setup()
    kept.client.subscribe(() => {})
    await kept.client.signInWithWallet()
    kept.adapter.switchChain(8453)
    expect(kept.client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: null })

    const ended = setup({ signOutOnChainChange: true })
    ended.client.subscribe(() => {})
    await ended.client.signInWithWallet()
    ended.adapter.switchChain(8453)
    expect(ended.client.getState().status).toBe('unauthenticated')
    expect(ended.events.at(-1)).toEqual({ type: 'SIGNED_OUT', reason: 'wallet_changed' })
  })
})

describe('connect-only mode', () => {
  test('default: connecting makes a visitor with no request to the server; signing upgrades it', async () => {
    const { api, adapter, client, events } = setup({ mode: 'connect-only' })
    client.subscribe(() => {})
    const account = await client.connectWallet()
    expect(api.calls).toEqual([])
    expect(client.getState()).toEqual({
      status: 'visitor',
      wallet: { chain: 'eip155', address: adapter.address, walletName: 'Dev wallet', walletId: 'dev.latchkey.testwallet', chainId: 1 },
    })
    expect(account.address).toBe(adapter.address)
    await client.signInWithWallet()
    expect(adapter.calls.filter((call) => call !== 'reconnect')).toEqual(['connect', 'signMessage']) // no second connect
    expect(client.getState().status).toBe('authenticated')
    expect(events.map((event) => event.type)).toEqual(['INITIAL_SESSION', 'SIGNED_IN'])
  })

  test('behavior: signing out leaves the visitor (the wallet stays connected); disconnecting leaves nobody', async () => {
    const { client } = setup({ mode: 'connect-only' })
    client.subscribe(() => {})
    await client.signInWithWallet()
    await client.signOut()
    expect(client.getState().status).toBe('visitor')
    await client.disconnectWallet()
    expect(client.getState().status).toBe('unauthenticated')
  })

  test('behavior: sign-in mode never makes visitors', async () => {
    const { client } = setup()
    client.subscribe(() => {})
    await client.connectWallet()
    expect(client.getState().status).toBe('unauthenticated')
  })
})

describe('disconnectWallet', () => {
  test('default: the session stays, and a reload does not reconnect', async () => {
    const { adapter, client, make } = setup()
    client.subscribe(() => {})
    await client.signInWithWallet()
    expect(adapter.calls.filter((call) => call === 'reconnect')).toHaveLength(1) // on start
    await client.disconnectWallet()
    expect(client.getState().status).toBe('authenticated')
    expect(adapter.getAccount()).toBeNull()
    const reloaded = make()
    reloaded.subscribe(() => {})
    // The wallet runtime loads with `import()`: let it attach, then check.
    await vi.dynamicImportSettled()
    expect(reloaded.getState().status).toBe('authenticated')
    expect(adapter.calls.filter((call) => call === 'reconnect')).toHaveLength(1)
    // Connecting again lifts it.
    await reloaded.connectWallet()
    const again = make()
    again.subscribe(() => {})
    await vi.dynamicImportSettled()
    expect(adapter.calls.at(-1)).toBe('reconnect')
  })
})

describe('options', () => {
  test('behavior: misuse is a TypeError at construction', () => {
    expect(() => createAuthClient({ mode: 'visitor' as never })).toThrow(TypeError)
    expect(() => createAuthClient({ onWalletMismatch: 'switch' as never })).toThrow(TypeError)
    expect(() => createAuthClient({ wallets: {} as never })).toThrow(TypeError)
    const adapter = createTestWalletAdapter()
    expect(() => createAuthClient({ wallets: [adapter, adapter] })).toThrow(/share the id/)
  })
})

describe('linkWallet while connecting', () => {
  test('behavior: connecting the further wallet raises no mismatch on the way; a refusal then does', async () => {
    const { adapter, client } = setup()
    client.subscribe(() => {})
    await client.signInWithWallet()
    await client.disconnectWallet()
    adapter.switchAccount(`0x${'88'.repeat(32)}`)
    const seen: unknown[] = []
    client.subscribe(() => {
      const state = client.getState()
      if (state.status === 'authenticated') seen.push(state.walletMismatch)
    })
    await client.linkWallet()
    expect(seen.every((mismatch) => mismatch === null)).toBe(true)
    // Declined: the link ends, and the connected account is someone else's after all.
    adapter.switchAccount(`0x${'99'.repeat(32)}`)
    adapter.rejectNext('signMessage')
    await expect(client.linkWallet()).rejects.toMatchObject({ code: 'user_rejected' })
    expect(client.getState()).toMatchObject({ walletMismatch: { connectedAddress: adapter.address } })
  })
})
