import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test, vi } from 'vitest'
import { createAuthClient, createMemoryStorage } from '../core/index.js'
import type { AuthClientOptions } from '../core/index.js'
import { AuthProvider } from '../react/index.js'
import { createFakeWalletApi } from '../testing/fakeWalletApi.testkit.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { AuthButton } from './AuthButton.js'
import { LoginModal } from './LoginModal.js'
import { WalletList } from './WalletList.js'

function setup(options: Partial<AuthClientOptions> = {}) {
  const api = createFakeWalletApi()
  const adapter = createTestWalletAdapter({ wallets: [{ id: 'dev.latchkey.testwallet', name: 'Dev wallet' }, { id: 'io.metamask', name: 'MetaMask', installed: false }] })
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
  return { api, adapter, client }
}

describe('WalletList', () => {
  test('default: one button per wallet with its name and icon; not installed ones are disabled', async () => {
    const { client } = setup()
    const onSelect = vi.fn()
    render(
      <AuthProvider client={client}>
        <WalletList onSelect={onSelect} />
      </AuthProvider>,
    )
    const list = screen.getByRole('list', { name: 'Wallets' })
    const dev = within(list).getByRole('button', { name: 'Dev wallet' })
    expect(dev.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    const metamask = within(list).getByRole('button', { name: /MetaMask/ })
    expect(metamask).toBeDisabled()
    expect(metamask).toHaveTextContent('Not installed')
    await userEvent.click(dev)
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'dev.latchkey.testwallet', adapter: 'evm' }))
  })

  test('behavior: renders nothing without wallet adapters (email-only apps)', () => {
    const client = createAuthClient({ storageAdapter: createMemoryStorage(), channel: null, lock: null })
    const { container } = render(
      <AuthProvider client={client}>
        <WalletList onSelect={() => {}} />
      </AuthProvider>,
    )
    expect(container).toBeEmptyDOMElement()
  })
})

describe('LoginModal with wallets', () => {
  test('default: wallets beside email; picking one waits for the wallet, signs in and closes', async () => {
    const { client, adapter } = setup()
    const onSignedIn = vi.fn()
    render(
      <AuthProvider client={client}>
        <LoginModal defaultOpen onSignedIn={onSignedIn} />
      </AuthProvider>,
    )
    const dialog = screen.getByRole('dialog')
    expect(within(dialog).getByRole('textbox', { name: /email/i })).toBeInTheDocument()
    // The wallet UI is its own chunk (an email-only app never loads it): it appears once loaded.
    expect(await within(dialog).findByRole('separator')).toHaveTextContent('or continue with email')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1))
    expect(onSignedIn.mock.calls[0]?.[0].verifiedCredentials[0].address).toBe(adapter.address)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(client.getState().status).toBe('authenticated')
  })

  test('behavior: a declined signature shows the error with Try again and Back', async () => {
    const { client, adapter } = setup()
    adapter.rejectNext('signMessage')
    render(
      <AuthProvider client={client}>
        <LoginModal defaultOpen />
      </AuthProvider>,
    )
    await userEvent.click(await screen.findByRole('button', { name: 'Dev wallet' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveAttribute('data-code', 'user_rejected')
    expect(screen.getByRole('heading', { name: 'Sign-in did not finish' })).toBeInTheDocument()
    expect(screen.getByRole('dialog')).toHaveTextContent('Approve the request in Dev wallet')
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(client.getState().status).toBe('authenticated'))
  })

  test('behavior: Back returns to the method list and the email flow still works there', async () => {
    const { client, adapter } = setup()
    adapter.rejectNext('connect')
    render(
      <AuthProvider client={client}>
        <LoginModal defaultOpen />
      </AuthProvider>,
    )
    await userEvent.click(await screen.findByRole('button', { name: 'Dev wallet' }))
    await screen.findByRole('alert')
    await userEvent.click(screen.getByRole('button', { name: 'Back' }))
    expect(screen.getByRole('textbox', { name: /email/i })).toBeInTheDocument()
    expect(await screen.findByRole('button', { name: 'Dev wallet' })).toBeEnabled()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('WalletMismatchPrompt (through AuthButton)', () => {
  const switchAway = async (options: Partial<AuthClientOptions> = {}) => {
    const context = setup(options)
    render(
      <AuthProvider client={context.client}>
        <AuthButton />
      </AuthProvider>,
    )
    await act(() => context.client.signInWithWallet())
    const first = context.adapter.address
    act(() => void context.adapter.switchAccount(`0x${'55'.repeat(32)}`))
    return { ...context, first }
  }

  test('default: offers to sign in with the new account, which replaces the session', async () => {
    const { client, adapter } = await switchAway()
    const dialog = await screen.findByRole('dialog', { name: 'Your wallet switched accounts' })
    expect(dialog).toHaveTextContent(`${adapter.address.slice(0, 6)}…${adapter.address.slice(-4)}`)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in with the new account' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    const state = client.getState()
    expect(state.status === 'authenticated' && state.user.verifiedCredentials[0]?.address).toBe(adapter.address)
  })

  test('behavior: keep the current account dismisses it; switching back clears the mismatch', async () => {
    const { client, adapter, first } = await switchAway()
    const dialog = await screen.findByRole('dialog')
    await userEvent.click(within(dialog).getByRole('button', { name: /^Keep using/ }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: { sessionAddress: first } })
    act(() => void adapter.switchAccount(0))
    expect(client.getState()).toMatchObject({ walletMismatch: null })
  })

  test('parameters: onWalletMismatch ignore shows no prompt', async () => {
    const { client } = await switchAway({ onWalletMismatch: 'ignore' })
    expect(client.getState()).toMatchObject({ status: 'authenticated', walletMismatch: { chain: 'eip155' } })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('behavior: an email-only LoginModal shows no wallet UI', () => {
    const client = createAuthClient({ storageAdapter: createMemoryStorage(), channel: null, lock: null })
    render(
      <AuthProvider client={client}>
        <LoginModal defaultOpen />
      </AuthProvider>,
    )
    expect(screen.queryByRole('separator')).toBeNull()
    expect(screen.getByRole('dialog')).toHaveTextContent('Enter your email address and we will send you a sign-in code.')
  })
})
