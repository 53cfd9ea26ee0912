import { connect, createConfig, disconnect, getAccount, injected, signMessage, switchChain } from '@wagmi/core'
import { base, mainnet } from '@wagmi/core/chains'
import { createWalletClient, custom, http, recoverTypedDataAddress, UserRejectedRequestError, verifyMessage, verifyTypedData, type Address } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test, vi } from 'vitest'
import { createTestWallet, type TestWallet } from './evmTestWallet.js'

const KEY_A = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const
const KEY_B = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const
const ADDRESS_A = privateKeyToAddress(KEY_A)
const ADDRESS_B = privateKeyToAddress(KEY_B)

async function rpcError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'expected the request to fail').toBeInstanceOf(Error)
  return error as { code: number; message: string }
}

const walletClientFor = (wallet: TestWallet) => createWalletClient({ transport: custom(wallet) })

describe('createTestWallet', () => {
  test('default', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    expect(wallet.address).toBe(ADDRESS_A)
    expect(wallet.accounts).toEqual([ADDRESS_A])
    expect(wallet.chainId).toBe(1)
    expect(wallet.connected).toBe(false)
    expect(wallet.info).toMatchObject({ name: 'Dev wallet', rdns: 'dev.latchkey.testwallet' })
    expect(wallet.info.icon).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(wallet.info.uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([])
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x1')
    expect(await wallet.request({ method: 'eth_requestAccounts' })).toEqual([ADDRESS_A])
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([ADDRESS_A])
    expect(wallet.connected).toBe(true)
  })

  test('parameters: no private key makes a fresh account each time', () => {
    expect(createTestWallet().address).not.toBe(createTestWallet().address)
  })

  test('parameters: chainId, name, rdns', async () => {
    const wallet = createTestWallet({ chainId: 8453, name: 'Other wallet', rdns: 'com.example.other' })
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x2105')
    expect(wallet.info).toMatchObject({ name: 'Other wallet', rdns: 'com.example.other' })
    expect(() => createTestWallet({ chainId: 0 })).toThrow(TypeError)
  })

  test('behavior: personal_sign makes a signature viem verifies', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    const client = walletClientFor(wallet)
    const [account] = await client.requestAddresses()
    const message = 'app.example.com wants you to sign in with your Ethereum account:\n…'
    const signature = await client.signMessage({ account: account!, message })
    expect(await verifyMessage({ address: ADDRESS_A, message, signature })).toBe(true)
    expect(await verifyMessage({ address: ADDRESS_B, message, signature })).toBe(false)
    // A non-hex message is signed as UTF-8 text, as MetaMask does.
    const text = await wallet.request({ method: 'personal_sign', params: ['hello' as `0x${string}`, ADDRESS_A] })
    expect(await verifyMessage({ address: ADDRESS_A, message: 'hello', signature: text })).toBe(true)
  })

  test('behavior: eth_signTypedData_v4 makes a signature viem verifies', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    const client = walletClientFor(wallet)
    await client.requestAddresses()
    const typedData = {
      domain: { name: 'Example', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' as Address },
      types: {
        Person: [
          { name: 'name', type: 'string' },
          { name: 'wallet', type: 'address' },
        ],
        Mail: [
          { name: 'from', type: 'Person' },
          { name: 'to', type: 'Person' },
          { name: 'contents', type: 'string' },
          { name: 'amount', type: 'uint256' },
        ],
      },
      primaryType: 'Mail' as const,
      message: {
        from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' as Address },
        to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' as Address },
        contents: 'Hello, Bob!',
        amount: 12345678901234567890n,
      },
    }
    const signature = await client.signTypedData({ account: ADDRESS_A, ...typedData })
    expect(await verifyTypedData({ address: ADDRESS_A, signature, ...typedData })).toBe(true)
    expect(await recoverTypedDataAddress({ signature, ...typedData, message: { ...typedData.message, amount: 1n } })).not.toBe(ADDRESS_A)
  })

  test('behavior: signing needs a connected site and the connected account', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    expect((await rpcError(wallet.request({ method: 'personal_sign', params: ['0x68656c6c6f', ADDRESS_A] }))).code).toBe(4100)
    await wallet.request({ method: 'eth_requestAccounts' })
    expect((await rpcError(wallet.request({ method: 'personal_sign', params: ['0x68656c6c6f', ADDRESS_B] }))).code).toBe(4100)
  })

  test('behavior: events fire on connect, account switch, chain switch and disconnect', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    const accountsChanged = vi.fn()
    const chainChanged = vi.fn()
    const connectListener = vi.fn()
    const disconnectListener = vi.fn()
    wallet.on('accountsChanged', accountsChanged)
    wallet.on('chainChanged', chainChanged)
    wallet.on('connect', connectListener)
    wallet.on('disconnect', disconnectListener)

    // Switching before the site is connected tells the site nothing.
    wallet.switchAccount(KEY_B)
    expect(accountsChanged).not.toHaveBeenCalled()
    wallet.switchAccount(0)

    await wallet.request({ method: 'eth_requestAccounts' })
    expect(accountsChanged).toHaveBeenLastCalledWith([ADDRESS_A])
    // Asking again while connected changes nothing.
    await wallet.request({ method: 'eth_requestAccounts' })
    expect(accountsChanged).toHaveBeenCalledTimes(1)

    expect(wallet.switchAccount(1)).toBe(ADDRESS_B)
    expect(accountsChanged).toHaveBeenLastCalledWith([ADDRESS_B])
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([ADDRESS_B])
    expect(wallet.accounts).toEqual([ADDRESS_A, ADDRESS_B])
    // By key: an account the wallet holds is selected, not added twice.
    wallet.switchAccount(KEY_A)
    expect(wallet.accounts).toEqual([ADDRESS_A, ADDRESS_B])
    expect(() => wallet.switchAccount(5)).toThrow(RangeError)

    wallet.switchChain(8453)
    expect(chainChanged).toHaveBeenLastCalledWith('0x2105')
    await wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0xa' }] })
    expect(chainChanged).toHaveBeenLastCalledWith('0xa')
    expect(wallet.chainId).toBe(10)

    wallet.disconnect()
    expect(accountsChanged).toHaveBeenLastCalledWith([])
    expect(disconnectListener).toHaveBeenCalledWith(expect.objectContaining({ code: 4900 }))
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([])

    await wallet.request({ method: 'eth_requestAccounts' })
    expect(connectListener).toHaveBeenCalledWith({ chainId: '0xa' })

    wallet.removeListener('accountsChanged', accountsChanged)
    wallet.switchAccount(1)
    expect(accountsChanged).toHaveBeenCalledTimes(5)
  })

  test('behavior: rejectNext() refuses the next approval with 4001, once', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    wallet.rejectNext()
    // Requests that need no approval are not affected.
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x1')
    expect(await rpcError(wallet.request({ method: 'eth_requestAccounts' }))).toMatchObject({ code: 4001 })
    expect(wallet.connected).toBe(false)
    expect(await wallet.request({ method: 'eth_requestAccounts' })).toEqual([ADDRESS_A])

    // Through viem it is the usual UserRejectedRequestError.
    wallet.rejectNext('personal_sign')
    const client = walletClientFor(wallet)
    await expect(client.signMessage({ account: ADDRESS_A, message: 'hi' })).rejects.toBeInstanceOf(UserRejectedRequestError)
    await expect(client.signMessage({ account: ADDRESS_A, message: 'hi' })).resolves.toMatch(/^0x[0-9a-f]{130}$/)
  })

  test('parameters: chains (unknown chains fail with 4902 until added)', async () => {
    const wallet = createTestWallet({ chains: [1, 8453] })
    expect(await rpcError(wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x89' }] }))).toMatchObject({ code: 4902 })
    await wallet.request({
      method: 'wallet_addEthereumChain',
      params: [{ chainId: '0x89', chainName: 'Polygon', nativeCurrency: { name: 'POL', symbol: 'POL', decimals: 18 }, rpcUrls: ['https://polygon.example'] }],
    })
    await wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x89' }] })
    expect(wallet.chainId).toBe(137)
    expect(await rpcError(wallet.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: 'polygon' }] }))).toMatchObject({ code: -32602 })
  })

  test('behavior: permissions', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    expect(await wallet.request({ method: 'wallet_getPermissions' })).toEqual([])
    const granted = await wallet.request({ method: 'wallet_requestPermissions', params: [{ eth_accounts: {} }] })
    expect(granted).toEqual([expect.objectContaining({ parentCapability: 'eth_accounts' })])
    expect(wallet.connected).toBe(true)
    expect(await wallet.request({ method: 'wallet_getPermissions' })).toEqual(granted)
    await wallet.request({ method: 'wallet_revokePermissions', params: [{ eth_accounts: {} }] })
    expect(wallet.connected).toBe(false)
  })

  test('behavior: unsupported methods fail with 4200', async () => {
    const wallet = createTestWallet()
    // Untyped, as a dapp script would call it.
    const request = wallet.request as (args: { method: string; params?: unknown }) => Promise<unknown>
    expect(await rpcError(request({ method: 'eth_sendTransaction', params: [{}] }))).toMatchObject({ code: 4200 })
    expect(await rpcError(request({ method: 'eth_getBalance', params: [wallet.address, 'latest'] }))).toMatchObject({ code: 4200 })
    expect(await rpcError(request(undefined as never))).toMatchObject({ code: -32600 })
  })

  test('behavior: EIP-6963 announce, re-announce on request, stop', () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    const announced: Array<{ info: unknown; provider: unknown }> = []
    const onAnnounce = (event: Event) => announced.push((event as CustomEvent).detail)
    window.addEventListener('eip6963:announceProvider', onAnnounce)
    try {
      const stop = wallet.announce()
      expect(announced).toHaveLength(1)
      expect(announced[0]!.provider).toBe(wallet)
      expect(announced[0]!.info).toEqual(wallet.info)
      expect(Object.isFrozen(announced[0])).toBe(true)

      window.dispatchEvent(new Event('eip6963:requestProvider'))
      expect(announced).toHaveLength(2)

      stop()
      window.dispatchEvent(new Event('eip6963:requestProvider'))
      expect(announced).toHaveLength(2)
    } finally {
      window.removeEventListener('eip6963:announceProvider', onAnnounce)
    }
  })

  test('parameters: announce(target)', () => {
    const target = new EventTarget()
    const seen = vi.fn()
    target.addEventListener('eip6963:announceProvider', seen)
    createTestWallet().announce(target)
    expect(seen).toHaveBeenCalledTimes(1)
  })
})

describe('with wagmi', () => {
  test('behavior: injected({ target }) connects, signs, switches chain and disconnects', async () => {
    const wallet = createTestWallet({ privateKey: KEY_A })
    const config = createConfig({
      chains: [mainnet, base],
      connectors: [injected({ target: () => ({ id: 'devWallet', name: 'Dev wallet', provider: wallet }) })],
      multiInjectedProviderDiscovery: false,
      transports: { [mainnet.id]: http('http://127.0.0.1:9'), [base.id]: http('http://127.0.0.1:9') },
    })
    const { accounts, chainId } = await connect(config, { connector: config.connectors[0]! })
    expect(accounts).toEqual([ADDRESS_A])
    expect(chainId).toBe(1)

    const signature = await signMessage(config, { message: 'sign in please' })
    expect(await verifyMessage({ address: ADDRESS_A, message: 'sign in please', signature })).toBe(true)

    await switchChain(config, { chainId: base.id })
    expect(getAccount(config).chainId).toBe(base.id)

    // The user switches accounts in the wallet: wagmi follows.
    wallet.switchAccount(KEY_B)
    expect(getAccount(config).address).toBe(ADDRESS_B)

    await disconnect(config)
    expect(getAccount(config).status).toBe('disconnected')
    expect(wallet.connected).toBe(false)
  })

  test('behavior: EIP-6963 discovery lists the announced wallet by rdns', async () => {
    const rdns = `dev.latchkey.test.${generatePrivateKey().slice(2, 10)}`
    const wallet = createTestWallet({ privateKey: KEY_A, rdns })
    const stop = wallet.announce()
    try {
      const config = createConfig({ chains: [mainnet], transports: { [mainnet.id]: http('http://127.0.0.1:9') } })
      expect(config.connectors.map((c) => c.id)).toContain(rdns)
      const connector = config.connectors.find((c) => c.id === rdns)!
      expect(connector.name).toBe('Dev wallet')
      expect(connector.icon).toBe(wallet.info.icon)
      await expect(connect(config, { connector })).resolves.toMatchObject({ accounts: [ADDRESS_A] })
    } finally {
      stop()
    }
  })
})
