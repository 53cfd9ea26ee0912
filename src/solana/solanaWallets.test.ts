import type { Wallet } from '@wallet-standard/base'
import { afterEach, describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/createTestAuth.js'
import { createMemoryStorage } from '../testing/fakes.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { createTestSolanaWallet } from '../testing/wallets/index.js'
import type { TestSolanaWallet } from '../testing/wallets/index.js'
import type { AuthState } from '../core/index.js'
import { solanaWallets } from './index.js'
import type { SolanaWalletsOptions } from './index.js'

// The whole chain below the UI: the Wallet Standard test wallet (real ed25519 signatures) →
// solanaWallets → the core client → the real server's SIWS parser and verifier.

const seed = (byte: number) => new Uint8Array(32).fill(byte)
const walletMessage = { domain: 'localhost', uri: 'http://localhost' }
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function setup(options: { wallet?: TestSolanaWallet; adapter?: SolanaWalletsOptions; client?: Record<string, unknown> } = {}) {
  const wallet = options.wallet ?? createTestSolanaWallet({ secretKey: seed(1) })
  const storage = createMemoryStorage()
  const adapter = solanaWallets({ wallets: [wallet as unknown as Wallet], storage, ...options.adapter })
  const auth = createTestAuth({ client: { storageAdapter: storage, wallets: [adapter], walletMessage, ...options.client } })
  cleanups.push(auth.client.subscribe(() => {}))
  return { wallet, adapter, auth }
}

function authenticated(state: AuthState) {
  if (state.status !== 'authenticated') throw new Error(`expected a session, got ${state.status}`)
  return state
}

describe('solanaWallets', () => {
  test('default: lists the Solana wallets it was given, and nothing else', () => {
    const wallet = createTestSolanaWallet({ secretKey: seed(1) })
    const notSolana = { ...wallet, name: 'EVM only', chains: ['eip155:1'], features: wallet.features } as unknown as Wallet
    const adapter = solanaWallets({ wallets: [wallet as unknown as Wallet, notSolana], storage: null })
    expect(adapter.id).toBe('solana')
    expect(adapter.chain).toBe('solana')
    expect(adapter.listWallets()).toEqual([{ id: 'Dev Solana wallet', name: 'Dev Solana wallet', icon: wallet.icon, chain: 'solana', installed: true }])
    expect(adapter.listWallets()).toBe(adapter.listWallets())
    expect(adapter.getAccount()).toBeNull()
  })

  test('behavior: discovery finds a wallet that registers through the Wallet Standard window events', () => {
    const adapter = solanaWallets({ storage: null })
    let changes = 0
    cleanups.push(adapter.subscribe(() => changes++))
    const wallet = createTestSolanaWallet({ secretKey: seed(2), name: 'Discovered wallet' })
    cleanups.push(wallet.register())
    expect(changes).toBe(1)
    expect(adapter.listWallets().map((item) => item.name)).toContain('Discovered wallet')
  })

  test('behavior: sign in through solana:signIn; the server verifies the wallet-built SIWS message', async () => {
    const { wallet, auth } = setup()
    let signIns = 0
    const original = wallet.features['solana:signIn'].signIn
    wallet.features['solana:signIn'].signIn = (...inputs) => {
      signIns++
      return original(...inputs)
    }
    const user = await auth.client.signInWithWallet()
    expect(signIns).toBe(1)
    expect(user.verifiedCredentials).toEqual([expect.objectContaining({ format: 'blockchain', chain: 'solana', address: wallet.address, walletName: 'Dev Solana wallet' })])
    expect(auth.client.getWalletAccount()).toMatchObject({ address: wallet.address, chainId: 'mainnet', walletName: 'Dev Solana wallet' })
  })

  test('behavior: a wallet without solana:signIn signs a SIWS message written by the adapter', async () => {
    const wallet = createTestSolanaWallet({ secretKey: seed(3), omitFeatures: ['solana:signIn'] })
    const { auth } = setup({ wallet })
    const messages: string[] = []
    const original = wallet.features['solana:signMessage'].signMessage
    wallet.features['solana:signMessage'].signMessage = (...inputs) => {
      messages.push(...inputs.map((input) => new TextDecoder().decode(input.message)))
      return original(...inputs)
    }
    const user = await auth.client.signInWithWallet()
    expect(user.verifiedCredentials).toEqual([expect.objectContaining({ chain: 'solana', address: wallet.address })])
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(new RegExp(`^localhost wants you to sign in with your Solana account:\\n${wallet.address}\\n\\nURI: http://localhost\\nVersion: 1\\nChain ID: mainnet\\nNonce: [A-Za-z0-9]+\\nIssued At: .+Z\\nExpiration Time: .+Z$`))
  })

  test('behavior: a refusal in the wallet is user_rejected and leaves the visitor signed out', async () => {
    const { wallet, auth } = setup()
    wallet.rejectNext('solana:signIn')
    await expect(auth.client.signInWithWallet()).rejects.toMatchObject({ code: 'user_rejected' })
    expect(auth.client.getState().status).toBe('unauthenticated')
    wallet.rejectNext('standard:connect')
    await auth.client.disconnectWallet()
    await expect(auth.client.signInWithWallet()).rejects.toMatchObject({ code: 'user_rejected' })
    expect(auth.client.getWalletAccount()).toBeNull()
  })

  test('behavior: a wrong domain is refused by the server with domain_mismatch', async () => {
    const { auth } = setup({ client: { walletMessage: { domain: 'evil.example', uri: 'https://evil.example' } } })
    await expect(auth.client.signInWithWallet()).rejects.toMatchObject({ code: 'domain_mismatch' })
  })

  test('behavior: an account switch in the wallet follows the mismatch policy', async () => {
    const { wallet, auth } = setup()
    await auth.client.signInWithWallet()
    const first = wallet.address
    const second = wallet.switchAccount(seed(9))
    expect(auth.client.getWalletAccount()?.address).toBe(second)
    expect(authenticated(auth.client.getState()).walletMismatch).toEqual({ sessionAddress: first, connectedAddress: second, chain: 'solana' })
    wallet.switchAccount(seed(1))
    expect(authenticated(auth.client.getState()).walletMismatch).toBeNull()
  })

  test('parameters: onWalletMismatch signOut ends the session on an account switch', async () => {
    const { wallet, auth } = setup({ client: { onWalletMismatch: 'signOut' } })
    await auth.client.signInWithWallet()
    wallet.switchAccount(seed(9))
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: a reload reconnects silently; after the user disconnected, it does not', async () => {
    const { wallet, auth } = setup()
    await auth.client.signInWithWallet()
    const connects: Array<{ input: { silent?: boolean } | undefined; done: Promise<unknown> }> = []
    const original = wallet.features['standard:connect'].connect
    wallet.features['standard:connect'].connect = (input) => {
      const done = original(input)
      connects.push({ input, done })
      return done
    }
    // A new page over the same browser storage, with a fresh adapter, as after a reload.
    const reload = async () => {
      const adapter = solanaWallets({ wallets: [wallet as unknown as Wallet], storage: auth.browser.storage })
      // The client loads its wallet runtime on the first subscriber (a dynamic import): it
      // watches the account, then reconnects in the same step. Resolve when it watches.
      const attached = new Promise<void>((resolve) => {
        const watch = adapter.watchAccount
        adapter.watchAccount = (callback) => {
          resolve()
          return watch(callback)
        }
      })
      const client = auth.createClient({ storageAdapter: auth.browser.storage, wallets: [adapter], walletMessage })
      cleanups.push(client.subscribe(() => {}))
      await attached
      return client
    }

    const first = await reload()
    expect(connects.map(({ input }) => input)).toEqual([{ silent: true }])
    await connects[0]!.done
    await Promise.resolve()
    expect(first.getWalletAccount()?.address).toBe(wallet.address)
    expect(authenticated(first.getState()).walletMismatch).toBeNull()

    await first.disconnectWallet()
    expect(wallet.accounts).toEqual([])
    connects.length = 0
    const second = await reload()
    expect(connects).toEqual([])
    expect(second.getWalletAccount()).toBeNull()
    // Wallet ≠ session: the session stays.
    expect(second.getState().status).toBe('authenticated')
  })

  test('behavior: connect-only mode makes a visitor without a session', async () => {
    const { wallet, auth } = setup({ client: { mode: 'connect-only' } })
    await auth.client.connectWallet()
    expect(auth.client.getState()).toEqual({ status: 'visitor', wallet: expect.objectContaining({ chain: 'solana', address: wallet.address, walletName: 'Dev Solana wallet' }) })
    expect(await auth.client.getAccessToken()).toBeNull()
    await auth.client.disconnectWallet()
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: the wallet disconnecting on its side clears the account', async () => {
    const { wallet, auth } = setup()
    await auth.client.connectWallet()
    await wallet.features['standard:disconnect'].disconnect()
    expect(auth.client.getWalletAccount()).toBeNull()
  })

  test('behavior: unknown wallet ids are wallet_not_found with the choices', async () => {
    const { auth } = setup()
    await expect(auth.client.signInWithWallet({ walletId: 'Phantom' })).rejects.toMatchObject({ code: 'wallet_not_found', message: expect.stringContaining('Dev Solana wallet') })
  })

  test('parameters: misuse is a TypeError', () => {
    expect(() => solanaWallets({ wallets: 'Phantom' as never })).toThrow(TypeError)
    expect(() => solanaWallets(null as never)).toThrow(TypeError)
  })
})

describe('linking across chains', () => {
  function both() {
    const solana = createTestSolanaWallet({ secretKey: seed(4) })
    const evm = createTestWalletAdapter()
    const adapter = solanaWallets({ wallets: [solana as unknown as Wallet], storage: createMemoryStorage() })
    const auth = createTestAuth({ client: { wallets: [evm, adapter], walletMessage } })
    cleanups.push(auth.client.subscribe(() => {}))
    return { solana, evm, auth }
  }

  test('behavior: link a Solana wallet to an EVM user; the Solana wallet then signs in to the same user', async () => {
    const { solana, evm, auth } = both()
    const user = await auth.client.signInWithWallet({ chain: 'evm' })
    const linked = await auth.client.linkWallet({ chain: 'solana' })
    expect(linked.id).toBe(user.id)
    expect(linked.verifiedCredentials.map(({ chain, address }) => [chain, address])).toEqual([
      ['eip155', evm.address],
      ['solana', solana.address],
    ])
    expect(authenticated(auth.client.getState()).walletMismatch).toBeNull()
    // Linking again is idempotent.
    expect((await auth.client.linkWallet({ chain: 'solana' })).verifiedCredentials).toHaveLength(2)

    await auth.client.signOut()
    expect((await auth.client.signInWithWallet({ chain: 'solana' })).id).toBe(user.id)
  })

  test('behavior: a wallet id alone picks the adapter that lists it', async () => {
    const { solana, auth } = both()
    const user = await auth.client.signInWithWallet({ walletId: 'Dev Solana wallet' })
    expect(user.verifiedCredentials).toEqual([expect.objectContaining({ chain: 'solana', address: solana.address })])
  })

  test('behavior: link an EVM wallet to a Solana user', async () => {
    const { solana, evm, auth } = both()
    const user = await auth.client.signInWithWallet({ chain: 'solana' })
    const linked = await auth.client.linkWallet({ chain: 'evm' })
    expect(linked.id).toBe(user.id)
    expect(linked.verifiedCredentials.map(({ chain, address }) => [chain, address])).toEqual([
      ['solana', solana.address],
      ['eip155', evm.address],
    ])
  })

  test('behavior: a Solana wallet that belongs to someone else is credential_in_use, and nothing changes', async () => {
    const { solana, auth } = both()
    const owner = auth.createClient({ wallets: [solanaWallets({ wallets: [createTestSolanaWallet({ secretKey: seed(5) }) as unknown as Wallet], storage: null })], walletMessage })
    await owner.signInWithWallet()
    await auth.client.signInWithWallet({ chain: 'evm' })
    const before = authenticated(auth.client.getState())
    solana.switchAccount(seed(5))
    await expect(auth.client.linkWallet({ chain: 'solana' })).rejects.toMatchObject({ code: 'credential_in_use' })
    const after = authenticated(auth.client.getState())
    expect(after.user).toBe(before.user)
    expect(after.session).toBe(before.session)
  })
})
