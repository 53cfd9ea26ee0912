import type { Meta, StoryObj } from '@storybook/react-vite'
import { LoginModal } from 'latchkey/ui'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { body, storyEmail, testAuthLoader, WithAuth, wrongCode, type Loaded } from './support/testAuth.js'
import { themeArgType } from './support/theme.js'

/**
 * `LoginModal`'s steps and every failure the user can meet, each reached by driving the
 * real engine and in-page server (`createTestAuth`) through the UI: the server sends real
 * codes, counts real attempts and keeps real cooldowns.
 */
const meta = {
  title: 'UI/LoginModal',
  component: LoginModal,
  args: { defaultOpen: true, theme: 'light' },
  argTypes: { theme: themeArgType },
  loaders: [testAuthLoader()],
  render: (args, { loaded }) => (
    <WithAuth loaded={loaded}>
      <LoginModal {...args} />
    </WithAuth>
  ),
} satisfies Meta<typeof LoginModal>

export default meta
type Story = StoryObj<typeof meta>

async function submitEmail(canvasElement: HTMLElement, email = storyEmail) {
  const page = body(canvasElement)
  await userEvent.type(await page.findByRole('textbox', { name: /email/i }), email)
  await userEvent.click(page.getByRole('button', { name: 'Send code' }))
}

async function submitCode(canvasElement: HTMLElement, code: string) {
  const page = body(canvasElement)
  const input = await page.findByRole('textbox', { name: 'Code' })
  await userEvent.clear(input)
  await userEvent.type(input, code)
  await userEvent.click(page.getByRole('button', { name: 'Continue' }))
}

async function expectAlert(canvasElement: HTMLElement, code: string) {
  const page = body(canvasElement)
  await waitFor(() => expect(page.getByRole('alert')).toHaveAttribute('data-code', code))
}

/** The first step: an email address. */
export const EmailStep: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await body(canvasElement).findByRole('dialog')
    // Opening animates from opacity 0.
    await waitFor(() => expect(dialog).toBeVisible())
    await expect(within(dialog).getByRole('textbox', { name: /email/i })).toHaveFocus()
  },
}

/** The server refuses an address that is not one. */
export const InvalidEmail: Story = {
  play: async ({ canvasElement }) => {
    await submitEmail(canvasElement, 'not-an-email')
    await expectAlert(canvasElement, 'invalid_email')
  },
}

/** A code was mailed: the code step, with the resend cooldown counting down. */
export const CodeStep: Story = {
  play: async ({ canvasElement }) => {
    await submitEmail(canvasElement)
    const page = body(canvasElement)
    await expect(await page.findByRole('textbox', { name: 'Code' })).toBeVisible()
    await expect(page.getByRole('button', { name: /new code in/i })).toBeDisabled()
  },
}

/** A wrong code: the server counts the attempt and says how many are left. */
export const WrongCode: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    await submitEmail(canvasElement)
    await submitCode(canvasElement, wrongCode(auth.lastCode(storyEmail)))
    await expectAlert(canvasElement, 'invalid_code')
    await expect(body(canvasElement).getByRole('alert')).toHaveTextContent(/4/)
  },
}

/** Five wrong codes: this code is dead, even the right one; only a new code helps. */
export const TooManyAttempts: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    await submitEmail(canvasElement)
    const right = auth.lastCode(storyEmail)
    for (let attempt = 1; attempt <= 4; attempt++) {
      await submitCode(canvasElement, wrongCode(right))
      await expectAlert(canvasElement, 'invalid_code')
    }
    await submitCode(canvasElement, wrongCode(right))
    await expectAlert(canvasElement, 'too_many_attempts')
    await expect(body(canvasElement).getByRole('button', { name: 'Continue' })).toBeDisabled()
    // The server agrees: the right code is refused now.
    await expect(auth.client.verifyEmailSignIn({ email: storyEmail, code: right })).rejects.toMatchObject({
      code: 'too_many_attempts',
    })
  },
}

/** The right code, too late: codes live 10 minutes (the shared clock jumps 11). */
export const ExpiredCode: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth, clock } = loaded as Loaded
    await submitEmail(canvasElement)
    await body(canvasElement).findByRole('textbox', { name: 'Code' })
    clock.offset += 11 * 60 * 1000
    await submitCode(canvasElement, auth.lastCode(storyEmail))
    await expectAlert(canvasElement, 'code_expired')
  },
}

/** A code went to this address moments ago (say, from another tab): the server keeps the cooldown. */
export const ResendCooldown: Story = {
  loaders: [testAuthLoader(({ auth }) => auth.client.startEmailSignIn({ email: storyEmail }))],
  play: async ({ canvasElement }) => {
    await submitEmail(canvasElement)
    await expectAlert(canvasElement, 'resend_cooldown')
    await expect(body(canvasElement).getByRole('textbox', { name: 'Code' })).toBeVisible()
  },
}

/** The network drops before the code is checked: an offline error, no attempt spent. */
export const Offline: Story = {
  play: async ({ canvasElement, loaded }) => {
    const { auth } = loaded as Loaded
    await submitEmail(canvasElement)
    auth.offline = true
    await submitCode(canvasElement, auth.lastCode(storyEmail))
    await expectAlert(canvasElement, 'network_error')
  },
}

/** Dark theme. */
export const Dark: Story = {
  args: { theme: 'dark' },
}
