import type { Meta, StoryObj } from '@storybook/react-vite'
import { QueryClient } from '@tanstack/react-query'
import { AuthProvider } from 'latchkey/react'
import { AccountMenu, AuthButton } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { devices, sendUserAgent, threeDevices } from './support/devices.js'
import { body, signedIn, storyEmail, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'
import { themeArgType } from './support/theme.js'
import { adapterOf, walletAuthLoader, walletKeys, walletMessage } from './support/wallets.js'
import { createTestWalletAdapter } from 'latchkey/testing'

/**
 * `AccountMenu`: who is signed in and where (each session with its device and times), with
 * "Sign out" per other session, "Sign out everywhere else" and "Sign out". Every session is
 * real: the in-page server (`createTestAuth`) signed the user in from several devices, the
 * shared clock moved between them.
 */
const meta = {
  title: 'UI/AccountMenu',
  component: AccountMenu,
  args: { theme: 'light' },
  argTypes: { theme: themeArgType },
  loaders: [testAuthLoader(threeDevices)],
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 420 }}>
        <Story />
      </div>
    ),
  ],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AccountMenu {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof AccountMenu>

export default meta
type Story = StoryObj<typeof meta>

/** The sessions list's items (the panel also lists the ways to sign in). */
const sessionItems = (scope: Pick<ReturnType<typeof within>, 'getByRole'>) =>
  within(scope.getByRole('list', { name: 'Where you are signed in' })).getAllByRole('listitem')

/** Signed in on three devices: this laptop, a phone (3 hours ago) and a desktop (2 days ago). */
export const SeveralDevices: Story = {
  play: async ({ canvas }) => {
    const list = await canvas.findByRole('list', { name: 'Where you are signed in' })
    const items = within(list).getAllByRole('listitem')
    await expect(items).toHaveLength(3)
    await expect(items[0]).toHaveTextContent(/Chrome on macOS.*This device/)
    await expect(items[1]).toHaveTextContent(/Safari on iOS.*Signed in 3 hours ago/)
    await expect(items[2]).toHaveTextContent(/Firefox on Windows.*Signed in 2 days ago/)
    await expect(canvas.getByText(`Signed in as ${storyEmail}`)).toBeVisible()
  },
}

/** Only this browser: nothing else to sign out of. */
export const OneDevice: Story = {
  loaders: [signedIn],
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('This device')).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled()
    await expect(canvas.getByText('You are not signed in anywhere else.')).toBeVisible()
  },
}

/** Signing out the phone: it leaves the list (and is signed out at its next refresh). */
export const RevokeOne: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: /^Sign out Safari on iOS/ }))
    await waitFor(() => expect(sessionItems(canvas)).toHaveLength(2))
    await expect(canvas.queryByText('Safari on iOS')).toBeNull()
  },
}

/** "Sign out everywhere else": only this device is left. */
export const RevokeOthers: Story = {
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    await canvas.findByText('Firefox on Windows')
    await userEvent.click(canvas.getByRole('button', { name: 'Sign out everywhere else' }))
    await expect(await canvas.findByText('Signed out of 2 other sessions.')).toBeVisible()
    await waitFor(() => expect(sessionItems(canvas)).toHaveLength(1))
    await expect(auth.client.getState().status).toBe('authenticated')
  },
}

/** The list could not load (the network is down); "Try again" once it is back. */
export const LoadFailed: Story = {
  loaders: [
    testAuthLoader(async ({ auth }) => {
      sendUserAgent(auth, () => devices.laptop)
      await auth.signIn(storyEmail)
      auth.offline = true
    }),
  ],
  // No retries, so the failure shows at once.
  render: (args, { loaded }) => (
    <AuthProvider client={(loaded as Loaded).auth.client} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <AccountMenu {...args} />
    </AuthProvider>
  ),
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    await expect(await canvas.findByRole('alert')).toHaveTextContent('You appear to be offline.')
    auth.offline = false
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }))
    await expect(await canvas.findByText('This device')).toBeVisible()
  },
}

/** Dark theme. */
export const Dark: Story = {
  args: { theme: 'dark' },
  decorators: [
    (Story) => (
      <div style={{ background: '#15161a', padding: '1rem' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvas }) => {
    await canvas.findByRole('list', { name: 'Where you are signed in' })
    await expect(sessionItems(canvas)).toHaveLength(3)
  },
}

/** Opened from `AuthButton`'s menu, in a dialog; "Sign out" there signs out. */
export const FromAuthButton: Story = {
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton theme={args.theme} />
    </WithAuth>
  ),
  play: async ({ canvas, canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const page = body(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: new RegExp(storyEmail) }))
    await userEvent.click(canvas.getByRole('menuitem', { name: 'Account and sessions' }))
    const dialog = await page.findByRole('dialog', { name: 'Your account' })
    await waitFor(() => expect(dialog).toBeVisible())
    await within(dialog).findByRole('list', { name: 'Where you are signed in' })
    await expect(sessionItems(within(dialog))).toHaveLength(3)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Sign in' })).toBeVisible())
    await expect(auth.client.getState().status).toBe('unauthenticated')
  },
}

// --- ways to sign in: linked credentials (issue 6, ui) ----------------------------------
// A user who signed in with the test wallet (real SIWE), then linked an email with a real
// code and a second wallet with a real link signature, all through the client's actions.

/** Signed in with a wallet, an email and a second wallet linked, the wallet still connected. */
const linkedUser = walletAuthLoader(async ({ auth, adapter }) => {
  sendUserAgent(auth, () => devices.laptop)
  await auth.client.signInWithWallet()
  await auth.client.linkEmailStart({ email: storyEmail })
  await auth.client.linkEmailVerify({ email: storyEmail, code: auth.lastCode(storyEmail) })
  adapter.switchAccount(walletKeys.second)
  await auth.client.linkWallet()
  adapter.switchAccount(walletKeys.first)
})

const credentialItems = (scope: Pick<ReturnType<typeof within>, 'getByRole'>) =>
  within(scope.getByRole('list', { name: 'Ways to sign in' })).getAllByRole('listitem')

/** Two wallets (the primary marked) and an email, "Disconnect wallet" apart from "Sign out". */
export const WithCredentials: Story = {
  loaders: [linkedUser],
  play: async ({ canvas, loaded }) => {
    await canvas.findByRole('list', { name: 'Ways to sign in' })
    const items = credentialItems(canvas)
    await expect(items).toHaveLength(3)
    await expect(items[0]).toHaveTextContent('Primary')
    await expect(items[2]).toHaveTextContent(storyEmail)
    const address = adapterOf(loaded).address
    await expect(canvas.getByText(`Connected: Dev wallet · ${address.slice(0, 6)}…${address.slice(-4)}`)).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Disconnect wallet' })).toBeEnabled()
    await expect(canvas.getByRole('button', { name: 'Sign out' })).toBeEnabled()
  },
}

/** "Make primary" on the second wallet: it moves to the top, marked. */
export const MakePrimary: Story = {
  loaders: [linkedUser],
  play: async ({ canvas }) => {
    await canvas.findByRole('list', { name: 'Ways to sign in' })
    const second = credentialItems(canvas)[1]!
    const name = second.querySelector('.latchkey-credential-value')!.textContent!
    await userEvent.click(within(second).getByRole('button', { name: `Make primary: ${name}` }))
    await waitFor(() => expect(credentialItems(canvas)[0]).toHaveTextContent(`${name}Primary`))
  },
}

/** "Link another wallet": pick the wallet, sign the link message; added in place, same session. */
export const LinkWallet: Story = {
  loaders: [walletAuthLoader(({ auth }) => auth.client.signInWithWallet())],
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    const before = auth.client.getState()
    adapterOf(loaded).switchAccount(walletKeys.second)
    await userEvent.click(await canvas.findByRole('button', { name: 'Link another wallet' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(credentialItems(canvas)).toHaveLength(2))
    await expect(canvas.getByText(/^Added 0x/)).toBeVisible()
    const after = auth.client.getState()
    if (before.status !== 'authenticated' || after.status !== 'authenticated') throw new Error('expected signed in')
    await expect(after.session.id).toBe(before.session.id)
  },
}

/** The wallet belongs to another account: refused plainly, nothing merged. */
export const WalletInUse: Story = {
  loaders: [
    walletAuthLoader(async ({ auth }) => {
      const stranger = auth.createClient({
        ...walletMessage,
        wallets: [createTestWalletAdapter({ privateKey: walletKeys.stranger })],
      })
      await stranger.signInWithWallet()
      await auth.client.signInWithWallet()
    }),
  ],
  play: async ({ canvas, loaded }) => {
    adapterOf(loaded).switchAccount(walletKeys.stranger)
    await userEvent.click(await canvas.findByRole('button', { name: 'Link another wallet' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Dev wallet' }))
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'credential_in_use')
    await expect(alert).toHaveTextContent('already linked to another account')
    await expect(credentialItems(canvas)).toHaveLength(1)
  },
}

/** "Add an email": the address, then the code the in-page server mailed. */
export const AddEmail: Story = {
  loaders: [walletAuthLoader(({ auth }) => auth.client.signInWithWallet())],
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    await userEvent.click(await canvas.findByRole('button', { name: 'Add an email' }))
    await userEvent.type(canvas.getByRole('textbox', { name: 'Email address' }), storyEmail)
    await userEvent.click(canvas.getByRole('button', { name: 'Send code' }))
    await userEvent.type(await canvas.findByRole('textbox', { name: 'Code' }), auth.lastCode(storyEmail))
    await userEvent.click(canvas.getByRole('button', { name: 'Continue' }))
    await expect(await canvas.findByText(`Added ${storyEmail}.`)).toBeVisible()
    await expect(credentialItems(canvas)).toHaveLength(2)
  },
}

/** The only way to sign in cannot be removed: the server says `last_credential`. */
export const LastCredential: Story = {
  loaders: [signedIn],
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: `Remove ${storyEmail}` }))
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'last_credential')
  },
}

/** "Disconnect wallet": the wallet goes, the session stays. */
export const DisconnectWallet: Story = {
  loaders: [linkedUser],
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    await userEvent.click(await canvas.findByRole('button', { name: 'Disconnect wallet' }))
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Disconnect wallet' })).toBeNull())
    await expect(auth.client.getState().status).toBe('authenticated')
    await expect(adapterOf(loaded).getAccount()).toBeNull()
  },
}

/** Dark theme, with credentials. */
export const DarkWithCredentials: Story = {
  loaders: [linkedUser],
  args: { theme: 'dark' },
  decorators: [
    (Story) => (
      <div style={{ background: '#15161a', padding: '1rem' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvas }) => {
    await canvas.findByRole('list', { name: 'Ways to sign in' })
    await expect(credentialItems(canvas)).toHaveLength(3)
  },
}
