import { act, renderHook } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useAuth } from './useAuth.js'

describe('useAuth', () => {
  test('default: the state, its common fields and working actions', async () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useAuth(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toMatchObject({ status: 'unauthenticated', user: null, session: null, isSignedIn: false })

    await act(async () => {
      await result.current.startEmailSignIn({ email: 'ada@example.com' })
      await result.current.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })
    })
    expect(result.current).toMatchObject({ status: 'authenticated', isSignedIn: true, user: { email: 'ada@example.com' } })
    expect(result.current.session?.id).toMatch(/.+/)
    expect(result.current.state).toBe(auth.client.getState())

    const response = await result.current.fetch(`${auth.baseUrl}/me`)
    expect(response.status).toBe(200)

    await act(() => result.current.signOut())
    expect(result.current).toMatchObject({ status: 'unauthenticated', isSignedIn: false })
  })

  test('behavior: the actions keep their identity across renders', async () => {
    const auth = createTestAuth()
    const { result, rerender } = renderHook(() => useAuth(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    const { signOut, verifyEmailSignIn } = result.current
    await act(() => auth.signIn())
    rerender()
    expect(result.current.signOut).toBe(signOut)
    expect(result.current.verifyEmailSignIn).toBe(verifyEmailSignIn)
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useAuth())).toThrow(/^useAuth must be used inside <AuthProvider>/)
  })
})
