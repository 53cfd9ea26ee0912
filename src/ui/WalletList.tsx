import type { ReactNode } from 'react'
import { useMessages, useWallets } from '../react/index.js'
import type { WalletOption } from '../react/index.js'

/** Props of `WalletList`. */
export interface WalletListProps {
  /** Called with the wallet the user picked. */
  onSelect: (wallet: WalletOption) => void
  /** While true, every button is disabled (a wallet request is in flight). */
  disabled?: boolean | undefined
  className?: string | undefined
}

/**
 * The registered adapters' wallets as a list of buttons, each with its name and icon
 * (what `LoginModal` shows above the email form). Renders nothing when no wallet adapter
 * is registered. Wallets that are not installed are listed, disabled, and say so.
 *
 * @example
 * const { signIn } = useWalletSignIn()
 * <WalletList onSelect={(wallet) => signIn({ adapter: wallet.adapter, walletId: wallet.id })} />
 */
export function WalletList({ onSelect, disabled = false, className }: WalletListProps): ReactNode {
  const wallets = useWallets()
  const messages = useMessages()
  if (wallets.length === 0) return null
  return (
    <ul className={className ? `latchkey-wallet-list ${className}` : 'latchkey-wallet-list'} aria-label={messages.walletsLabel}>
      {wallets.map((wallet) => (
        <li key={`${wallet.adapter}:${wallet.id}`}>
          <button
            className="latchkey-wallet"
            type="button"
            data-chain={wallet.chain}
            data-installed={wallet.installed ? 'true' : 'false'}
            disabled={disabled || !wallet.installed}
            onClick={() => onSelect(wallet)}
          >
            {wallet.icon ? <img className="latchkey-wallet-icon" src={wallet.icon} alt="" width={28} height={28} /> : <span className="latchkey-wallet-icon" aria-hidden="true" />}
            <span className="latchkey-wallet-name">{wallet.name}</span>
            {wallet.installed ? null : <span className="latchkey-wallet-note">{messages.walletNotInstalled}</span>}
          </button>
        </li>
      ))}
    </ul>
  )
}
