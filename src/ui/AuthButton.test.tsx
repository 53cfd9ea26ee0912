import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthButton } from './AuthButton.js'

function renderButton(auth = createTestAuth()) {
  const utils = render(
    <AuthProvider client={auth.client}>
      <p>outside</p>
      <AuthButton />
    </AuthProvider>,
  )
  return { auth, root: utils.container.querySelector('.latchkey-auth-button')!, ...utils }
}

describe('AuthButton', () => {
  test('default: signed out, a "Sign in" button that opens the login modal', async () => {
    const { root } = renderButton()
    expect(root).toHaveAttribute('data-status', 'unauthenticated')
    expect(root).toHaveAttribute('data-latchkey-theme', 'auto')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('dialog', { name: 'Sign in' })).toBeInTheDocument()
  })

  test('behavior: loading (server render) is a disabled, busy placeholder', () => {
    const auth = createTestAuth()
    const html = renderToString(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    const host = document.createElement('div')
    host.innerHTML = html
    const button = host.querySelector('button')!
    expect(host.firstElementChild).toHaveAttribute('data-status', 'loading')
    expect(button).toBeDisabled()
    expect(button).toHaveAttribute('aria-busy', 'true')
    expect(button).toHaveTextContent('Loading…')
  })

  test('behavior: signed in, it shows who, with a menu that signs out', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const token = await auth.client.getAccessToken()
    const { root } = renderButton(auth)
    const user = userEvent.setup()
    expect(root).toHaveAttribute('data-status', 'authenticated')

    const trigger = screen.getByRole('button', { name: 'Signed in as ada@example.com' })
    expect(trigger).toHaveTextContent('ada@example.com')
    expect(trigger).toHaveAttribute('aria-haspopup', 'menu')
    expect(trigger).toHaveAttribute('aria-expanded', 'false')

    await user.click(trigger)
    expect(trigger).toHaveAttribute('aria-expanded', 'true')
    const menu = screen.getByRole('menu', { name: 'Account' })
    expect(trigger).toHaveAttribute('aria-controls', menu.id)
    const signOut = screen.getByRole('menuitem', { name: 'Sign out' })
    expect(signOut).toHaveFocus()

    await user.click(signOut)
    expect(await screen.findByRole('button', { name: 'Sign in' })).toHaveFocus()
    expect(root).toHaveAttribute('data-status', 'unauthenticated')
    expect(auth.client.getState().status).toBe('unauthenticated')
    // Revoked on the server too.
    const me = await auth.fetch(`${auth.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
  })

  test('behavior: the menu closes on Escape (focus back on its button) and on a click outside', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    renderButton(auth)
    const user = userEvent.setup()
    const trigger = screen.getByRole('button', { name: 'Signed in as ada@example.com' })

    await user.click(trigger)
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(trigger).toHaveFocus()

    await user.click(trigger)
    expect(screen.getByRole('menu')).toBeInTheDocument()
    await user.click(screen.getByText('outside'))
    expect(screen.queryByRole('menu')).toBeNull()

    // Keyboard: ArrowDown opens it too.
    trigger.focus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus()
  })

  test('behavior: follows sign-in and sign-out made elsewhere', async () => {
    const { auth, root } = renderButton()
    await act(() => auth.signIn('grace@example.com'))
    expect(screen.getByRole('button', { name: 'Signed in as grace@example.com' })).toBeInTheDocument()
    await act(() => auth.client.signOut())
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'unauthenticated'))
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  test('parameters: theme and className land on the root', () => {
    const auth = createTestAuth()
    const { container } = render(
      <AuthProvider client={auth.client}>
        <AuthButton theme="dark" className="mine" />
      </AuthProvider>,
    )
    const root = container.firstElementChild!
    expect(root).toHaveAttribute('data-latchkey-theme', 'dark')
    expect(root).toHaveClass('latchkey-auth-button', 'mine')
  })

  test('behavior: outside <AuthProvider> it throws an error naming a hook', () => {
    expect(() => render(<AuthButton />)).toThrow(/must be used inside <AuthProvider>/)
  })
})
