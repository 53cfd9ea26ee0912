import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { WalletAccount, WalletChain } from '../core/index.js'
import { useAuthContext } from './context.js'

/**
 * The connected wallet account (of the first adapter that has one, or of `chain`'s), or
 * `null`: what "Disconnect wallet" would disconnect. Follows the wallet's account and chain
 * switches; `null` on the server and in an email-only app.
 *
 * @example
 * const account = useWalletAccount()
 * const { disconnect } = useDisconnectWallet()
 * return account ? <button onClick={() => disconnect()}>Disconnect {account.walletName}</button> : null
 */
export function useWalletAccount(parameters?: { chain?: WalletChain | undefined }): WalletAccount | null {
  const { client } = useAuthContext('useWalletAccount')
  const chain = parameters?.chain
  const last = useRef<WalletAccount | null>(null)
  const subscribe = useCallback(
    (onChange: () => void) => {
      const stops = client.wallets.map((adapter) => adapter.watchAccount(onChange))
      return () => stops.forEach((stop) => stop())
    },
    [client],
  )
  // Adapters may hand out a new object per call: keep the previous one while nothing differs.
  const getSnapshot = useCallback(() => {
    const account = client.getWalletAccount(chain === undefined ? undefined : { chain })
    const previous = last.current
    if (account !== null && previous !== null && sameAccount(account, previous)) return previous
    last.current = account
    return account
  }, [client, chain])
  return useSyncExternalStore(subscribe, getSnapshot, serverSnapshot)
}

const serverSnapshot = () => null

const sameAccount = (a: WalletAccount, b: WalletAccount) =>
  a.address === b.address && a.chainId === b.chainId && a.walletId === b.walletId && a.walletName === b.walletName
