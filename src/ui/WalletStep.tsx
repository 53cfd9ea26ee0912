import type { ReactNode } from 'react'
import { errorMessage } from '../core/index.js'
import { useMessages } from '../react/index.js'
import type { UseWalletSignInReturnType, WalletOption } from '../react/index.js'

/** @internal Props of the wallet step (and of the modal body around it). */
export interface WalletStepProps {
  wallet: WalletOption
  flow: UseWalletSignInReturnType
  onRetry: () => void
  onBack: () => void
}

/**
 * @internal The login modal's wallet step: "waiting for your wallet" while it asks the
 * user to connect and sign, then the error (declined, wrong network, already linked…)
 * with "Try again" and "Back".
 */
export function WalletStep({ wallet, flow, onRetry, onBack }: WalletStepProps): ReactNode {
  const messages = useMessages()
  const { error, pending } = flow
  return (
    <div className="latchkey-step" data-step="wallet" data-state={pending ? 'pending' : error ? 'error' : 'idle'}>
      <div className="latchkey-wallet-waiting" aria-busy={pending ? true : undefined}>
        {wallet.icon ? <img className="latchkey-wallet-icon" src={wallet.icon} alt="" width={40} height={40} /> : null}
        <span className="latchkey-wallet-name">{wallet.name}</span>
      </div>
      {error ? (
        <p className="latchkey-error" role="alert" data-code={error.code}>
          {errorMessage(messages, error)}
        </p>
      ) : null}
      {error ? (
        <button className="latchkey-button" data-variant="primary" type="button" onClick={onRetry}>
          {messages.tryAgain}
        </button>
      ) : null}
      <button className="latchkey-button" data-variant="ghost" type="button" onClick={onBack}>
        {messages.back}
      </button>
    </div>
  )
}
