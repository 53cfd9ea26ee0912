import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, test, vi } from 'vitest'
import { createAuthClient, createMemoryStorage } from '../core/index.js'
import type { WalletAuthAdapter } from '../core/index.js'
import { AuthProvider } from '../react/index.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { LoginModal } from './LoginModal.js'
import { WalletList } from './WalletList.js'

// Wallets of several chains are grouped under a heading per chain (issue 5). Only listing
// matters here; signing in with each chain is tested in src/solana and the e2e tests.

function solanaListing(): WalletAuthAdapter {
  const unused = () => {
    throw new Error('not used by this test')
  }
  // The same array on every call, as the seam requires (useSyncExternalStore compares by identity).
  const wallets = [{ id: 'Phantom', name: 'Phantom', icon: null, chain: 'solana' as const, installed: true }]
  return {
    id: 'solana',
    chain: 'solana',
    listWallets: () => wallets,
    subscribe: () => () => {},
    connect: unused,
    getAccount: () => null,
    createMessage: unused,
    signMessage: unused,
    watchAccount: () => () => {},
    disconnect: async () => {},
  }
}

function client(wallets: WalletAuthAdapter[]) {
  return createAuthClient({ storageAdapter: createMemoryStorage(), channel: null, lock: null, visibility: null, wallets })
}

test('behavior: EVM and Solana wallets are listed under an Ethereum and a Solana heading', async () => {
  const onSelect = vi.fn()
  render(
    <AuthProvider client={client([createTestWalletAdapter(), solanaListing()])}>
      <WalletList onSelect={onSelect} />
    </AuthProvider>,
  )
  const groups = screen.getByRole('group', { name: 'Wallets' })
  expect(within(groups).getAllByRole('heading').map((heading) => heading.textContent)).toEqual(['Ethereum', 'Solana'])
  const ethereum = within(groups).getByRole('region', { name: 'Ethereum' })
  const solana = within(groups).getByRole('region', { name: 'Solana' })
  expect(within(ethereum).getAllByRole('button').map((button) => button.textContent)).toEqual(['Dev wallet'])
  expect(within(solana).getByRole('list', { name: 'Solana' })).toBeInTheDocument()
  await userEvent.click(within(solana).getByRole('button', { name: 'Phantom' }))
  expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'Phantom', adapter: 'solana', chain: 'solana' }))
})

test('behavior: one chain keeps the flat list, without headings', () => {
  render(
    <AuthProvider client={client([solanaListing()])}>
      <WalletList onSelect={() => {}} />
    </AuthProvider>,
  )
  expect(screen.getByRole('list', { name: 'Wallets' })).toBeInTheDocument()
  expect(screen.queryByRole('heading')).toBeNull()
})

test('parameters: the headings come from messages', async () => {
  const auth = createAuthClient({
    storageAdapter: createMemoryStorage(),
    channel: null,
    lock: null,
    visibility: null,
    wallets: [createTestWalletAdapter(), solanaListing()],
    messages: { walletsEthereum: 'EVM', walletsSolana: 'SOL' },
  })
  render(
    <AuthProvider client={auth}>
      <LoginModal defaultOpen />
    </AuthProvider>,
  )
  const dialog = screen.getByRole('dialog')
  expect(await within(dialog).findByRole('heading', { name: 'SOL' })).toBeInTheDocument()
  expect(within(dialog).getByRole('heading', { name: 'EVM' })).toBeInTheDocument()
  expect(within(dialog).getByRole('textbox', { name: /email/i })).toBeInTheDocument()
})
