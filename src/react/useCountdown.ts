import { useCallback, useSyncExternalStore } from 'react'

const secondsLeft = (deadline: number | null) =>
  deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000))

/**
 * Whole seconds until `deadline` (local ms; `null` → 0). Re-renders when the number
 * changes, until it reaches 0. The clock is read as an external store, so a new
 * deadline shows the right number on the very render that receives it; timers start
 * only on subscription, never on the server.
 *
 * @example
 * const wait = useCountdown(resendAvailableAt)
 */
export function useCountdown(deadline: number | null): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (deadline === null) return () => {}
      let timer: ReturnType<typeof setTimeout> | undefined
      const schedule = () => {
        const remaining = deadline - Date.now()
        if (remaining <= 0) return
        // Wake at the next whole-second boundary, when the number shown changes.
        timer = setTimeout(() => {
          onChange()
          schedule()
        }, remaining % 1000 || 1000)
      }
      schedule()
      return () => clearTimeout(timer)
    },
    [deadline],
  )
  const getSnapshot = () => secondsLeft(deadline)
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
