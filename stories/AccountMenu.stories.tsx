import type { Meta, StoryObj } from '@storybook/react-vite'
import { QueryClient } from '@tanstack/react-query'
import { AuthProvider } from 'latchkey/react'
import { AccountMenu, AuthButton } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { devices, sendUserAgent, threeDevices } from './support/devices.js'
import { signedIn, storyEmail, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'

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
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
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
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(2))
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
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(1))
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
    await expect(await canvas.findAllByRole('listitem')).toHaveLength(3)
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
    const page = within(canvasElement.ownerDocument.body)
    await userEvent.click(canvas.getByRole('button', { name: new RegExp(storyEmail) }))
    await userEvent.click(canvas.getByRole('menuitem', { name: 'Account and sessions' }))
    const dialog = await page.findByRole('dialog', { name: 'Your account' })
    await waitFor(() => expect(dialog).toBeVisible())
    await expect(await within(dialog).findAllByRole('listitem')).toHaveLength(3)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Sign in' })).toBeVisible())
    await expect(auth.client.getState().status).toBe('unauthenticated')
  },
}
