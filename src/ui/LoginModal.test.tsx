import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import type { TestAuth } from '../testing/index.js'
import { AuthButton } from './AuthButton.js'
import { LoginModal } from './LoginModal.js'
import type { LoginModalProps } from './LoginModal.js'

afterEach(() => {
  vi.useRealTimers()
})

/** A code that is not the one sent. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

function renderModal(props: LoginModalProps = { defaultOpen: true }, auth: TestAuth = createTestAuth()) {
  const utils = render(
    <AuthProvider client={auth.client}>
      <LoginModal {...props} />
    </AuthProvider>,
  )
  return { auth, ...utils }
}

/** user-event that also moves fake timers, when a test installs them. */
const setupUser = () => userEvent.setup(vi.isFakeTimers() ? { advanceTimers: (ms) => vi.advanceTimersByTime(ms) } : {})

async function sendCode(user: ReturnType<typeof setupUser>, email = 'ada@example.com') {
  await user.type(screen.getByLabelText('Email address'), email)
  await user.click(screen.getByRole('button', { name: 'Send code' }))
  await screen.findByRole('dialog', { name: 'Check your email' })
}

async function enterCode(user: ReturnType<typeof setupUser>, code: string) {
  const input = screen.getByLabelText('Code')
  await user.clear(input)
  await user.type(input, code)
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  // The answer arrives asynchronously; the next attempt waits for it, as a person would.
  await waitFor(() => expect(screen.queryByRole('button', { name: 'Checking…' })).toBeNull())
}

describe('LoginModal', () => {
  test('default: the whole email sign-in from AuthButton, against the real server', async () => {
    const auth = createTestAuth()
    const user = setupUser()
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    const dialog = await screen.findByRole('dialog', { name: 'Sign in' })
    expect(dialog).toHaveAccessibleDescription('Enter your email address and we will send you a sign-in code.')
    expect(screen.getByLabelText('Email address')).toHaveFocus()
    await sendCode(user)

    expect(screen.getByRole('dialog')).toHaveAccessibleDescription(
      'We sent a 6-digit code to ada@example.com. Enter it below.',
    )
    const input = screen.getByLabelText('Code')
    expect(input).toHaveAttribute('autocomplete', 'one-time-code')
    expect(input).toHaveAttribute('inputmode', 'numeric')
    expect(input).toHaveFocus()
    await enterCode(user, auth.lastCode('ada@example.com'))

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.getByRole('button', { name: 'Signed in as ada@example.com' })).toHaveTextContent('ada@example.com')
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: a wrong code shows the attempts left, and the right one still works', async () => {
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)
    const code = auth.lastCode('ada@example.com')

    await enterCode(user, wrong(code))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That code is not right. Check the email and try again. 4 attempts left',
    )
    const input = screen.getByLabelText('Code') as HTMLInputElement
    expect(input).toHaveAttribute('aria-invalid', 'true')
    // The wrong code stays, selected, so typing replaces it.
    expect(input).toHaveFocus()
    expect(input).toHaveValue(wrong(code))
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 6])

    await enterCode(user, wrong(code))
    expect(await screen.findByText(/3 attempts left/)).toBeInTheDocument()

    await enterCode(user, code)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: too many wrong codes stops the code, and a new code gets the user in', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)
    const code = auth.lastCode('ada@example.com')
    for (let i = 0; i < 5; i++) await enterCode(user, wrong(code))

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many wrong codes. Ask for a new code.')
    expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled()

    await act(() => vi.advanceTimersByTimeAsync(30_000))
    await user.click(screen.getByRole('button', { name: 'Send a new code' }))
    expect(await screen.findByRole('status')).toHaveTextContent('A new code is on its way to ada@example.com.')
    expect(auth.lastCode('ada@example.com')).not.toBe(undefined)
    await enterCode(user, auth.lastCode('ada@example.com'))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: resend waits out the cooldown with a visible countdown', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)

    const resend = screen.getByRole('button', { name: 'You can ask for a new code in 0:30' })
    expect(resend).toBeDisabled()
    expect(resend).toHaveAttribute('data-state', 'cooldown')
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(resend).toHaveTextContent('You can ask for a new code in 0:29')
    await act(() => vi.advanceTimersByTimeAsync(29_000))
    expect(resend).toHaveTextContent('Send a new code')
    expect(resend).toBeEnabled()
    expect(resend).toHaveAttribute('data-state', 'ready')

    await user.click(resend)
    expect(await screen.findByRole('status')).toHaveTextContent('A new code is on its way to ada@example.com.')
    expect(auth.mailer.mails).toHaveLength(2)
    expect(resend).toHaveTextContent('You can ask for a new code in 0:30')
  })

  test('behavior: an expired code says so and points to a new one', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)
    await act(() => vi.advanceTimersByTimeAsync(10 * 60_000 + 1_000))

    await enterCode(user, auth.lastCode('ada@example.com'))
    expect(await screen.findByRole('alert')).toHaveTextContent('That code has expired. Ask for a new one.')
    expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled()
    const resend = screen.getByRole('button', { name: 'Send a new code' })
    expect(resend).toBeEnabled()
    expect(resend).toHaveAttribute('data-variant', 'primary')
    // The keyboard is already on the way out.
    expect(resend).toHaveFocus()
  })

  test('behavior: starting again within the cooldown explains the wait', async () => {
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)
    await user.click(screen.getByRole('button', { name: 'Use a different email' }))
    expect(await screen.findByRole('dialog', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByLabelText('Email address')).toHaveValue('ada@example.com')

    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Please wait a moment before asking for another code.')
    // The code sent first still works.
    await enterCode(user, auth.lastCode('ada@example.com'))
    await waitFor(() => expect(auth.client.getState().status).toBe('authenticated'))
  })

  test('behavior: a network error is shown and the user can retry', async () => {
    const auth = createTestAuth()
    auth.offline = true
    renderModal({ defaultOpen: true }, auth)
    const user = setupUser()
    await user.type(screen.getByLabelText('Email address'), 'ada@example.com')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You appear to be offline. Check your connection and try again.',
    )
    expect(screen.getByRole('dialog', { name: 'Sign in' })).toBeInTheDocument()

    auth.offline = false
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect(await screen.findByRole('dialog', { name: 'Check your email' })).toBeInTheDocument()
  })

  test('behavior: offline while checking the code keeps it for a retry', async () => {
    const { auth } = renderModal()
    const user = setupUser()
    await sendCode(user)
    auth.offline = true
    await enterCode(user, auth.lastCode('ada@example.com'))
    expect(await screen.findByRole('alert')).toHaveTextContent('You appear to be offline.')
    const input = screen.getByLabelText('Code')
    expect(input).toHaveValue(auth.lastCode('ada@example.com'))
    expect(input).toHaveFocus()

    auth.offline = false
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: a rejected address is shown next to the field', async () => {
    renderModal()
    const user = setupUser()
    await user.type(screen.getByLabelText('Email address'), 'not-an-email')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter a valid email address.')
    expect(screen.getByLabelText('Email address')).toHaveAccessibleDescription('Enter a valid email address.')
  })

  test('parameters: onSignedIn — called with the user, once the modal closed', async () => {
    const onSignedIn = vi.fn()
    const onOpenChange = vi.fn()
    const { auth } = renderModal({ defaultOpen: true, onSignedIn, onOpenChange })
    const user = setupUser()
    await sendCode(user)
    await enterCode(user, auth.lastCode('ada@example.com'))
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(expect.objectContaining({ email: 'ada@example.com' })))
    expect(onOpenChange).toHaveBeenCalledWith(false)
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('parameters: open / onOpenChange — controlled, the parent decides', async () => {
    const onOpenChange = vi.fn()
    renderModal({ open: true, onOpenChange })
    const user = setupUser()
    await user.keyboard('{Escape}')
    expect(onOpenChange).toHaveBeenCalledWith(false)
    // The parent did not close it: still open.
    expect(screen.getByRole('dialog')).toBeInTheDocument()
  })

  test('parameters: children — a trigger; uncontrolled, Escape closes and each opening starts fresh', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <LoginModal>
          <button type="button">Log in</button>
        </LoginModal>
      </AuthProvider>,
    )
    const user = setupUser()
    expect(screen.queryByRole('dialog')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await sendCode(user)
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Log in' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Log in' }))
    expect(await screen.findByRole('dialog', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByLabelText('Email address')).toHaveValue('')
  })

  test('behavior: the close button is labelled and closes', async () => {
    renderModal()
    const user = setupUser()
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('behavior: every string comes from the messages object', async () => {
    const auth = createTestAuth()
    function Page() {
      const [open, setOpen] = useState(true)
      return (
        <AuthProvider
          client={auth.client}
          messages={{
            loginTitle: 'Connexion',
            loginDescription: 'Recevez un code par e-mail.',
            emailLabel: 'Adresse e-mail',
            sendCode: 'Envoyer le code',
            codeTitle: 'Vérifiez vos e-mails',
            codeDescription: ({ email }) => `Code envoyé à ${email}.`,
            codeLabel: 'Code reçu',
            verifyCode: 'Valider',
            resendIn: ({ time }) => `Nouveau code dans ${time}`,
            useDifferentEmail: 'Changer d’adresse',
            close: 'Fermer',
            attemptsLeft: ({ count }) => `${count} essais restants`,
            errors: { invalid_code: 'Code incorrect.' },
          }}
        >
          <LoginModal open={open} onOpenChange={setOpen} />
        </AuthProvider>
      )
    }
    render(<Page />)
    const user = setupUser()
    const dialog = screen.getByRole('dialog', { name: 'Connexion' })
    expect(dialog).toHaveAccessibleDescription('Recevez un code par e-mail.')
    expect(within(dialog).getByRole('button', { name: 'Fermer' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('Adresse e-mail'), 'ada@example.com')
    await user.click(screen.getByRole('button', { name: 'Envoyer le code' }))
    expect(await screen.findByRole('dialog', { name: 'Vérifiez vos e-mails' })).toHaveAccessibleDescription(
      'Code envoyé à ada@example.com.',
    )
    expect(screen.getByRole('button', { name: 'Nouveau code dans 0:30' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Changer d’adresse' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('Code reçu'), wrong(auth.lastCode('ada@example.com')))
    await user.click(screen.getByRole('button', { name: 'Valider' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Code incorrect. 4 essais restants')
  })

  test('behavior: data attributes name the step and the state', async () => {
    renderModal({ defaultOpen: true, theme: 'dark' })
    const dialog = screen.getByRole('dialog')
    expect(dialog).toHaveAttribute('data-state', 'open')
    expect(dialog).toHaveAttribute('data-latchkey-theme', 'dark')
    expect(dialog.querySelector('[data-step]')).toHaveAttribute('data-step', 'email')
    const user = setupUser()
    await sendCode(user)
    expect(dialog.querySelector('[data-step]')).toHaveAttribute('data-step', 'code')
    expect(dialog.querySelector('[data-step]')).toHaveAttribute('data-state', 'idle')
  })
})
