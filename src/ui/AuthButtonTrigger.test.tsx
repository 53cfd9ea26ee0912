import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { forwardRef } from 'react'
import type { ComponentPropsWithoutRef } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import { appearanceStyle } from './appearance.js'
import { AuthButton } from './AuthButton.js'
import type { AuthButtonRenderProps } from './AuthButtonTrigger.js'

/** An app's own button: spreads what it gets, forwards its ref (the asChild contract). */
const NavButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(function NavButton(props, ref) {
  return <button ref={ref} type="button" className="nav" {...props} />
})

const label = ({ status, name }: AuthButtonRenderProps) => (status === 'authenticated' ? `Me: ${name}` : status === 'loading' ? 'Wait' : 'Log in')

function renderCustom(auth = createTestAuth(), onClick?: (event: React.MouseEvent) => void) {
  const seen: AuthButtonRenderProps[] = []
  render(
    <AuthProvider client={auth.client}>
      <AuthButton appearance={{ accent: '#0f766e', radius: 4 }}>
        {(props) => {
          seen.push(props)
          return <NavButton onClick={onClick}>{label(props)}</NavButton>
        }}
      </AuthButton>
    </AuthProvider>,
  )
  return { auth, seen }
}

describe('AuthButton custom trigger', () => {
  test('default: signed out, your button opens the login modal; signing in there; focus comes back to it', async () => {
    const { auth } = renderCustom()
    const user = userEvent.setup()
    const trigger = screen.getByRole('button', { name: 'Log in' })
    expect(trigger).toHaveClass('nav')
    expect(trigger).toHaveAttribute('aria-haspopup', 'dialog')
    expect(trigger).toHaveAttribute('aria-expanded', 'false')
    expect(trigger).toHaveAttribute('data-status', 'unauthenticated')

    await user.click(trigger)
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' })
    expect(trigger).toHaveAttribute('aria-expanded', 'true')
    // The AuthButton's appearance reaches the portalled modal.
    expect(dialog.style.getPropertyValue('--latchkey-accent')).toBe('#0f766e')
    expect(dialog.style.getPropertyValue('--latchkey-radius')).toBe('4px')

    await user.type(within(dialog).getByRole('textbox', { name: 'Email address' }), 'ada@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Send code' }))
    await user.type(await within(dialog).findByRole('textbox', { name: 'Code' }), auth.lastCode('ada@example.com'))
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    // The same element, now naming the user, keeps the focus.
    expect(trigger).toHaveTextContent('Me: ada@example.com')
    expect(trigger).toHaveFocus()
  })

  test('behavior: signed in, it opens the account panel; Escape closes it and the focus returns', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    renderCustom(auth)
    const user = userEvent.setup()
    const trigger = screen.getByRole('button', { name: 'Me: ada@example.com' })
    await user.click(trigger)
    const dialog = await screen.findByRole('dialog', { name: 'Your account' })
    expect(within(dialog).getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(trigger).toHaveFocus()

    // Sign out from the panel: the trigger stays, says "Log in" and keeps the focus.
    await user.click(trigger)
    await user.click(within(await screen.findByRole('dialog', { name: 'Your account' })).getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(trigger).toHaveTextContent('Log in'))
    expect(auth.client.getState().status).toBe('unauthenticated')
    await waitFor(() => expect(trigger).toHaveFocus())
  })

  test("behavior: the app's handler runs first and its preventDefault() keeps the modal shut", async () => {
    const onClick = vi.fn((event: React.MouseEvent) => event.preventDefault())
    renderCustom(createTestAuth(), onClick)
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))
    expect(onClick).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('behavior: loading (server render) is your button, disabled and busy', () => {
    const auth = createTestAuth()
    const html = renderToString(
      <AuthProvider client={auth.client}>
        <AuthButton>{(props) => <NavButton>{label(props)}</NavButton>}</AuthButton>
      </AuthProvider>,
    )
    const host = document.createElement('div')
    host.innerHTML = html
    const button = host.querySelector('button.nav')!
    expect(button).toHaveTextContent('Wait')
    expect(button).toBeDisabled()
    expect(button).toHaveAttribute('aria-busy', 'true')
  })

  test('behavior: a render function that returns no element is a TypeError that says what to return', () => {
    const auth = createTestAuth()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() =>
      render(
        <AuthProvider client={auth.client}>
          <AuthButton>{() => 'Log in'}</AuthButton>
        </AuthProvider>,
      ),
    ).toThrow(/must return one element/)
    vi.mocked(console.error).mockRestore()
  })
})

describe('appearance', () => {
  test('default: nothing given, no inline style', () => {
    expect(appearanceStyle(undefined)).toBeUndefined()
    expect(appearanceStyle({})).toBeUndefined()
  })

  test('parameters: accent (one or per theme), foreground, radius, font map to --latchkey-* variables', () => {
    expect(appearanceStyle({ accent: { light: '#0f766e', dark: '#5eead4' }, accentForeground: '#fff', radius: '1rem', font: 'Inter, sans-serif' })).toEqual({
      '--latchkey-accent': 'light-dark(#0f766e, #5eead4)',
      '--latchkey-accent-hover': 'color-mix(in srgb, var(--latchkey-accent) 82%, var(--latchkey-foreground))',
      '--latchkey-focus-ring': 'var(--latchkey-accent)',
      '--latchkey-accent-foreground': '#fff',
      '--latchkey-radius': '1rem',
      '--latchkey-radius-small': 'calc(1rem * 0.6)',
      '--latchkey-font': 'Inter, sans-serif',
    })
  })

  test('behavior: AuthButton sets them on its root', () => {
    const auth = createTestAuth()
    const { container } = render(
      <AuthProvider client={auth.client}>
        <AuthButton appearance={{ font: 'Georgia, serif' }} />
      </AuthProvider>,
    )
    expect((container.firstElementChild as HTMLElement).style.getPropertyValue('--latchkey-font')).toBe('Georgia, serif')
  })
})

describe('AuthButton (built-in trigger), issue 6 additions', () => {
  test('behavior: after signing in through its modal the focus is on the account button, not lost', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Email address' }), 'ada@example.com{Enter}')
    await user.type(await screen.findByRole('textbox', { name: 'Code' }), `${auth.lastCode('ada@example.com')}{Enter}`)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Signed in as ada@example.com' })).toHaveFocus())
  })

  test('behavior: offline, the account button says so (data-network, accessible description)', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    const trigger = screen.getByRole('button', { name: 'Signed in as ada@example.com' })
    expect(trigger).toHaveAttribute('data-network', 'online')
    expect(trigger).not.toHaveAttribute('aria-describedby')
    auth.offline = true
    await auth.client.refresh().catch(() => {})
    await waitFor(() => expect(trigger).toHaveAttribute('data-network', 'offline'))
    expect(trigger).toHaveAccessibleDescription(/You are offline/)
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated' })
  })
})
