import { act, render, renderHook, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useAuth } from './useAuth.js'
import { useUser } from './useUser.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('useUser', () => {
  test('default: null when signed out, the user when signed in', async () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useUser(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toBeNull()
    await act(() => auth.signIn('ada@example.com'))
    expect(result.current?.email).toBe('ada@example.com')
    await act(() => auth.client.signOut())
    expect(result.current).toBeNull()
  })

  test('behavior: a silent refresh re-renders nothing that reads only the user', async () => {
    vi.useFakeTimers()
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const seen: unknown[] = []
    let userRenders = 0
    let authRenders = 0
    function Name() {
      const user = useUser()
      seen.push(user)
      return <p>{user?.email}</p>
    }
    function Everything() {
      useAuth()
      return null
    }
    render(
      <AuthProvider client={auth.client}>
        <Profiler id="user" onRender={() => userRenders++}>
          <Name />
        </Profiler>
        <Profiler id="auth" onRender={() => authRenders++}>
          <Everything />
        </Profiler>
      </AuthProvider>,
    )
    expect(screen.getByText('ada@example.com')).toBeInTheDocument()
    const [userBefore, authBefore] = [userRenders, authRenders]
    const before = auth.client.getState()
    if (before.status !== 'authenticated') throw new Error('signed in')
    const tokenBefore = await auth.client.getAccessToken()

    // The engine refreshes on its own shortly before the 15-minute token expires.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15 * 60_000)
      await vi.waitFor(() => {
        const state = auth.client.getState()
        expect(state.status === 'authenticated' && state.session.accessTokenExpiresAt).toBeGreaterThan(
          before.session.accessTokenExpiresAt,
        )
      })
    })

    // The refresh happened and changed the state (a new token, a re-render of the
    // component that reads everything)...
    expect(await auth.client.getAccessToken()).not.toBe(tokenBefore)
    expect(authRenders).toBeGreaterThan(authBefore)
    // ...and the component that reads only the user did not render again.
    expect(userRenders).toBe(userBefore)
    expect(new Set(seen).size).toBe(1)
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useUser())).toThrow(/useUser must be used inside <AuthProvider>/)
  })
})
