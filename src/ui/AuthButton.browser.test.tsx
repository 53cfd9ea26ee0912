import { render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, test } from 'vitest'
import { userEvent } from 'vitest/browser'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthButton } from './AuthButton.js'
import './styles.css'

// Real Chromium: real focus, real keyboard events, real CSS, and the in-process server
// running on the page's own Web Crypto.

afterEach(() => {
  document.body.innerHTML = ''
})

describe('AuthButton in Chromium', () => {
  test('behavior: keyboard only, sign in with an email code and sign out', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    await userEvent.keyboard('{Tab}')
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveFocus()
    await userEvent.keyboard('{Enter}')

    const email = await screen.findByLabelText('Email address')
    await waitFor(() => expect(email).toHaveFocus())
    await userEvent.keyboard('ada@example.com{Enter}')

    const code = await screen.findByLabelText('Code')
    await waitFor(() => expect(code).toHaveFocus())
    await userEvent.keyboard(`${auth.lastCode('ada@example.com')}{Enter}`)

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    const trigger = screen.getByRole('button', { name: 'Signed in as ada@example.com' })
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus())
    await userEvent.keyboard('{Enter}')
    const signIn = await screen.findByRole('button', { name: 'Sign in' })
    await waitFor(() => expect(signIn).toHaveFocus())
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: Tab stays inside the open modal, Escape closes it and focus returns', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <button type="button">before</button>
        <AuthButton />
      </AuthProvider>,
    )
    const open = screen.getByRole('button', { name: 'Sign in' })
    open.focus()
    await userEvent.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog')
    for (let i = 0; i < 6; i++) {
      await userEvent.keyboard('{Tab}')
      expect(dialog.contains(document.activeElement)).toBe(true)
    }
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    // Radix gives the focus back in a task after the dialog left the DOM.
    await waitFor(() => expect(open).toHaveFocus())
  })

  test('behavior: the stylesheet themes by data-latchkey-theme', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <AuthButton theme="light" />
        <AuthButton theme="dark" />
      </AuthProvider>,
    )
    const [light, dark] = screen.getAllByRole('button', { name: 'Sign in' })
    expect(getComputedStyle(light!).backgroundColor).toBe('rgb(67, 56, 202)')
    expect(getComputedStyle(light!).color).toBe('rgb(255, 255, 255)')
    expect(getComputedStyle(dark!).backgroundColor).toBe('rgb(165, 180, 252)')
    expect(getComputedStyle(dark!).color).toBe('rgb(30, 27, 75)')

    dark!.focus()
    await userEvent.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog')
    expect(dialog).toHaveAttribute('data-latchkey-theme', 'dark')
    expect(getComputedStyle(dialog).backgroundColor).toBe('rgb(24, 24, 27)')
    expect(getComputedStyle(dialog).position).toBe('fixed')
  })
})
