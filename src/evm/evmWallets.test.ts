import { createConfig, http, injected } from '@wagmi/core'
import { verifyMessage } from 'viem'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { base, mainnet } from 'viem/chains'
import { parseSiweMessage } from 'viem/siwe'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createTestWallet } from '../testing/wallets/index.js'
import type { TestWallet } from '../testing/wallets/index.js'
import type { WalletAccount } from '../core/index.js'
import { evmWallets } from './index.js'

// The adapter over real @wagmi/core actions, with the test EIP-1193 wallet (which signs
// with a viem local account) behind `injected({ target })` or EIP-6963 discovery.

function setup(wallet: TestWallet = createTestWallet()) {
  const config = createConfig({
    chains: [mainnet, base],
    connectors: [injected({ target: () => ({ id: 'dev.latchkey.testwallet', name: 'Dev wallet', provider: wallet }) })],
    multiInjectedProviderDiscovery: false,
    storage: null,
    transports: { [mainnet.id]: http(), [base.id]: http() },
  })
  return { wallet, config, adapter: evmWallets(config) }
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

describe('evmWallets', () => {
  test('default: lists the configured wallet', () => {
    const { adapter } = setup()
    expect(adapter.id).toBe('evm')
    expect(adapter.chain).toBe('evm')
    expect(adapter.listWallets()).toEqual([{ id: 'dev.latchkey.testwallet', name: 'Dev wallet', icon: null, chain: 'evm', installed: true }])
    // The same array while the connectors are unchanged (useSyncExternalStore compares by identity).
    expect(adapter.listWallets()).toBe(adapter.listWallets())
    expect(adapter.getAccount()).toBeNull()
  })

  test('behavior: connect, build a SIWE message, sign it for real', async () => {
    const key = generatePrivateKey()
    const { adapter } = setup(createTestWallet({ privateKey: key }))
    const address = privateKeyToAccount(key).address
    expect(await adapter.connect('dev.latchkey.testwallet')).toEqual({ address, chainId: 1 })
    const account = adapter.getAccount()
    expect(account).toEqual({ address, chainId: 1, walletId: 'dev.latchkey.testwallet', walletName: 'Dev wallet' })
    expect(adapter.getAccount()).toBe(account)

    const issuedAt = new Date('2026-11-22T12:00:00.000Z')
    const expirationTime = new Date('2026-11-22T12:10:00.000Z')
    const message = adapter.createMessage({
      nonce: 'abcdef0123456789',
      address,
      chainId: 1,
      domain: 'localhost:5173',
      uri: 'http://localhost:5173',
      issuedAt,
      expirationTime,
      statement: 'Sign in to the playground.',
    })
    expect(parseSiweMessage(message)).toMatchObject({
      domain: 'localhost:5173',
      address,
      uri: 'http://localhost:5173',
      version: '1',
      chainId: 1,
      nonce: 'abcdef0123456789',
      issuedAt,
      expirationTime,
      statement: 'Sign in to the playground.',
    })
    const signature = await adapter.signMessage(message)
    expect(await verifyMessage({ address, message, signature: signature as Hex })).toBe(true)
  })

  test('behavior: a refusal in the wallet surfaces as an error with EIP-1193 code 4001', async () => {
    const { adapter, wallet } = setup()
    await adapter.connect('dev.latchkey.testwallet')
    wallet.rejectNext('personal_sign')
    await expect(adapter.signMessage('hello')).rejects.toMatchObject({ code: 4001 })
  })

  test('behavior: watchAccount reports account and chain switches, then the disconnect', async () => {
    const { adapter, wallet } = setup()
    const seen: Array<WalletAccount | null> = []
    cleanups.push(adapter.watchAccount((account) => seen.push(account)))
    await adapter.connect('dev.latchkey.testwallet')
    const second = wallet.switchAccount(generatePrivateKey())
    await vi.waitFor(() => expect(seen.at(-1)?.address).toBe(second))
    wallet.switchChain(base.id)
    await vi.waitFor(() => expect(seen.at(-1)?.chainId).toBe(base.id))
    await adapter.disconnect()
    await vi.waitFor(() => expect(seen.at(-1)).toBeNull())
    expect(adapter.getAccount()).toBeNull()
    // Every report is a change: no duplicates in a row.
    expect(seen.every((account, index) => index === 0 || account !== seen[index - 1])).toBe(true)
  })

  test('behavior: unknown wallet ids are wallet_not_found with the choices', async () => {
    const { adapter } = setup()
    await expect(adapter.connect('io.metamask')).rejects.toMatchObject({ code: 'wallet_not_found', message: expect.stringContaining('dev.latchkey.testwallet') })
  })

  test('behavior: the default config discovers EIP-6963 wallets and hides the generic injected entry', async () => {
    const wallet = createTestWallet({ name: 'Announced wallet', rdns: 'dev.latchkey.announced' })
    const adapter = evmWallets()
    cleanups.push(wallet.announce(window))
    const changes = vi.fn()
    cleanups.push(adapter.subscribe(changes))
    await vi.waitFor(() => expect(adapter.listWallets().map((item) => item.id)).toContain('dev.latchkey.announced'))
    const listed = adapter.listWallets()
    expect(listed.map((item) => item.id)).not.toContain('injected')
    expect(listed.find((item) => item.id === 'dev.latchkey.announced')).toMatchObject({ name: 'Announced wallet', icon: wallet.info.icon, installed: true })
    await adapter.connect('dev.latchkey.announced')
    expect(adapter.getAccount()).toMatchObject({ address: wallet.address, walletName: 'Announced wallet' })
    await adapter.disconnect()
  })

  test('behavior: nothing happens until first use (no wagmi config, no EIP-6963 listener)', () => {
    const added = vi.spyOn(window, 'addEventListener')
    const adapter = evmWallets()
    expect(added).not.toHaveBeenCalled()
    adapter.listWallets()
    expect(added.mock.calls.map(([type]) => type)).toContain('eip6963:announceProvider')
    added.mockRestore()
  })

  test('parameters: misuse is a TypeError', () => {
    expect(() => evmWallets({} as never)).toThrow(TypeError)
  })
})
