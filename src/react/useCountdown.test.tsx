import { act, renderHook } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { useCountdown } from './useCountdown.js'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 21, 12) })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('useCountdown', () => {
  test('default: null is 0', () => {
    const { result } = renderHook(() => useCountdown(null))
    expect(result.current).toBe(0)
  })

  test('behavior: whole seconds, rounded up, changing on each second boundary', async () => {
    const deadline = Date.now() + 2_500
    const { result } = renderHook(() => useCountdown(deadline))
    expect(result.current).toBe(3)
    await act(() => vi.advanceTimersByTimeAsync(499))
    expect(result.current).toBe(3)
    await act(() => vi.advanceTimersByTimeAsync(1))
    expect(result.current).toBe(2)
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current).toBe(1)
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current).toBe(0)
    expect(vi.getTimerCount()).toBe(0) // stops at 0
  })

  test('behavior: a new deadline shows its own number on the render that receives it', async () => {
    const start = Date.now()
    const { result, rerender } = renderHook(({ deadline }) => useCountdown(deadline), {
      initialProps: { deadline: start + 5_000 },
    })
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(result.current).toBe(0)
    rerender({ deadline: Date.now() + 30_000 })
    expect(result.current).toBe(30)
  })

  test('behavior: a server render reads the clock once and sets no timer', () => {
    function Show() {
      return <span>{useCountdown(Date.now() + 9_000)}</span>
    }
    expect(renderToString(<Show />)).toBe('<span>9</span>')
    expect(vi.getTimerCount()).toBe(0)
  })
})
