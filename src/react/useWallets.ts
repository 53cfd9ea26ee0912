import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { WalletInfo } from '../core/index.js'
import { useAuthContext } from './context.js'

/** A wallet to offer, with the id of the adapter it belongs to. */
export type WalletOption = WalletInfo & { adapter: string }

const none: WalletOption[] = []

/**
 * Every wallet the registered adapters offer (discovered extensions included), in the
 * order the adapters were registered; `[]` for an email-only app. Re-renders when a
 * wallet announces itself.
 *
 * @example
 * const wallets = useWallets()
 * return wallets.map((wallet) => <img key={wallet.id} src={wallet.icon ?? ''} alt={wallet.name} />)
 */
export function useWallets(): WalletOption[] {
  const { client } = useAuthContext('useWallets')
  const cache = useRef<{ lists: WalletInfo[][]; value: WalletOption[] }>({ lists: [], value: none })
  const subscribe = useCallback(
    (onChange: () => void) => {
      const stops = client.wallets.map((adapter) => adapter.subscribe(onChange))
      return () => stops.forEach((stop) => stop())
    },
    [client],
  )
  const getSnapshot = useCallback(() => {
    const lists = client.wallets.map((adapter) => adapter.listWallets())
    const previous = cache.current
    if (lists.length === previous.lists.length && lists.every((list, index) => list === previous.lists[index])) return previous.value
    const value = client.wallets.flatMap((adapter, index) => (lists[index] ?? []).map((wallet) => ({ ...wallet, adapter: adapter.id })))
    cache.current = { lists, value: value.length === 0 ? none : value }
    return cache.current.value
  }, [client])
  const getServerSnapshot = useCallback(() => none, [])
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}
