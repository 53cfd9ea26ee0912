import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { AuthClient } from '../core/index.js'
import { AuthProvider } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import type { TestAuth } from '../testing/index.js'
import { AccountMenu } from './AccountMenu.js'
import type { AccountMenuProps } from './AccountMenu.js'
import { AuthButton } from './AuthButton.js'

const LAPTOP = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9), shouldAdvanceTime: true })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Ada signed in on this laptop (`auth.client`) and, later, on `devices` more, each with its user agent. */
async function signedInOn(devices: string[]) {
  const auth = createTestAuth()
  let userAgent = LAPTOP
  const serverFetch = auth.fetch
  auth.fetch = (input, init) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input), auth.baseUrl), init)
    request.headers.set('user-agent', userAgent)
    return serverFetch(request)
  }
  await auth.signIn('ada@example.com')
  const others: AuthClient[] = []
  for (const device of devices) {
    userAgent = device
    await vi.advanceTimersByTimeAsync(60 * 60_000) // an hour later (and past the resend cooldown)
    const client = auth.createClient()
    await client.startEmailSignIn({ email: 'ada@example.com' })
    await client.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })
    others.push(client)
  }
  userAgent = LAPTOP
  return { auth, others }
}

function renderMenu(auth: TestAuth, props: AccountMenuProps = {}) {
  return render(
    <AuthProvider client={auth.client}>
      <AccountMenu {...props} />
    </AuthProvider>,
  )
}

/** The sessions list's items (the panel also lists the credentials). */
const sessionItems = () => within(screen.getByRole('list', { name: 'Where you are signed in' })).getAllByRole('listitem')

const setupUser = () => userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })

describe('AccountMenu', () => {
  test('default: who is signed in and every session, this device marked', async () => {
    const { auth } = await signedInOn([PHONE])
    renderMenu(auth)
    const panel = screen.getByRole('region', { name: 'Your account' })
    expect(panel).toHaveAttribute('data-latchkey-theme', 'auto')
    expect(within(panel).getByText('Signed in as ada@example.com')).toBeInTheDocument()
    expect(within(panel).getByText('Loading sessions…')).toHaveAttribute('role', 'status')

    const list = await screen.findByRole('list', { name: 'Where you are signed in' })
    const items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    // Newest first: the phone, signed in an hour after the laptop.
    expect(items[0]).toHaveTextContent('Safari on iOS')
    expect(items[0]).toHaveTextContent('Signed in now')
    expect(items[0]).toHaveAttribute('data-current', 'false')
    expect(items[1]).toHaveTextContent('Chrome on macOS')
    expect(items[1]).toHaveTextContent('This device')
    expect(items[1]).toHaveTextContent('Signed in 1 hour ago')
    expect(items[1]).toHaveAttribute('data-current', 'true')
    // Only the other session can be signed out from here; this one has "Sign out" below.
    expect(within(items[1]!).queryByRole('button')).toBeNull()
    expect(within(items[0]!).getByRole('button', { name: 'Sign out Safari on iOS (active now)' })).toBeEnabled()
  })

  test('behavior: signing out another session removes it, and that device is signed out at its next refresh', async () => {
    const { auth, others } = await signedInOn([PHONE])
    const [phone] = others as [AuthClient]
    renderMenu(auth)
    const user = setupUser()
    await user.click(await screen.findByRole('button', { name: /^Sign out Safari on iOS/ }))
    await waitFor(() => expect(sessionItems()).toHaveLength(1))
    expect(within(screen.getByRole('region', { name: 'Where you are signed in' })).getByRole('status')).toHaveTextContent('You are not signed in anywhere else.')
    expect(screen.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled()
    await expect(phone.refresh()).rejects.toMatchObject({ code: expect.stringMatching(/invalid_grant|session_revoked/) })
    expect(phone.getState().status).toBe('unauthenticated')
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: "Sign out everywhere else" ends the others and says how many', async () => {
    const { auth } = await signedInOn([PHONE, DESKTOP])
    renderMenu(auth)
    const user = setupUser()
    await screen.findByText('Firefox on Windows')
    await user.click(screen.getByRole('button', { name: 'Sign out everywhere else' }))
    expect(await screen.findByText('Signed out of 2 other sessions.')).toHaveAttribute('role', 'status')
    await waitFor(() => expect(sessionItems()).toHaveLength(1))
    expect(sessionItems()[0]).toHaveTextContent('This device')
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: "Sign out" signs out here and the panel goes away', async () => {
    const { auth } = await signedInOn([])
    const onSignOut = vi.fn()
    renderMenu(auth, { onSignOut })
    await setupUser().click(screen.getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(auth.client.getState().status).toBe('unauthenticated'))
    expect(onSignOut).toHaveBeenCalledOnce()
    expect(screen.queryByRole('region')).toBeNull()
  })

  test('behavior: a failure to load says why, and "Try again" loads', async () => {
    const { auth } = await signedInOn([])
    auth.offline = true
    renderMenu(auth)
    await vi.advanceTimersByTimeAsync(10_000) // TanStack Query's retries
    expect(await screen.findByRole('alert')).toHaveTextContent('You appear to be offline.')
    auth.offline = false
    await setupUser().click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('This device')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('behavior: a failed revoke says why and keeps the session listed', async () => {
    const { auth } = await signedInOn([PHONE])
    renderMenu(auth)
    const button = await screen.findByRole('button', { name: /^Sign out Safari on iOS/ })
    auth.offline = true
    await setupUser().click(button)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveAttribute('data-code', 'network_error')
    expect(alert).toHaveTextContent('You appear to be offline.')
    expect(sessionItems()).toHaveLength(2)
  })

  test('parameters: heading false leaves the title to the container; signed out renders nothing', async () => {
    const { auth } = await signedInOn([])
    const { unmount } = renderMenu(auth, { heading: false, theme: 'dark', className: 'mine' })
    const panel = screen.getByRole('region', { name: 'Your account' })
    expect(within(panel).queryByRole('heading', { level: 2 })).toBeNull()
    expect(panel).toHaveClass('latchkey-account', 'mine')
    expect(panel).toHaveAttribute('data-latchkey-theme', 'dark')
    unmount()
    const { container } = renderMenu(createTestAuth())
    expect(container).toBeEmptyDOMElement()
  })
})

describe('AuthButton → AccountMenu', () => {
  test('behavior: the menu opens the account dialog; closing it returns focus to the account button', async () => {
    const { auth } = await signedInOn([PHONE])
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    const user = setupUser()
    const trigger = screen.getByRole('button', { name: 'Signed in as ada@example.com' })
    await user.click(trigger)
    // Arrow keys move between the menu's items.
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('menuitem', { name: 'Account and sessions' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus()
    await user.keyboard('{ArrowUp}')
    await user.keyboard('{Enter}')

    const dialog = await screen.findByRole('dialog', { name: 'Your account' })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(within(await within(dialog).findByRole('list', { name: 'Where you are signed in' })).getAllByRole('listitem')).toHaveLength(2)
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(trigger).toHaveFocus()
  })

  test('behavior: "Sign out" in the account dialog signs out and hands focus to "Sign in"', async () => {
    const { auth } = await signedInOn([])
    render(
      <AuthProvider client={auth.client}>
        <AuthButton />
      </AuthProvider>,
    )
    const user = setupUser()
    await user.click(screen.getByRole('button', { name: 'Signed in as ada@example.com' }))
    await user.click(screen.getByRole('menuitem', { name: 'Account and sessions' }))
    const dialog = await screen.findByRole('dialog', { name: 'Your account' })
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toHaveFocus()
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
