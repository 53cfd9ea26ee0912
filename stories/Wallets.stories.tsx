import type { Meta, StoryObj } from '@storybook/react-vite'
import { AuthButton, LoginModal } from 'latchkey/ui'
import type { TestWalletAdapter } from 'latchkey/testing'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { body, WithAuth, type Loaded } from './support/testAuth.js'
import { themeArgType } from './support/theme.js'
import { holdRequests, walletAuthLoader } from './support/wallets.js'

/**
 * Wallet sign-in in `LoginModal` and the account-switch prompt, driven through the real
 * engine and in-page server with a test wallet adapter that really signs (EIP-4361).
 */
const meta = {
  title: 'UI/Wallets',
  component: LoginModal,
  args: { defaultOpen: true, theme: 'light' },
  argTypes: { theme: themeArgType },
  loaders: [walletAuthLoader()],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <LoginModal {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof LoginModal>

export default meta
type Story = StoryObj<typeof meta>

const adapterOf = (loaded: unknown) => (loaded as Loaded).auth.client.wallets[0] as TestWalletAdapter
/** The method list: the registered wallets (one not installed) above the email form. */
export const MethodList: Story = {
  play: async ({ canvasElement }) => {
    const page = body(canvasElement)
    await expect(await page.findByRole('button', { name: 'Dev wallet' })).toBeEnabled()
    await expect(page.getByRole('button', { name: /MetaMask/ })).toBeDisabled()
    await expect(page.getByRole('textbox', { name: /email/i })).toBeVisible()
  },
}

/** The user declined the signature in the wallet: the error, with Try again and Back. */
export const SignatureDeclined: Story = {
  play: async ({ canvasElement, loaded }) => {
    adapterOf(loaded).rejectNext('signMessage')
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(page.getByRole('alert')).toHaveAttribute('data-code', 'user_rejected'))
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible()
  },
}

/** Signed in with one account, the wallet switched to another: `AuthButton` asks what to do. */
export const AccountSwitched: Story = {
  loaders: [
    walletAuthLoader(async ({ auth }) => {
      await auth.client.signInWithWallet()
    }),
  ],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton theme={args.theme} />
    </WithAuth>
  ),
  play: async ({ canvasElement, loaded }) => {
    const adapter = adapterOf(loaded)
    adapter.switchAccount(`0x${'5a'.repeat(32)}`)
    const dialog = await body(canvasElement).findByRole('dialog', { name: 'Your wallet switched accounts' })
    // Opening animates from opacity 0.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Sign in with the new account' })).toBeVisible())
  },
}

// --- every wallet step and error (issue 6, ui) ----------------------------------------

/** Waiting for the signature: the wallet signed and the server has not answered yet (held). */
export const WaitingForSignature: Story = {
  play: async ({ canvasElement, loaded }) => {
    holdRequests((loaded as Loaded).auth, '/wallet/verify')
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev wallet' }))
    const dialog = await page.findByRole('dialog', { name: 'Waiting for your wallet' })
    await expect(dialog.querySelector('[data-step="wallet"]')).toHaveAttribute('data-state', 'pending')
    await expect(within(dialog).getByRole('button', { name: 'Back' })).toBeEnabled()
  },
}

/** The user refused to connect in the wallet. */
export const ConnectDeclined: Story = {
  play: async ({ canvasElement, loaded }) => {
    adapterOf(loaded).rejectNext('connect')
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(page.getByRole('alert')).toHaveAttribute('data-code', 'user_rejected'))
    // The refusal is instant, so the dialog may still be in its 160 ms enter animation
    // (opacity 0 counts as hidden): wait for it to settle rather than race it.
    await waitFor(() => expect(page.getByRole('dialog', { name: 'Sign-in did not finish' })).toBeVisible())
  },
}

/** The wallet is on a network the server does not accept: the server's own refusal. */
export const WrongNetwork: Story = {
  play: async ({ canvasElement, loaded }) => {
    adapterOf(loaded).switchChain(999_999)
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev wallet' }))
    await waitFor(() => expect(page.getByRole('alert')).toHaveAttribute('data-code', 'chain_not_allowed'))
  },
}

/** "Try again" after a refusal signs in. */
export const RetryAfterDecline: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    adapterOf(loaded).rejectNext('signMessage')
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev wallet' }))
    await userEvent.click(await page.findByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(auth.client.getState().status).toBe('authenticated'), { timeout: 5_000 })
  },
}

/** Dark theme: the method list. */
export const Dark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await expect(await body(canvasElement).findByRole('button', { name: 'Dev wallet' })).toBeEnabled()
  },
}
