import { useId } from 'react'
import type { ReactNode } from 'react'
import type { WalletChain } from '../core/index.js'
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
  const groupId = useId()
  if (wallets.length === 0) return null
  // --- wallets by chain (issue 5, solana): one headed list per chain when several are offered.
  const chains = [...new Set(wallets.map((wallet) => wallet.chain))]
  if (chains.length > 1) {
    const heading = (chain: WalletChain) => (chain === 'evm' ? messages.walletsEthereum : chain === 'solana' ? messages.walletsSolana : chain)
    return (
      <div className={className ? `latchkey-wallet-groups ${className}` : 'latchkey-wallet-groups'} role="group" aria-label={messages.walletsLabel}>
        {chains.map((chain) => (
          <section key={chain} className="latchkey-wallet-group" data-chain={chain} aria-labelledby={`${groupId}-${chain}`}>
            <h3 className="latchkey-wallet-group-heading" id={`${groupId}-${chain}`}>
              {heading(chain)}
            </h3>
            <WalletButtons wallets={wallets.filter((wallet) => wallet.chain === chain)} onSelect={onSelect} disabled={disabled} label={heading(chain)} />
          </section>
        ))}
      </div>
    )
  }
  return <WalletButtons wallets={wallets} onSelect={onSelect} disabled={disabled} label={messages.walletsLabel} className={className} />
}

function WalletButtons({
  wallets,
  onSelect,
  disabled,
  label,
  className,
}: Required<Pick<WalletListProps, 'onSelect' | 'disabled'>> & { wallets: readonly WalletOption[]; label: string; className?: string | undefined }): ReactNode {
  const messages = useMessages()
  return (
    <ul className={className ? `latchkey-wallet-list ${className}` : 'latchkey-wallet-list'} aria-label={label}>
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
