import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createAuthClient, createMemoryStorage } from '../core/index.js'
import type { AuthClientOptions } from '../core/index.js'
import { createFakeWalletApi } from '../testing/fakeWalletApi.testkit.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { AuthProvider } from './AuthProvider.js'
import { useDisconnectWallet } from './useDisconnectWallet.js'
import { useLinkWallet } from './useLinkWallet.js'
import { useUser } from './useUser.js'
import { useUserWallets } from './useUserWallets.js'
import { useVisitor } from './useVisitor.js'
import { useWalletMismatch } from './useWalletMismatch.js'
import { useWallets } from './useWallets.js'
import { useWalletSignIn } from './useWalletSignIn.js'

afterEach(() => {
  vi.useRealTimers()
})

function setup(options: Partial<AuthClientOptions> = {}) {
  const api = createFakeWalletApi()
  const adapter = createTestWalletAdapter()
  const client = createAuthClient({
    fetch: api.fetch,
    storageAdapter: createMemoryStorage(),
    channel: null,
    lock: null,
    visibility: null,
    activity: null,
    wallets: [adapter],
    ...options,
  })
  const wrapper = ({ children }: { children?: ReactNode }) => <AuthProvider client={client}>{children}</AuthProvider>
  return { api, adapter, client, wrapper }
}

describe('useWallets', () => {
  test('default: the adapters’ wallets, re-rendering when one announces itself', () => {
    const { adapter, wrapper } = setup()
    let renders = 0
    const { result, rerender } = renderHook(() => (renders++, useWallets()), { wrapper })
    expect(result.current).toEqual([expect.objectContaining({ id: 'dev.latchkey.testwallet', name: 'Dev wallet', adapter: 'evm', installed: true })])
    const first = result.current
    rerender()
    expect(result.current).toBe(first)
    act(() => adapter.addWallet({ id: 'io.metamask', name: 'MetaMask' }))
    expect(result.current.map((wallet) => wallet.id)).toEqual(['dev.latchkey.testwallet', 'io.metamask'])
    expect(renders).toBe(3)
  })

  test('behavior: an email-only app lists none', () => {
    const client = createAuthClient({ storageAdapter: createMemoryStorage(), channel: null, lock: null })
    const { result } = renderHook(() => useWallets(), { wrapper: ({ children }) => <AuthProvider client={client}>{children}</AuthProvider> })
    expect(result.current).toEqual([])
  })
})

describe('useWalletSignIn', () => {
  test('default: signs in; useUser and useUserWallets follow', async () => {
    const { adapter, wrapper } = setup()
    const { result } = renderHook(() => ({ flow: useWalletSignIn(), user: useUser(), wallets: useUserWallets() }), { wrapper })
    expect(result.current.wallets).toEqual([])
    await act(() => result.current.flow.signIn({ walletId: 'dev.latchkey.testwallet' }))
    expect(result.current.user?.verifiedCredentials[0]?.address).toBe(adapter.address)
    expect(result.current.wallets.map((wallet) => wallet.address)).toEqual([adapter.address])
    expect(result.current.flow.error).toBeNull()
  })

  test('behavior: a refusal lands in error, never throws', async () => {
    const { adapter, wrapper } = setup()
    adapter.rejectNext('signMessage')
    const { result } = renderHook(() => useWalletSignIn(), { wrapper })
    let user: unknown = 'unset'
    await act(async () => {
      user = await result.current.signIn()
    })
    expect(user).toBeUndefined()
    expect(result.current.error?.code).toBe('user_rejected')
  })
})

describe('useLinkWallet and useWalletMismatch', () => {
  test('default: a switched account is a mismatch until linked; linking keeps the session', async () => {
    const { adapter, client, wrapper } = setup()
    const { result } = renderHook(() => ({ link: useLinkWallet(), mismatch: useWalletMismatch(), user: useUser() }), { wrapper })
    await act(() => client.signInWithWallet())
    const first = adapter.address
    act(() => void adapter.switchAccount(`0x${'44'.repeat(32)}`))
    expect(result.current.mismatch).toEqual({ sessionAddress: first, connectedAddress: adapter.address, chain: 'eip155' })
    await act(() => result.current.link.link())
    expect(result.current.mismatch).toBeNull()
    expect(result.current.user?.verifiedCredentials.map((credential) => credential.address)).toEqual([first, adapter.address])
  })
})

describe('useVisitor and useDisconnectWallet', () => {
  test('default: connect-only visitors, then disconnected', async () => {
    const { adapter, client, wrapper } = setup({ mode: 'connect-only' })
    const { result } = renderHook(() => ({ visitor: useVisitor(), disconnect: useDisconnectWallet() }), { wrapper })
    expect(result.current.visitor).toBeNull()
    await act(() => client.connectWallet())
    expect(result.current.visitor).toMatchObject({ address: adapter.address, chain: 'eip155' })
    await act(() => result.current.disconnect.disconnectAsync())
    expect(result.current.visitor).toBeNull()
  })
})

describe('outside the provider', () => {
  test('behavior: each hook names itself', () => {
    for (const [name, hook] of [
      ['useWallets', useWallets],
      ['useWalletSignIn', useWalletSignIn],
      ['useVisitor', useVisitor],
    ] as const) {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      expect(() => renderHook(() => hook())).toThrow(name)
    }
  })
})
