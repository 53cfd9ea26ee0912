import { useCallback, useState } from 'react'

/**
 * @internal Radix's controlled-or-uncontrolled pattern: with `value` given the parent
 * owns the state and only hears `onChange`; without it, the state starts at
 * `defaultValue` and lives here.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T) => void] {
  const [own, setOwn] = useState(defaultValue)
  const controlled = value !== undefined
  const current = controlled ? value : own
  const set = useCallback(
    (next: T) => {
      if (!controlled) setOwn(next)
      if (!Object.is(next, current)) onChange?.(next)
    },
    [controlled, current, onChange],
  )
  return [current, set]
}
