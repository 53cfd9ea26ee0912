import type { Meta, StoryObj } from '@storybook/react-vite'
import { AuthButton, LoginModal } from 'latchkey/ui'
import { createTestWalletAdapter, type TestWalletAdapter } from 'latchkey/testing'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'

/**
 * Wallet sign-in in `LoginModal` and the account-switch prompt, driven through the real
 * engine and in-page server with a test wallet adapter that really signs (EIP-4361).
 */
const meta = {
  title: 'UI/Wallets',
  component: LoginModal,
  args: { defaultOpen: true, theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  loaders: [walletLoader()],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <LoginModal {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof LoginModal>

export default meta
type Story = StoryObj<typeof meta>

/** A fresh server and client with one test wallet adapter (the in-page server's domain is `localhost`). */
function walletLoader(prepare?: (loaded: Loaded) => Promise<unknown>) {
  return testAuthLoader(prepare, {
    client: {
      wallets: [createTestWalletAdapter({ wallets: [{ id: 'dev.latchkey.testwallet', name: 'Dev wallet' }, { id: 'io.metamask', name: 'MetaMask', installed: false }] })],
      walletMessage: { domain: 'localhost', uri: 'http://localhost' },
    },
  })
}

const adapterOf = (loaded: unknown) => (loaded as Loaded).auth.client.wallets[0] as TestWalletAdapter
const body = (canvasElement: HTMLElement) => within(canvasElement.ownerDocument.body)

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
    walletLoader(async ({ auth }) => {
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
