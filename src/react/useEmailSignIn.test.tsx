import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { LatchkeyError } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import type { TestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useEmailSignIn } from './useEmailSignIn.js'

afterEach(() => {
  vi.useRealTimers()
})

function setup(auth: TestAuth = createTestAuth()) {
  const wrapper = ({ children }: { children: ReactNode }) => <AuthProvider client={auth.client}>{children}</AuthProvider>
  return { auth, ...renderHook(() => useEmailSignIn(), { wrapper }) }
}

/** A code that is not the one sent. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

describe('useEmailSignIn', () => {
  test('default: email step, nothing pending', () => {
    const { result } = setup()
    expect(result.current).toMatchObject({
      step: 'email',
      email: '',
      pending: false,
      error: null,
      attemptsLeft: null,
      resendAvailableIn: 0,
      codesSent: 0,
    })
  })

  test('behavior: start then verify signs in', async () => {
    const { auth, result } = setup()
    let sent: boolean | undefined
    await act(async () => {
      sent = await result.current.start('  ada@example.com ')
    })
    expect(sent).toBe(true)
    expect(result.current).toMatchObject({ step: 'code', email: 'ada@example.com', codesSent: 1, error: null })
    expect(result.current.resendAvailableIn).toBe(30)

    let user: unknown
    await act(async () => {
      user = await result.current.verify(auth.lastCode('ada@example.com'))
    })
    expect(user).toMatchObject({ email: 'ada@example.com' })
    expect(auth.client.getState().status).toBe('authenticated')
    expect(result.current.error).toBeNull()
  })

  test('behavior: a wrong code is an invalid_code error with the attempts left', async () => {
    const { auth, result } = setup()
    await act(() => result.current.start('ada@example.com'))
    const code = auth.lastCode('ada@example.com')

    await act(() => result.current.verify(wrong(code)))
    expect(result.current.error).toBeInstanceOf(LatchkeyError)
    expect(result.current.error?.code).toBe('invalid_code')
    expect(result.current.attemptsLeft).toBe(4)
    expect(result.current.step).toBe('code')
    expect(auth.client.getState().status).toBe('unauthenticated')

    // The right code still works after a wrong one.
    await act(() => result.current.verify(code))
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: after five wrong codes even the right one is refused', async () => {
    const { auth, result } = setup()
    await act(() => result.current.start('ada@example.com'))
    const code = auth.lastCode('ada@example.com')
    for (let i = 0; i < 4; i++) await act(() => result.current.verify(wrong(code)))
    expect(result.current.attemptsLeft).toBe(1)
    // The last wrong attempt already means the code is spent.
    await act(() => result.current.verify(wrong(code)))
    expect(result.current.attemptsLeft).toBe(0)
    expect(result.current.error?.code).toBe('too_many_attempts')
    expect(result.current.error?.cause).toMatchObject({ code: 'invalid_code', attemptsLeft: 0 })

    await act(() => result.current.verify(code))
    expect(result.current.error?.code).toBe('too_many_attempts')
    expect(auth.client.getState().status).toBe('unauthenticated')
  })

  test('behavior: a malformed code is refused without spending an attempt', async () => {
    const { auth, result } = setup()
    await act(() => result.current.start('ada@example.com'))
    await act(() => result.current.verify('12a'))
    expect(result.current.error?.code).toBe('invalid_code')
    expect(result.current.attemptsLeft).toBeNull()
    // Spaces and dashes pasted with the code are fine.
    const code = auth.lastCode('ada@example.com')
    await act(() => result.current.verify(`${code.slice(0, 3)} ${code.slice(3)}`))
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: resend is available after the cooldown, counting down each second', async () => {
    vi.useFakeTimers()
    const { auth, result } = setup()
    await act(() => result.current.start('ada@example.com'))
    expect(result.current.resendAvailableIn).toBe(30)

    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current.resendAvailableIn).toBe(29)
    await act(() => vi.advanceTimersByTimeAsync(28_000))
    expect(result.current.resendAvailableIn).toBe(1)
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current.resendAvailableIn).toBe(0)

    const first = auth.lastCode('ada@example.com')
    await act(() => result.current.resend())
    expect(result.current.codesSent).toBe(2)
    expect(result.current.resendAvailableIn).toBe(30)
    expect(auth.mailer.mails).toHaveLength(2)
    // The new code replaces the old one.
    await act(() => result.current.verify(first === auth.lastCode('ada@example.com') ? wrong(first) : first))
    expect(auth.client.getState().status).toBe('unauthenticated')
    await act(() => result.current.verify(auth.lastCode('ada@example.com')))
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('behavior: starting again within the cooldown goes to the code step with resend_cooldown', async () => {
    vi.useFakeTimers()
    const { result } = setup()
    await act(() => result.current.start('ada@example.com'))
    act(() => result.current.back())
    expect(result.current).toMatchObject({ step: 'email', email: 'ada@example.com', codesSent: 0 })

    await act(() => vi.advanceTimersByTimeAsync(10_000))
    await act(() => result.current.start('ada@example.com'))
    expect(result.current.step).toBe('code')
    expect(result.current.error?.code).toBe('resend_cooldown')
    expect(result.current.resendAvailableIn).toBe(20)
  })

  test('behavior: an expired code says so', async () => {
    vi.useFakeTimers()
    const { auth, result } = setup()
    await act(() => result.current.start('ada@example.com'))
    await act(() => vi.advanceTimersByTimeAsync(10 * 60_000 + 1_000))
    await act(() => result.current.verify(auth.lastCode('ada@example.com')))
    expect(result.current.error?.code).toBe('code_expired')
  })

  test('behavior: offline is a network_error, and the flow recovers when back online', async () => {
    const { auth, result } = setup()
    auth.offline = true
    let sent: boolean | undefined
    await act(async () => {
      sent = await result.current.start('ada@example.com')
    })
    expect(sent).toBe(false)
    expect(result.current).toMatchObject({ step: 'email', pending: false })
    expect(result.current.error?.code).toBe('network_error')

    auth.offline = false
    await act(() => result.current.start('ada@example.com'))
    expect(result.current).toMatchObject({ step: 'code', error: null })
  })

  test('behavior: pending while a request is in flight; a second call meanwhile is ignored', async () => {
    const { auth, result } = setup()
    let first!: Promise<boolean>
    let second!: Promise<boolean>
    act(() => {
      first = result.current.start('ada@example.com')
    })
    expect(result.current).toMatchObject({ pending: true, pendingAction: 'start' })
    act(() => {
      second = result.current.start('ada@example.com')
    })
    await act(async () => {
      expect(await second).toBe(false)
      expect(await first).toBe(true)
    })
    expect(result.current.pending).toBe(false)
    expect(auth.mailer.mails).toHaveLength(1)
  })

  test('behavior: reset while a request is in flight discards its answer', async () => {
    const { result } = setup()
    let started!: Promise<boolean>
    act(() => {
      started = result.current.start('ada@example.com')
    })
    act(() => result.current.reset())
    await act(async () => {
      expect(await started).toBe(false)
    })
    expect(result.current).toMatchObject({ step: 'email', email: '', pending: false, error: null })
  })

  test('behavior: an empty address is refused before any request', async () => {
    const { auth, result } = setup()
    await act(() => result.current.start('   '))
    expect(result.current.error?.code).toBe('invalid_email')
    expect(auth.mailer.mails).toHaveLength(0)
  })

  test('behavior: an address the server rejects is invalid_email', async () => {
    const { result } = setup()
    await act(() => result.current.start('not-an-email'))
    expect(result.current.error?.code).toBe('invalid_email')
    expect(result.current.step).toBe('email')
  })

  test('behavior: outside <AuthProvider> it throws an error naming the hook', () => {
    expect(() => renderHook(() => useEmailSignIn())).toThrow(/useEmailSignIn must be used inside <AuthProvider>/)
  })
})
