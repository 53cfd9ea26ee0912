import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test, vi } from 'vitest'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import { EmailSignInForm } from './EmailSignInForm.js'

describe('EmailSignInForm', () => {
  test('default: the email flow inline, without a dialog', async () => {
    const auth = createTestAuth()
    const onSuccess = vi.fn()
    const { container } = render(
      <AuthProvider client={auth.client}>
        <EmailSignInForm onSuccess={onSuccess} className="mine" />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    const root = container.firstElementChild!
    expect(root).toHaveClass('latchkey-email-sign-in', 'mine')
    expect(root).toHaveAttribute('data-step', 'email')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByText('Enter your email address and we will send you a sign-in code.')).toBeInTheDocument()

    await user.type(screen.getByLabelText('Email address'), 'ada@example.com')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    await waitFor(() => expect(root).toHaveAttribute('data-step', 'code'))
    expect(screen.getByLabelText('Code')).toHaveAccessibleDescription(
      'We sent a 6-digit code to ada@example.com. Enter it below.',
    )

    await user.type(screen.getByLabelText('Code'), auth.lastCode('ada@example.com'))
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(expect.objectContaining({ email: 'ada@example.com' })))
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: the code field keeps digits only, six at most', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <EmailSignInForm />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email address'), 'ada@example.com')
    await user.click(screen.getByRole('button', { name: 'Send code' }))
    const input = await screen.findByLabelText('Code')
    await user.click(input)
    await user.paste('12 34-56 78')
    expect(input).toHaveValue('123456')
  })
})
