import { act, render, renderHook, screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { AuthState } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useAuthState } from './useAuthState.js'

describe('useAuthState', () => {
  test('default: reads the selected slice and follows changes', async () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useAuthState((state) => state.status), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toBe('unauthenticated')
    await act(() => auth.signIn())
    expect(result.current).toBe('authenticated')
  })

  test('parameters: isEqual — a new but equal selection keeps the previous value and skips the render', async () => {
    const auth = createTestAuth()
    const values: unknown[] = []
    // A selector that builds a new object on every call.
    const select = (state: AuthState) => ({ signedIn: state.status === 'authenticated' })
    function Flag() {
      const value = useAuthState(select, (a, b) => a.signedIn === b.signedIn)
      values.push(value)
      return <p>{String(value.signedIn)}</p>
    }
    render(
      <AuthProvider client={auth.client}>
        <Flag />
      </AuthProvider>,
    )
    await act(() => auth.signIn())
    expect(screen.getByText('true')).toBeInTheDocument()
    const rendersAfterSignIn = values.length
    await act(() => auth.client.refresh())
    await act(() => auth.client.reloadUser())
    expect(values.length).toBe(rendersAfterSignIn)
    expect(new Set(values).size).toBe(2) // one object for false, one for true
  })

  test('behavior: an inline selector (new function every render) keeps an equal value identical', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    const values: unknown[] = []
    function Parent({ label }: { label: string }) {
      const value = useAuthState(
        (state) => ({ status: state.status }),
        (a, b) => a.status === b.status,
      )
      values.push(value)
      return <p>{label}</p>
    }
    const { rerender } = render(
      <AuthProvider client={auth.client}>
        <Parent label="a" />
      </AuthProvider>,
    )
    rerender(
      <AuthProvider client={auth.client}>
        <Parent label="b" />
      </AuthProvider>,
    )
    expect(screen.getByText('b')).toBeInTheDocument()
    expect(values.length).toBeGreaterThanOrEqual(2)
    expect(new Set(values).size).toBe(1)
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useAuthState((state) => state.status))).toThrow(
      /^useAuthState must be used inside <AuthProvider>/,
    )
  })
})
