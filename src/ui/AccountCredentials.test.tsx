import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test } from 'vitest'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/createTestAuth.js'
import { createTestWalletAdapter } from '../testing/walletAdapter.js'
import { AccountMenu } from './AccountMenu.js'
import { shortAddress } from './address.js'

// The account panel's credentials against the real in-process server: real codes, real
// EIP-4361 link signatures, the server's own linking rules (credential_in_use, last_credential).

const KEY_A = `0x${'11'.repeat(32)}` as const
const KEY_B = `0x${'22'.repeat(32)}` as const

function setup(privateKey: `0x${string}` = KEY_A) {
  const adapter = createTestWalletAdapter({ privateKey })
  const auth = createTestAuth({ client: { wallets: [adapter], walletMessage: { domain: 'localhost', uri: 'http://localhost' } } })
  render(
    <AuthProvider client={auth.client}>
      <AccountMenu />
    </AuthProvider>,
  )
  return { auth, adapter }
}

const credentials = () => screen.findByRole('list', { name: 'Ways to sign in' })
const sessionId = (state: ReturnType<ReturnType<typeof createTestAuth>['client']['getState']>) => (state.status === 'authenticated' ? state.session.id : null)

describe('AccountMenu credentials', () => {
  test('default: an email user sees the email, adds a second email with a code, in the same session', async () => {
    const { auth } = setup()
    await auth.signIn('ada@example.com')
    const before = sessionId(auth.client.getState())
    const user = userEvent.setup()
    const list = await credentials()
    expect(within(list).getAllByRole('listitem')).toHaveLength(1)
    expect(list).toHaveTextContent('ada@example.com')

    await user.click(screen.getByRole('button', { name: 'Add an email' }))
    const email = screen.getByRole('textbox', { name: 'Email address' })
    expect(email).toHaveFocus()
    await user.type(email, 'ada@work.example')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    const code = await screen.findByRole('textbox', { name: 'Code' })
    await waitFor(() => expect(code).toHaveFocus())
    await user.type(code, auth.lastCode('ada@work.example'))
    await user.click(screen.getByRole('button', { name: 'Continue' }))

    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    expect(list).toHaveTextContent('ada@work.example')
    expect(screen.getByText('Added ada@work.example.')).toHaveAttribute('role', 'status')
    // Focus goes back to the button that opened the step.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add an email' })).toHaveFocus())
    expect(sessionId(auth.client.getState())).toBe(before)
  })

  test('behavior: the only credential cannot be removed (last_credential, said plainly)', async () => {
    const { auth } = setup()
    await auth.signIn('ada@example.com')
    const user = userEvent.setup()
    await credentials()
    await user.click(screen.getByRole('button', { name: 'Remove ada@example.com' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveAttribute('data-code', 'last_credential')
    expect(alert).toHaveTextContent('You cannot remove your only way to sign in. Add another one first.')
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated' })
  })

  test('behavior: link another wallet, make it primary, remove the first; Disconnect wallet keeps the session', async () => {
    const { auth, adapter } = setup()
    await auth.client.signInWithWallet()
    const first = shortAddress(adapter.address)
    const user = userEvent.setup()
    const list = await credentials()
    expect(within(list).getByRole('listitem')).toHaveTextContent(`${first}Primary`)
    // A wallet is connected: "Disconnect wallet" is offered, apart from "Sign out".
    expect(screen.getByText(`Connected: Dev wallet · ${first}`)).toBeVisible()

    adapter.switchAccount(KEY_B)
    const second = shortAddress(adapter.address)
    await user.click(screen.getByRole('button', { name: 'Link another wallet' }))
    await user.click(screen.getByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2))
    expect(screen.getByText(`Added ${second}.`)).toBeVisible()

    await user.click(screen.getByRole('button', { name: `Make primary: ${second}` }))
    await waitFor(() => expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(`${second}Primary`))
    expect(auth.client.getState()).toMatchObject({ user: { primaryWalletId: expect.any(String) } })

    await user.click(screen.getByRole('button', { name: `Remove ${first}` }))
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1))
    expect(screen.getByText(`Removed ${first}.`)).toBeVisible()

    await user.click(screen.getByRole('button', { name: 'Disconnect wallet' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Disconnect wallet' })).toBeNull())
    expect(adapter.getAccount()).toBeNull()
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated' })
  })

  test('behavior: a wallet of another account is refused clearly (credential_in_use), nothing changes', async () => {
    const { auth, adapter } = setup()
    // Someone else signed in with KEY_B's wallet first.
    const other = auth.createClient({ wallets: [createTestWalletAdapter({ privateKey: KEY_B })], walletMessage: { domain: 'localhost', uri: 'http://localhost' } })
    await other.signInWithWallet()
    await auth.signIn('ada@example.com')
    const user = userEvent.setup()
    const list = await credentials()

    adapter.switchAccount(KEY_B)
    await user.click(screen.getByRole('button', { name: 'Link another wallet' }))
    await user.click(screen.getByRole('button', { name: 'Dev wallet' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveAttribute('data-code', 'credential_in_use')
    expect(alert).toHaveTextContent('This wallet is already linked to another account, so it was not added.')
    expect(within(list).getAllByRole('listitem')).toHaveLength(1)
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated', user: { email: 'ada@example.com' } })
  })

  test('parameters: credentials={false} leaves the section out', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    render(
      <AuthProvider client={auth.client}>
        <AccountMenu credentials={false} />
      </AuthProvider>,
    )
    expect(screen.queryByRole('list', { name: 'Ways to sign in' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Add an email' })).toBeNull()
  })
})
