import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'

/** The selection the component last committed (set in an effect, read while selecting). */
interface Committed<T> {
  get(): { value: T } | null
  set(value: T): void
}

function createCommitted<T>(): Committed<T> {
  let committed: { value: T } | null = null
  return {
    get: () => committed,
    set: (value) => {
      committed = { value }
    },
  }
}

/**
 * Remembers the last snapshot and its selection: the same snapshot gives the same
 * selection without calling `selector`, and a new selection that `isEqual` the previous
 * one (or the last committed one) is replaced by it, so its identity holds.
 */
function memoizeSelector<Snapshot, Selection>(
  selector: (snapshot: Snapshot) => Selection,
  isEqual: (a: Selection, b: Selection) => boolean,
  committed: Committed<Selection>,
): (snapshot: Snapshot) => Selection {
  let memo: { snapshot: Snapshot; selection: Selection } | null = null
  return (snapshot) => {
    if (memo !== null && Object.is(memo.snapshot, snapshot)) return memo.selection
    const next = selector(snapshot)
    const previous = memo === null ? committed.get() : { value: memo.selection }
    const selection = previous !== null && isEqual(previous.value, next) ? previous.value : next
    memo = { snapshot, selection }
    return selection
  }
}

/**
 * @internal `useSyncExternalStore` that returns a selected slice, and returns the
 * *previous* slice while `isEqual` says nothing changed — so a component re-renders
 * only when its slice changes, even when `selector` builds a new object each time.
 * The same idea as React's `use-sync-external-store/with-selector`, without the extra
 * dependency (https://github.com/facebook/react/blob/main/packages/use-sync-external-store/src/useSyncExternalStoreWithSelector.js).
 */
export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (onChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: () => Snapshot,
  selector: (snapshot: Snapshot) => Selection,
  isEqual: (a: Selection, b: Selection) => boolean = Object.is,
): Selection {
  // The last committed selection, so a new selector function (inline selectors are new
  // on every render) can still hand back the same value.
  const [committed] = useState(createCommitted<Selection>)
  const [getSelection, getServerSelection] = useMemo(() => {
    const select = memoizeSelector(selector, isEqual, committed)
    return [() => select(getSnapshot()), () => select(getServerSnapshot())]
  }, [getSnapshot, getServerSnapshot, selector, isEqual, committed])

  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection)
  useEffect(() => committed.set(value), [committed, value])
  return value
}
