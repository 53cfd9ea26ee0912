import { act, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { formatCountdown } from '../core/index.js'
import type { AuthClient } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useSessionExpiry } from './useSessionExpiry.js'
import type { UseSessionExpiryParameters, UseSessionExpiryReturnType } from './useSessionExpiry.js'

const SECOND = 1_000
const MIN = 60 * SECOND

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9) })
})
afterEach(() => {
  vi.useRealTimers()
})

/**
 * A 10-minute session whose access token lasts as long (no refresh to wait for), and the
 * client's default warning 5 minutes before the end.
 */
async function tenMinuteSession() {
  const auth = createTestAuth({ server: { sessionTtl: 10 * 60, accessTokenTtl: 60 * 60 }, client: { refreshMargin: 0 } })
  await auth.signIn('ada@example.com')
  return auth
}

/** Renders a component that uses the hook, counting its renders. */
function renderProbe(client: AuthClient, parameters?: UseSessionExpiryParameters) {
  const probe = { renders: 0, siblingRenders: 0, last: null as UseSessionExpiryReturnType | null }
  function Probe() {
    probe.renders += 1
    const expiry = useSessionExpiry(parameters)
    probe.last = expiry
    return <p>{expiry.isWarning ? `ends in ${formatCountdown(expiry.msLeft ?? 0)}` : expiry.isExpired ? 'expired' : 'fine'}</p>
  }
  function Sibling() {
    probe.siblingRenders += 1
    return null
  }
  render(
    <AuthProvider client={client}>
      <Probe />
      <Sibling />
    </AuthProvider>,
  )
  return probe
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

describe('useSessionExpiry', () => {
  test('default: signed out there is nothing to count down', () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useSessionExpiry(), {
      wrapper: ({ children }: { children: ReactNode }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toMatchObject({ expiresAt: null, msLeft: null, isWarning: false, isExpired: false, isDismissed: false })
    expect(vi.getTimerCount()).toBe(0)
  })

  test('behavior: no ticking before the window, once a second inside it, none after the end', async () => {
    const auth = await tenMinuteSession()
    const probe = renderProbe(auth.client)
    const state = auth.client.getState()
    if (state.status !== 'authenticated') throw new Error('signed in')
    expect(probe.last).toMatchObject({ expiresAt: state.session.expiresAt, msLeft: 10 * MIN, isWarning: false })
    const before = probe.renders

    // Four minutes and 59 seconds in: not a single render.
    await advance(4 * MIN + 59 * SECOND)
    expect(probe.renders).toBe(before)
    expect(screen.getByText('fine')).toBeInTheDocument()

    // The window opens at 5:00 left: one render, then one per second.
    await advance(SECOND)
    expect(probe.renders).toBe(before + 1)
    expect(probe.last).toMatchObject({ isWarning: true, msLeft: 5 * MIN })
    expect(screen.getByText('ends in 5:00')).toBeInTheDocument()
    await advance(10 * SECOND)
    expect(probe.renders).toBe(before + 11)
    expect(screen.getByText('ends in 4:50')).toBeInTheDocument()
    // Only the component that uses the hook ticks.
    expect(probe.siblingRenders).toBe(1)

    // The end: the engine signs out (reason expired); the hook says expired and stops.
    await advance(4 * MIN + 50 * SECOND)
    expect(auth.client.getState().status).toBe('unauthenticated')
    expect(probe.last).toMatchObject({ isWarning: false, isExpired: true, msLeft: 0 })
    expect(screen.getByText('expired')).toBeInTheDocument()
    const atEnd = probe.renders
    await advance(10 * MIN)
    expect(probe.renders).toBe(atEnd)
  })

  test('behavior: signing out inside the window stops the ticking and is not "expired"', async () => {
    const auth = await tenMinuteSession()
    const probe = renderProbe(auth.client)
    await advance(6 * MIN)
    expect(probe.last?.isWarning).toBe(true)
    await act(() => auth.client.signOut())
    expect(probe.last).toMatchObject({ expiresAt: null, msLeft: null, isWarning: false, isExpired: false })
    const after = probe.renders
    await advance(10 * MIN)
    expect(probe.renders).toBe(after)
  })

  test('parameters: warnBefore opens the window at its own time, ignoring the client default', async () => {
    const auth = await tenMinuteSession()
    const probe = renderProbe(auth.client, { warnBefore: MIN })
    const before = probe.renders
    // Past the client's 5-minute mark (SESSION_EXPIRING fires): this component does not care.
    await advance(8 * MIN + 59 * SECOND)
    expect(auth.client.getState()).toMatchObject({ expiring: true })
    expect(probe.renders).toBe(before)
    await advance(SECOND)
    expect(probe.last).toMatchObject({ isWarning: true, msLeft: MIN })
    expect(probe.renders).toBe(before + 1)
  })

  test('parameters: tick false renders only when the window opens and when the session ends', async () => {
    const auth = await tenMinuteSession()
    const probe = renderProbe(auth.client, { tick: false })
    const before = probe.renders
    await advance(5 * MIN)
    expect(probe.last?.isWarning).toBe(true)
    expect(probe.renders).toBe(before + 1)
    await advance(4 * MIN)
    expect(probe.renders).toBe(before + 1)
    await advance(MIN)
    expect(probe.last?.isExpired).toBe(true)
    // The clock's own wake at the end and the engine's sign-out land in one or two renders, never more.
    expect(probe.renders - before).toBeLessThanOrEqual(3)
  })

  test('parameters: a bad warnBefore is a TypeError naming the hook', () => {
    const auth = createTestAuth()
    expect(() =>
      renderHook(() => useSessionExpiry({ warnBefore: -1 }), {
        wrapper: ({ children }: { children: ReactNode }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
      }),
    ).toThrow(/useSessionExpiry: `warnBefore` must be a number/)
  })

  test('behavior: dismiss hides the warning here and in another tab of the browser', async () => {
    const auth = await tenMinuteSession()
    const tab = auth.openTab()
    const here = renderProbe(auth.client)
    const there = renderProbe(tab)
    await advance(5 * MIN)
    expect(here.last).toMatchObject({ isWarning: true, isDismissed: false })
    expect(there.last).toMatchObject({ isWarning: true, isDismissed: false })
    act(() => here.last?.dismiss())
    await advance(0)
    expect(here.last).toMatchObject({ isWarning: true, isDismissed: true })
    expect(there.last).toMatchObject({ isWarning: true, isDismissed: true })
  })

  test('behavior: a new sign-in after the end clears "expired" and counts the new session', async () => {
    const auth = await tenMinuteSession()
    const probe = renderProbe(auth.client)
    await advance(10 * MIN)
    expect(probe.last?.isExpired).toBe(true)
    await act(() => auth.signIn('ada@example.com'))
    expect(probe.last).toMatchObject({ isExpired: false, isWarning: false, isDismissed: false, msLeft: 10 * MIN })
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useSessionExpiry())).toThrow(/useSessionExpiry must be used inside <AuthProvider>/)
  })
})
