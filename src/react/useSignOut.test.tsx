import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useSignOut } from './useSignOut.js'

describe('useSignOut', () => {
  test('default: signs out here and revokes the session on the server', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    const token = await auth.client.getAccessToken()
    const { result } = renderHook(() => useSignOut(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toMatchObject({ pending: false, error: null })

    await act(() => result.current.signOutAsync())

    expect(auth.client.getState().status).toBe('unauthenticated')
    await waitFor(() => expect(result.current.pending).toBe(false))
    // The server no longer accepts the session.
    const me = await auth.fetch(`${auth.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
  })

  test('behavior: signOut (fire and forget) reports pending, then settles', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    const { result } = renderHook(() => useSignOut(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    // Hold the server's answer until the test lets it through.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const direct = auth.fetch
    auth.fetch = async (input, init) => {
      await held
      return direct(input, init)
    }
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.pending).toBe(true))
    release()
    await waitFor(() => expect(result.current.pending).toBe(false))
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: offline, it still signs out here at once', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    auth.offline = true
    const { result } = renderHook(() => useSignOut(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    await act(() => result.current.signOutAsync())
    expect(auth.client.getState().status).toBe('unauthenticated')
    expect(result.current.error).toBeNull()
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useSignOut())).toThrow(/^useSignOut must be used inside <AuthProvider>/)
  })
})

