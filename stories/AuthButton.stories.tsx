import type { Meta, StoryObj } from '@storybook/react-vite'
import { renderToString } from 'react-dom/server'
import { AuthButton, SessionTimeoutWarning } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { body, signedIn, storyEmail, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'
import { themeArgType } from './support/theme.js'
import { adapterOf, holdRequests, walletAuthLoader, walletKeys } from './support/wallets.js'

/**
 * `AuthButton` in each state, driven by the real engine against an in-page server
 * (`createTestAuth` from `latchkey/testing`): no hand-written state.
 */
const meta = {
  title: 'UI/AuthButton',
  component: AuthButton,
  args: { theme: 'light' },
  argTypes: { theme: themeArgType },
  loaders: [testAuthLoader()],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof AuthButton>

export default meta
type Story = StoryObj<typeof meta>

/** No session: "Sign in" opens the login modal. */
export const SignedOut: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  },
}

/** Signed in through the real email flow: shows who, as a menu button. */
export const SignedIn: Story = {
  loaders: [signedIn],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: new RegExp(storyEmail) })).toBeVisible()
  },
}

/** The account menu, open. */
export const AccountMenuOpen: Story = {
  loaders: [signedIn],
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: new RegExp(storyEmail) }))
    await expect(canvas.getByRole('menuitem', { name: 'Sign out' })).toBeVisible()
  },
}

/** Dark theme, signed in. */
export const Dark: Story = {
  loaders: [signedIn],
  args: { theme: 'dark' },
  decorators: [
    (Story) => (
      <div style={{ background: '#15161a', padding: '1rem' }}>
        <Story />
      </div>
    ),
  ],
}

/** The whole flow: sign in with the code the in-page server mailed, then sign out. */
export const SignInAndOut: Story = {
  play: async ({ canvas, canvasElement, loaded, step }) => {
    const { auth } = loaded as Loaded
    const page = body(canvasElement)
    await step('sign in', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
      await userEvent.type(await page.findByRole('textbox', { name: /email/i }), storyEmail)
      await userEvent.click(page.getByRole('button', { name: 'Send code' }))
      await userEvent.type(await page.findByRole('textbox', { name: 'Code' }), auth.lastCode(storyEmail))
      await userEvent.click(page.getByRole('button', { name: 'Continue' }))
      await waitFor(() => expect(canvas.getByRole('button', { name: new RegExp(storyEmail) })).toBeVisible())
      await expect(auth.client.getState().status).toBe('authenticated')
    })
    await step('sign out', async () => {
      await userEvent.click(canvas.getByRole('button', { name: new RegExp(storyEmail) }))
      await userEvent.click(canvas.getByRole('menuitem', { name: 'Sign out' }))
      await waitFor(() => expect(canvas.getByRole('button', { name: 'Sign in' })).toBeVisible())
      await expect(auth.client.getState().status).toBe('unauthenticated')
    })
  },
}

// --- every state (issue 6, ui) ---------------------------------------------------------
// Each from the real engine: a server render, a request held at the in-page server, a test
// wallet that really signs, the network cut, the shared clock moved to the session's end.

/**
 * Loading: the first paint of a server-rendered page, before hydration. This is the
 * engine's own server snapshot (`renderToString`, no `initialSession`), not a mock: a
 * browser client restores from storage synchronously, so it is never `loading` on screen.
 */
export const Loading: Story = {
  render: (args, { loaded }) => {
    const html = renderToString(
      <WithAuth loaded={loaded}>
        <AuthButton {...args} />
      </WithAuth>,
    )
    return <div dangerouslySetInnerHTML={{ __html: html }} />
  },
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('.latchkey-auth-button')
    await expect(root).toHaveAttribute('data-status', 'loading')
    const button = within(canvasElement).getByRole('button', { name: 'Loading…' })
    await expect(button).toBeDisabled()
    await expect(button).toHaveAttribute('aria-busy', 'true')
  },
}

/** Signing in: the code is on its way to the server (held there), the modal says "Checking…". */
export const SigningIn: Story = {
  play: async ({ canvas, canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const page = body(canvasElement)
    holdRequests(auth, '/email/verify')
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await userEvent.type(await page.findByRole('textbox', { name: /email/i }), storyEmail)
    await userEvent.click(page.getByRole('button', { name: 'Send code' }))
    await userEvent.type(await page.findByRole('textbox', { name: 'Code' }), auth.lastCode(storyEmail))
    await userEvent.click(page.getByRole('button', { name: 'Continue' }))
    const checking = await page.findByRole('button', { name: 'Checking…' })
    await expect(checking).toHaveAttribute('aria-busy', 'true')
    await expect(auth.client.getState().status).toBe('unauthenticated')
  },
}

/** Signed in with an Ethereum wallet (SIWE, signed by the test wallet): the short address. */
export const SignedInWithWallet: Story = {
  loaders: [walletAuthLoader(({ auth }) => auth.client.signInWithWallet())],
  play: async ({ canvas, loaded }) => {
    const address = adapterOf(loaded).address
    const trigger = canvas.getByRole('button', { name: `Signed in as ${address.slice(0, 6)}…${address.slice(-4)}` })
    await expect(trigger).toBeVisible()
  },
}

/** A visitor (connect-only mode): the wallet is connected, nothing signed, no session; "Sign in" upgrades. */
export const Visitor: Story = {
  loaders: [walletAuthLoader(({ auth }) => auth.client.connectWallet(), { mode: 'connect-only' })],
  play: async ({ canvas, canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    await expect(auth.client.getState().status).toBe('visitor')
    await expect(canvasElement.querySelector('.latchkey-auth-button')).toHaveAttribute('data-status', 'visitor')
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  },
}

/** Signed in with one account, the wallet switched to another: the button asks what to do. */
export const WalletMismatch: Story = {
  loaders: [walletAuthLoader(({ auth }) => auth.client.signInWithWallet())],
  play: async ({ canvasElement, loaded }) => {
    adapterOf(loaded).switchAccount(walletKeys.stranger)
    const dialog = await body(canvasElement).findByRole('dialog', { name: 'Your wallet switched accounts' })
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Sign in with the new account' })).toBeVisible())
  },
}

/** The server cannot be reached: still signed in (network errors never sign out), marked offline. */
export const Offline: Story = {
  loaders: [
    testAuthLoader(async ({ auth }) => {
      await auth.signIn(storyEmail)
      auth.offline = true
      await auth.client.refresh().catch(() => {})
    }),
  ],
  play: async ({ canvas, loaded }) => {
    const { auth } = loaded as Loaded
    await expect(auth.client.getState()).toMatchObject({ status: 'authenticated', network: 'offline' })
    const trigger = canvas.getByRole('button', { name: new RegExp(storyEmail) })
    await expect(trigger).toHaveAttribute('data-network', 'offline')
    await expect(trigger).toHaveAccessibleDescription(/You are offline/)
  },
}

const SEVEN_DAYS = 7 * 24 * 60 * 60_000

/** Four minutes before the session's absolute end: the button and the warning it sits with. */
export const SessionExpiring: Story = {
  loaders: [
    testAuthLoader(async ({ auth, clock }) => {
      await auth.signIn(storyEmail)
      clock.offset += SEVEN_DAYS - 4 * 60_000
    }),
  ],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton {...args} />
      <SessionTimeoutWarning theme={args.theme} />
    </WithAuth>
  ),
  play: async ({ canvas, canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const dialog = await body(canvasElement).findByRole('dialog', { name: 'Your session is ending' }, { timeout: 5_000 })
    await waitFor(() => expect(dialog).toBeVisible())
    await expect(auth.client.getState()).toMatchObject({ status: 'authenticated', expiring: true })
    await expect(canvas.getByRole('button', { name: new RegExp(storyEmail), hidden: true })).toBeInTheDocument()
  },
}

/** Your own trigger (a render function): same behaviour, your look. */
export const CustomTrigger: Story = {
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <AuthButton {...args}>
        {({ status, name }) => (
          <button type="button" style={{ font: '600 14px system-ui', padding: '6px 14px', borderRadius: 999, border: '1px solid #0f766e', background: '#f0fdfa', color: '#115e59' }}>
            {status === 'authenticated' ? `👤 ${name}` : 'Log in'}
          </button>
        )}
      </AuthButton>
    </WithAuth>
  ),
  play: async ({ canvas, canvasElement }) => {
    const trigger = canvas.getByRole('button', { name: 'Log in' })
    await expect(trigger).toHaveAttribute('aria-haspopup', 'dialog')
    await userEvent.click(trigger)
    const dialog = await body(canvasElement).findByRole('dialog', { name: 'Sign in' })
    await waitFor(() => expect(dialog).toBeVisible())
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(trigger).toHaveFocus())
  },
}

/** `appearance`: accent (one per theme), radius and font, down to the modal it opens. */
export const Appearance: Story = {
  args: { appearance: { accent: { light: '#0f766e', dark: '#5eead4' }, accentForeground: { light: '#ffffff', dark: '#042f2e' }, radius: 4, font: 'Georgia, serif' } },
  play: async ({ canvas, canvasElement, args }) => {
    const signIn = canvas.getByRole('button', { name: 'Sign in' })
    // The teal of the story's theme (light-dark() picks one per theme).
    await expect(getComputedStyle(signIn).backgroundColor).toBe(args.theme === 'dark' ? 'rgb(94, 234, 212)' : 'rgb(15, 118, 110)')
    await userEvent.click(signIn)
    const dialog = await body(canvasElement).findByRole('dialog', { name: 'Sign in' })
    await waitFor(() => expect(dialog).toBeVisible())
    await expect(getComputedStyle(dialog).borderTopLeftRadius).toBe('4px')
    await expect(getComputedStyle(dialog).fontFamily).toContain('Georgia')
  },
}
