import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { AuthClient, AuthEvent } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useSessions } from './useSessions.js'
import { useUser } from './useUser.js'

const MIN = 60_000
const LAPTOP = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9), shouldAdvanceTime: true })
})
afterEach(() => {
  vi.useRealTimers()
})

/**
 * Ada on two devices: `auth.client` (a laptop) and `phone` (another browser: its own
 * storage, channel and locks), each with its user agent, and a count of `GET /sessions`.
 */
async function twoDevices() {
  const auth = createTestAuth()
  let userAgent = LAPTOP
  const listed = { count: 0 }
  const serverFetch = auth.fetch
  auth.fetch = (input, init) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input), auth.baseUrl), init)
    request.headers.set('user-agent', userAgent)
    if (request.method === 'GET' && new URL(request.url).pathname.endsWith('/sessions')) listed.count += 1
    return serverFetch(request)
  }
  await auth.signIn('ada@example.com')
  const phone = auth.createClient()
  userAgent = PHONE
  await vi.advanceTimersByTimeAsync(30_000) // the resend cooldown
  await phone.startEmailSignIn({ email: 'ada@example.com' })
  await phone.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })
  userAgent = LAPTOP
  return { auth, phone, listed }
}

const wrapper =
  (client: AuthClient) =>
  ({ children }: { children: ReactNode }) => <AuthProvider client={client}>{children}</AuthProvider>

const sessionId = (client: AuthClient) => {
  const state = client.getState()
  return state.status === 'authenticated' ? state.session.id : null
}

describe('useSessions', () => {
  test('default: signed out, an empty list and no request', async () => {
    const auth = createTestAuth()
    const spy = vi.spyOn(auth, 'fetch')
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    expect(result.current).toMatchObject({ sessions: [], isLoading: false, error: null, revoking: null, revokeError: null })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(spy).not.toHaveBeenCalled()
  })

  test('behavior: lists every session of the user with its times, user agent and which is this one', async () => {
    const { auth, phone } = await twoDevices()
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    expect(result.current.isLoading).toBe(true)
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))
    expect(result.current.isLoading).toBe(false)
    const [newest, oldest] = result.current.sessions
    expect(newest).toMatchObject({ id: sessionId(phone), current: false, userAgent: PHONE })
    expect(oldest).toMatchObject({ id: sessionId(auth.client), current: true, userAgent: LAPTOP })
    expect(oldest!.createdAt).toBeLessThan(newest!.createdAt)
    expect(newest!.lastUsedAt).toBeGreaterThanOrEqual(newest!.createdAt)
  })

  test('behavior: revoke ends the other device at its next refresh, with reason revoked', async () => {
    const { auth, phone } = await twoDevices()
    const phoneId = sessionId(phone)!
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))

    // The phone's own page: a component that shows who is signed in.
    const phoneEvents: AuthEvent[] = []
    const stop = phone.onAuthStateChange((event) => phoneEvents.push(event))
    function Who() {
      return <p>phone: {useUser()?.email ?? 'signed out'}</p>
    }
    render(<Who />, { wrapper: wrapper(phone) })
    expect(screen.getByText('phone: ada@example.com')).toBeInTheDocument()

    await act(() => result.current.revoke(phoneId))
    await waitFor(() => expect(result.current.sessions.map((session) => session.id)).toEqual([sessionId(auth.client)]))
    // Still signed in on the phone until it next talks to the server...
    expect(phone.getState().status).toBe('authenticated')
    // ...which its scheduled refresh does, shortly before the 15-minute access token ends.
    await act(() => vi.advanceTimersByTimeAsync(15 * MIN))
    await waitFor(() => expect(screen.getByText('phone: signed out')).toBeInTheDocument())
    expect(phoneEvents).toContainEqual({ type: 'SIGNED_OUT', reason: 'revoked' })
    expect(auth.client.getState().status).toBe('authenticated')
    stop()
  })

  test('behavior: revokeOthers signs out everywhere else and keeps this session', async () => {
    const { auth, phone } = await twoDevices()
    const tablet = auth.createClient()
    await vi.advanceTimersByTimeAsync(30_000)
    await tablet.startEmailSignIn({ email: 'ada@example.com' })
    await tablet.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })

    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    await waitFor(() => expect(result.current.sessions).toHaveLength(3))
    let answer: { revoked: number } | undefined
    await act(async () => {
      answer = await result.current.revokeOthers()
    })
    expect(answer).toEqual({ revoked: 2 })
    await waitFor(() => expect(result.current.sessions).toEqual([expect.objectContaining({ current: true, id: sessionId(auth.client) })]))
    await expect(phone.refresh()).rejects.toMatchObject({ code: expect.stringMatching(/invalid_grant|session_revoked/) })
    expect(phone.getState().status).toBe('unauthenticated')
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: revoking the current session signs out here, and the list empties', async () => {
    const { auth } = await twoDevices()
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))
    await act(() => result.current.revoke(sessionId(auth.client)!))
    expect(auth.client.getState().status).toBe('unauthenticated')
    await waitFor(() => expect(result.current.sessions).toEqual([]))
  })

  test('behavior: a failed revoke rejects with its code and shows it in revokeError', async () => {
    const { auth } = await twoDevices()
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))
    await act(() => expect(result.current.revoke('sess_unknown')).rejects.toMatchObject({ code: 'not_found' }))
    await waitFor(() => expect(result.current.revokeError?.code).toBe('not_found'))
    expect(result.current.sessions).toHaveLength(2)
  })

  test('behavior: offline, the error is network_error, and refetch recovers', async () => {
    const { auth } = await twoDevices()
    auth.offline = true
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    // TanStack Query retries three times with backoff before giving up.
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    await waitFor(() => expect(result.current.error?.code).toBe('network_error'))
    auth.offline = false
    await act(() => result.current.refetch())
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))
    expect(result.current.error).toBeNull()
  })

  test('behavior: reloaded after this session refreshes; a new sign-in is a new list', async () => {
    const { auth, listed } = await twoDevices()
    const { result } = renderHook(() => useSessions(), { wrapper: wrapper(auth.client) })
    await waitFor(() => expect(result.current.sessions).toHaveLength(2))
    expect(listed.count).toBe(1)

    await act(() => auth.client.refresh())
    await waitFor(() => expect(listed.count).toBe(2))

    await act(() => auth.client.signOut())
    expect(result.current.sessions).toEqual([])
    await act(() => auth.signIn('grace@example.com'))
    await waitFor(() => expect(result.current.sessions).toEqual([expect.objectContaining({ current: true, id: sessionId(auth.client) })]))
    expect(listed.count).toBe(3)
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useSessions())).toThrow(/useSessions must be used inside <AuthProvider>/)
  })
})
