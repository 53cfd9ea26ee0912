import type { Meta, StoryObj } from '@storybook/react-vite'
import { AuthButton } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { signedIn, storyEmail, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'

/**
 * `AuthButton` in each state, driven by the real engine against an in-page server
 * (`createTestAuth` from `latchkey/testing`): no hand-written state.
 */
const meta = {
  title: 'UI/AuthButton',
  component: AuthButton,
  args: { theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
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
    const page = within(canvasElement.ownerDocument.body)
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
