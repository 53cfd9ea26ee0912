// docs/testing.md's example, run in the unit project so the doc cannot drift: an app that
// uses AuthButton, tested against a real in-process latchkey with TestAuthProvider.
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useUser } from 'latchkey/react'
import { TestAuthProvider, createTestAuth } from 'latchkey/testing'
import { AuthButton, SessionTimeoutWarning } from 'latchkey/ui'
import { afterEach, expect, test, vi } from 'vitest'

// --- the app under test ---
function App() {
  const user = useUser()
  return (
    <header>
      <h1>{user ? `Welcome back, ${user.email}` : 'Welcome'}</h1>
      <AuthButton />
      <SessionTimeoutWarning />
    </header>
  )
}

// --- its tests ---
afterEach(() => {
  vi.useRealTimers()
})

test('a signed-in user is greeted and can sign out', async () => {
  render(
    <TestAuthProvider signedInAs={{ email: 'ada@example.com' }}>
      <App />
    </TestAuthProvider>,
  )
  expect(await screen.findByRole('heading', { name: 'Welcome back, ada@example.com' })).toBeInTheDocument()

  await userEvent.click(screen.getByRole('button', { name: 'Signed in as ada@example.com' }))
  await userEvent.click(screen.getByRole('menuitem', { name: 'Sign out' }))
  expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeInTheDocument()
  expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
})

test('a visitor signs in with an email code', async () => {
  const auth = createTestAuth()
  render(
    <TestAuthProvider auth={auth}>
      <App />
    </TestAuthProvider>,
  )
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Sign in' }))
  await user.type(screen.getByRole('textbox', { name: 'Email address' }), 'ada@example.com{Enter}')
  // The code the real server mailed:
  await user.type(await screen.findByRole('textbox', { name: 'Code' }), `${auth.lastCode('ada@example.com')}{Enter}`)
  expect(await screen.findByRole('heading', { name: 'Welcome back, ada@example.com' })).toBeInTheDocument()
})

test('the session warning shows before the session ends, then the user is signed out', async () => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
  const auth = createTestAuth({ advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms) })
  await auth.signIn('ada@example.com')
  render(
    <TestAuthProvider auth={auth}>
      <App />
    </TestAuthProvider>,
  )
  await act(() => vi.advanceTimersByTimeAsync(0))

  await act(() => auth.advanceToWarning())
  const warning = screen.getByRole('dialog', { name: 'Your session is ending' })
  expect(warning).toHaveTextContent('Your session ends in 5:00')

  await act(() => auth.advanceToExpiry())
  expect(screen.getByRole('dialog', { name: 'Your session has ended' })).toBeInTheDocument()
  // Behind the modal dialog, the app shows the signed-out header.
  expect(screen.getByRole('heading', { name: 'Welcome', hidden: true })).toBeInTheDocument()
})
