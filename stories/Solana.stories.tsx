import type { Meta, StoryObj } from '@storybook/react-vite'
import type { Wallet } from '@wallet-standard/base'
import { AuthButton, LoginModal } from 'latchkey/ui'
import { solanaWallets } from 'latchkey/solana'
import { createTestSolanaWallet, createTestWalletAdapter } from 'latchkey/testing'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { body, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'

/**
 * Solana wallets beside EVM wallets and email, driven through the real engine and in-page
 * server: the Dev Solana wallet (Wallet Standard, ed25519, signs for real) through
 * `solanaWallets()`, and the EVM test adapter (EIP-4361).
 */
/** A fixed key, so screenshots show the same address every run. */
const solanaKey = new Uint8Array(32).fill(0x11)

/**
 * A fresh server and client with EVM and Solana wallets (the in-page server's domain is
 * `localhost`), the wallets made anew for every story so none inherits another's connection.
 */
function bothChains(prepare?: (loaded: Loaded) => Promise<unknown>) {
  return () =>
    testAuthLoader(prepare, {
      client: {
        wallets: [
          createTestWalletAdapter({ privateKey: `0x${'11'.repeat(32)}`, wallets: [{ id: 'dev.latchkey.testwallet', name: 'Dev wallet' }] }),
          solanaWallets({ wallets: [createTestSolanaWallet({ secretKey: solanaKey }) as unknown as Wallet], storage: null }),
        ],
        walletMessage: { domain: 'localhost', uri: 'http://localhost' },
      },
    })()
}

const meta = {
  title: 'UI/Solana',
  component: LoginModal,
  args: { defaultOpen: true, theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  loaders: [bothChains()],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <LoginModal {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof LoginModal>

export default meta
type Story = StoryObj<typeof meta>


/** Both chains, grouped under "Ethereum" and "Solana", above the email form. */
export const BothChains: Story = {
  play: async ({ canvasElement }) => {
    const page = body(canvasElement)
    const solana = await page.findByRole('region', { name: 'Solana' })
    await expect(within(solana).getByRole('button', { name: 'Dev Solana wallet' })).toBeEnabled()
    await expect(within(page.getByRole('region', { name: 'Ethereum' })).getByRole('button', { name: 'Dev wallet' })).toBeEnabled()
    await expect(page.getByRole('textbox', { name: /email/i })).toBeVisible()
  },
}

/** Picking the Dev Solana wallet signs in with Sign-In-With-Solana and closes the modal. */
export const SignInWithSolana: Story = {
  play: async ({ canvasElement, loaded }) => {
    const page = body(canvasElement)
    await userEvent.click(await page.findByRole('button', { name: 'Dev Solana wallet' }))
    await waitFor(() => expect((loaded as unknown as Loaded).auth.client.getState().status).toBe('authenticated'))
    await waitFor(() => expect(page.queryByRole('dialog')).toBeNull())
  },
}

/** `AuthButton` for a user who signed in with a Solana wallet: the short base58 address. */
export const AuthButtonSignedInWithSolana: Story = {
  loaders: [
    bothChains(async ({ auth }) => {
      await auth.client.signInWithWallet({ chain: 'solana' })
    }),
  ],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton theme={args.theme} />
    </WithAuth>
  ),
  play: async ({ canvasElement, loaded }) => {
    const address = (loaded as unknown as Loaded).auth.client.getWalletAccount({ chain: 'solana' })?.address ?? ''
    const trigger = await body(canvasElement).findByRole('button', { name: new RegExp(address.slice(0, 4)) })
    await expect(trigger).toBeVisible()
  },
}
