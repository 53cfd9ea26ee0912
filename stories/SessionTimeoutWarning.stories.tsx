import type { Meta, StoryObj } from '@storybook/react-vite'
import { useUser } from 'latchkey/react'
import { SessionTimeoutWarning } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { body, storyEmail, testAuthLoader, WithAuth, type Loaded } from './support/testAuth.js'
import { themeArgType } from './support/theme.js'

/**
 * `SessionTimeoutWarning` in each of its moments. The story signs in for real (7-day
 * session) and then moves the shared clock of the in-page server and client close to the
 * session's end, so the engine itself decides that the warning is due.
 */

const SEVEN_DAYS = 7 * 24 * 60 * 60_000

/** Signed in, then the clock moved to `left` ms before the session's absolute end. */
const endingIn = (left: number) =>
  testAuthLoader(async ({ auth, clock }) => {
    await auth.signIn(storyEmail)
    clock.offset += SEVEN_DAYS - left
  })

/** A page behind the dialog, to show that re-authenticating keeps it. */
function Page() {
  const user = useUser()
  return (
    <main style={{ fontFamily: 'system-ui', padding: '1rem' }}>
      <h1 style={{ fontSize: '1.2rem' }}>Quarterly report</h1>
      <p>Signed in as {user?.email ?? 'nobody'}</p>
    </main>
  )
}

const meta = {
  title: 'UI/SessionTimeoutWarning',
  component: SessionTimeoutWarning,
  args: { theme: 'light' },
  argTypes: { theme: themeArgType },
  loaders: [endingIn(4 * 60_000 + 59_000)],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <Page />
      <SessionTimeoutWarning {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof SessionTimeoutWarning>

export default meta
type Story = StoryObj<typeof meta>

/** The dialog is portalled to `document.body`, outside the story's canvas. */
async function openDialog(canvasElement: HTMLElement, name = 'Your session is ending') {
  const dialog = await body(canvasElement).findByRole('dialog', { name }, { timeout: 5_000 })
  // Opening animates from opacity 0.
  await waitFor(() => expect(dialog).toBeVisible())
  return dialog
}

/** Five minutes before the end: "Your session ends in 4:59", counting down. */
export const Warning: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement)
    const timer = within(dialog).getByRole('timer')
    await expect(timer).toHaveTextContent(/Your session ends in 4:5\d/)
    const shown = timer.textContent
    await waitFor(() => expect(timer.textContent).not.toBe(shown), { timeout: 2_500 })
    await expect(within(dialog).getByRole('button', { name: 'Sign in again' })).toHaveFocus()
  },
}

/** "Sign in again" re-authenticates inside the dialog: same user, new session, same page. */
export const SignInAgain: Story = {
  play: async ({ canvas, canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const before = auth.client.getState()
    const dialog = await openDialog(canvasElement)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in again' }))
    // The address is already there: the user whose session is ending.
    await expect(within(dialog).getByRole('textbox', { name: /email/i })).toHaveValue(storyEmail)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send code' }))
    await userEvent.type(await within(dialog).findByRole('textbox', { name: 'Code' }), auth.lastCode(storyEmail))
    await userEvent.click(within(dialog).getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(body(canvasElement).queryByRole('dialog')).toBeNull())
    const after = auth.client.getState()
    if (before.status !== 'authenticated' || after.status !== 'authenticated') throw new Error('expected signed in')
    await expect(after.session.id).not.toBe(before.session.id)
    await expect(after.user).toBe(before.user)
    await expect(canvas.getByText(`Signed in as ${storyEmail}`)).toBeVisible()
  },
}

/** The sign-in view of the dialog, with the email form. */
export const SignInView: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in again' }))
    await expect(await body(canvasElement).findByRole('dialog', { name: 'Sign in again' })).toBeVisible()
    await expect(within(dialog).getByRole('textbox', { name: /email/i })).toBeVisible()
  },
}

/** "Remind me later" hides it in every tab, for this session. */
export const Dismissed: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const dialog = await openDialog(canvasElement)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remind me later' }))
    await waitFor(() => expect(body(canvasElement).queryByRole('dialog')).toBeNull())
    await expect(auth.client.getState()).toMatchObject({ expiryWarningDismissed: true })
  },
}

/** Two seconds before the end, then the end: the session is over and the dialog says so. */
export const Ended: Story = {
  loaders: [endingIn(2_000)],
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    const dialog = await openDialog(canvasElement, 'Your session has ended')
    await expect(auth.client.getState().status).toBe('unauthenticated')
    await expect(within(dialog).getByRole('textbox', { name: /email/i })).toBeVisible()
  },
}

/** Dark theme. */
export const Dark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await openDialog(canvasElement)
  },
}
