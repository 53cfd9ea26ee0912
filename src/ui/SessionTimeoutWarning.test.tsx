import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { AuthClient, AuthEvent, User } from '../core/index.js'
import { AuthProvider, useUser } from '../react/index.js'
import { createTestAuth } from '../testing/index.js'
import type { TestAuth } from '../testing/index.js'
import { SessionTimeoutWarning } from './SessionTimeoutWarning.js'
import type { SessionTimeoutWarningProps } from './SessionTimeoutWarning.js'

const SECOND = 1_000
const MIN = 60 * SECOND

afterEach(() => {
  vi.useRealTimers()
})

/** A 10-minute session (the access token lasts as long, so nothing refreshes); the warning opens 5 minutes before the end. */
async function tenMinuteSession(email = 'ada@example.com') {
  const auth = createTestAuth({ server: { sessionTtl: 10 * 60, accessTokenTtl: 60 * 60 }, client: { refreshMargin: 0 } })
  await auth.signIn(email)
  return auth
}

/** What the app's page saw: its renders and the user object of each. */
let page = { renders: 0, users: [] as Array<User | null> }

/** Renders the app's page (a draft the user is typing, and who is signed in) and the warning. */
function renderApp(client: AuthClient, props: SessionTimeoutWarningProps = {}) {
  const seen = { renders: 0, users: [] as Array<User | null> }
  page = seen
  function Page(): ReactNode {
    seen.renders += 1
    const [draft, setDraft] = useState('')
    const user = useUser()
    seen.users.push(user)
    return (
      <main>
        <label>
          Draft
          <textarea value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <p>who: {user?.email ?? 'nobody'}</p>
      </main>
    )
  }
  return render(
    <AuthProvider client={client}>
      <Page />
      <SessionTimeoutWarning {...props} />
    </AuthProvider>,
  )
}

/** user-event under fake timers that also follow the real clock (`shouldAdvanceTime`). */
const setupUser = () => userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
/** Fake timers that also move with real time, for tests that click (user-event and Radix wait on timers). */
const fakeTimersThatFlow = () => vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9), shouldAdvanceTime: true })
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const sessionId = (auth: TestAuth) => {
  const state = auth.client.getState()
  return state.status === 'authenticated' ? state.session.id : null
}

async function signInAgain(user: ReturnType<typeof setupUser>, auth: TestAuth, email: string) {
  await user.click(screen.getByRole('button', { name: 'Sign in again' }))
  expect(await screen.findByRole('dialog', { name: 'Sign in again' })).toBeInTheDocument()
  const field = screen.getByLabelText('Email address')
  // Suggests signing in as the user whose session is ending.
  expect(field).toHaveValue('ada@example.com')
  await user.clear(field)
  await user.type(field, email)
  await user.click(screen.getByRole('button', { name: 'Send code' }))
  await user.type(await screen.findByLabelText('Code'), auth.lastCode(email))
  await user.click(screen.getByRole('button', { name: 'Continue' }))
}

describe('SessionTimeoutWarning', () => {
  test('default: opens at the warning time, counts down each second, and only the countdown re-renders', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
    const auth = await tenMinuteSession()
    renderApp(auth.client)
    expect(screen.queryByRole('dialog')).toBeNull()

    await advance(4 * MIN + 59 * SECOND)
    expect(screen.queryByRole('dialog')).toBeNull()

    await advance(SECOND)
    const dialog = screen.getByRole('dialog', { name: 'Your session is ending' })
    expect(dialog).toHaveAccessibleDescription(/sessions last a limited time/)
    expect(screen.getByRole('timer')).toHaveTextContent('Your session ends in 5:00')
    // Focus moves into the dialog, onto its first action.
    expect(screen.getByRole('button', { name: 'Sign in again' })).toHaveFocus()
    await advance(SECOND)
    expect(screen.getByRole('timer')).toHaveTextContent('Your session ends in 4:59')
    await advance(60 * SECOND)
    expect(screen.getByRole('timer')).toHaveTextContent('Your session ends in 3:59')
    // The page around it did not re-render for the countdown.
    expect(page.renders).toBe(1)
  })

  test('behavior: "Remind me later" hides it in every tab, and a reload keeps it hidden', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    // Two tabs in one test document: each portals its dialog into its own host.
    const [hereHost, thereHost] = [document.createElement('div'), document.createElement('div')]
    document.body.append(hereHost, thereHost)
    const other = render(
      <AuthProvider client={auth.openTab()}>
        <SessionTimeoutWarning container={thereHost} />
      </AuthProvider>,
    )
    renderApp(auth.client, { container: hereHost })
    await advance(5 * MIN)
    expect(hereHost.querySelector('[role="dialog"]')).toHaveTextContent('Your session is ending')
    expect(thereHost.querySelector('[role="dialog"]')).toHaveTextContent('Your session is ending')

    await setupUser().click(within(hereHost).getByRole('button', { name: 'Remind me later', hidden: true }))
    await advance(0)
    expect(hereHost.querySelector('[role="dialog"]')).toBeNull()
    expect(thereHost.querySelector('[role="dialog"]')).toBeNull()
    expect(auth.client.getState()).toMatchObject({ status: 'authenticated', expiryWarningDismissed: true })

    other.unmount()
    render(
      <AuthProvider client={auth.reload()}>
        <SessionTimeoutWarning />
      </AuthProvider>,
    )
    await advance(SECOND)
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('behavior: Escape dismisses it like "Remind me later"', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    renderApp(auth.client)
    await advance(5 * MIN)
    await setupUser().keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(auth.client.getState()).toMatchObject({ expiryWarningDismissed: true })
  })

  test('behavior: signing in again as the same user keeps the page and replaces the session', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    const events: AuthEvent[] = []
    const stop = auth.client.onAuthStateChange((event) => events.push(event))
    const onSignedIn = vi.fn()
    renderApp(auth.client, { onSignedIn })
    const user = setupUser()
    await user.type(screen.getByLabelText('Draft'), 'half a thought')
    const before = { id: sessionId(auth), user: page.users.at(-1) }
    await advance(5 * MIN)
    expect(screen.getByRole('dialog', { name: 'Your session is ending' })).toBeInTheDocument()

    await signInAgain(user, auth, 'ada@example.com')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    expect(sessionId(auth)).not.toBe(before.id)
    expect(screen.getByLabelText('Draft')).toHaveValue('half a thought')
    // The same user object: components that read the user did not even re-render.
    expect(page.users.at(-1)).toBe(before.user)
    expect(onSignedIn).toHaveBeenCalledWith(expect.objectContaining({ email: 'ada@example.com' }))
    expect(events.map((event) => event.type)).toEqual(['INITIAL_SESSION', 'SESSION_EXPIRING', 'SIGNED_IN'])
    // The new session has its full length: no warning for another 5 minutes.
    await advance(4 * MIN)
    expect(screen.queryByRole('dialog')).toBeNull()
    stop()
  })

  test('behavior: signing in again as another user is a sign-out followed by a sign-in', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    const events: AuthEvent[] = []
    const stop = auth.client.onAuthStateChange((event) => events.push(event))
    renderApp(auth.client)
    await advance(5 * MIN)
    await signInAgain(setupUser(), auth, 'grace@example.com')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.getByText('who: grace@example.com')).toBeInTheDocument()
    expect(events.slice(-2)).toEqual([{ type: 'SIGNED_OUT', reason: 'user' }, { type: 'SIGNED_IN' }])
    stop()
  })

  test('behavior: "Sign out" signs out and closes it', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    renderApp(auth.client)
    await advance(5 * MIN)
    await setupUser().click(screen.getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(auth.client.getState().status).toBe('unauthenticated'))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.getByText('who: nobody')).toBeInTheDocument()
  })

  test('behavior: at the end it says the session ended and offers to sign in; closing it stays closed', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    renderApp(auth.client)
    await advance(5 * MIN)
    await setupUser().click(screen.getByRole('button', { name: 'Remind me later' }))
    expect(screen.queryByRole('dialog')).toBeNull()

    await advance(5 * MIN)
    expect(auth.client.getState().status).toBe('unauthenticated')
    const dialog = screen.getByRole('dialog', { name: 'Your session has ended' })
    expect(dialog).toHaveAccessibleDescription('Sign in again to continue.')
    // Still knows who it was, to sign them in again.
    expect(screen.getByLabelText('Email address')).toHaveValue('ada@example.com')
    expect(screen.queryByRole('timer')).toBeNull()

    await setupUser().click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    await advance(MIN)
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  test('parameters: warnBefore opens it later', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
    const auth = await tenMinuteSession()
    renderApp(auth.client, { warnBefore: MIN })
    await advance(8 * MIN + 59 * SECOND)
    expect(screen.queryByRole('dialog')).toBeNull()
    await advance(SECOND)
    expect(screen.getByRole('timer')).toHaveTextContent('Your session ends in 1:00')
  })

  test('parameters: signInMethods renders the app’s own ways to sign in inside the dialog', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    renderApp(auth.client, {
      signInMethods: ({ onSuccess }) => (
        <button
          type="button"
          onClick={async () => {
            // Stands in for a wallet: any method that ends in a session.
            onSuccess(await auth.signIn('ada@example.com'))
          }}
        >
          Sign in with the test method
        </button>
      ),
    })
    await advance(5 * MIN)
    const user = setupUser()
    await user.click(screen.getByRole('button', { name: 'Sign in again' }))
    expect(screen.queryByLabelText('Email address')).toBeNull()
    const before = sessionId(auth)
    await user.click(screen.getByRole('button', { name: 'Sign in with the test method' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sessionId(auth)).not.toBe(before)
  })

  test('behavior: "Back" returns from the sign-in view to the warning', async () => {
    fakeTimersThatFlow()
    const auth = await tenMinuteSession()
    renderApp(auth.client)
    await advance(5 * MIN)
    const user = setupUser()
    await user.click(screen.getByRole('button', { name: 'Sign in again' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(screen.getByRole('dialog', { name: 'Your session is ending' })).toBeInTheDocument()
  })
})
