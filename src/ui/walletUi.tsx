import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage } from '../core/index.js'
import type { WalletChain, WalletMismatch } from '../core/index.js'
import { useMessages, useWalletSignIn } from '../react/index.js'
import type { WalletOption } from '../react/index.js'
import { shortAddress } from './address.js'
import type { Theme } from './theme.js'
import { appearanceStyle, useAppearance } from './appearance.js'
import { WalletList } from './WalletList.js'
import { WalletStep } from './WalletStep.js'
import type { WalletStepProps } from './WalletStep.js'

/*
 * @internal The wallet parts of the UI, loaded with `import()` (see walletUiLoader.ts) and
 * only when wallet adapters are registered: an email-only app downloads none of this.
 */

/** The login modal's method list: the wallets, then "or continue with email". */
export function WalletMethods({ onSelect }: { onSelect: (wallet: WalletOption) => void }): ReactNode {
  const messages = useMessages()
  return (
    <>
      <WalletList onSelect={onSelect} />
      <p className="latchkey-divider" role="separator">
        {messages.orContinueWithEmail}
      </p>
    </>
  )
}

/** The login modal's body while a wallet connects and signs (or failed to). */
export function WalletStepBody(props: WalletStepProps): ReactNode {
  const { wallet, flow } = props
  const messages = useMessages()
  return (
    <div className="latchkey-modal-body" data-step="wallet" data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}>
      <Dialog.Title className="latchkey-title">{flow.error ? messages.walletErrorTitle : messages.walletWaitingTitle}</Dialog.Title>
      <Dialog.Description className="latchkey-text">{messages.walletWaitingDescription({ name: wallet.name })}</Dialog.Description>
      <WalletStep {...props} />
      <Dialog.Close className="latchkey-close" aria-label={messages.close}>
        <span aria-hidden="true">×</span>
      </Dialog.Close>
    </div>
  )
}

const adapterChain = (chain: string): WalletChain => (chain === 'eip155' ? 'evm' : (chain as WalletChain))

/** `WalletMismatchPrompt`'s dialog, mounted while a mismatch is shown. */
export function WalletMismatchDialog({
  mismatch,
  theme,
  container,
}: {
  mismatch: WalletMismatch
  theme: Theme
  container?: HTMLElement | null | undefined
}): ReactNode {
  const messages = useMessages()
  const flow = useWalletSignIn()
  const style = appearanceStyle(useAppearance(undefined))
  // Dismissed for one connected address: another switch asks again.
  const [dismissed, setDismissed] = useState<string | null>(null)
  if (dismissed === mismatch.connectedAddress) return null
  const session = shortAddress(mismatch.sessionAddress)
  return (
    <Dialog.Root open onOpenChange={(next) => (next ? undefined : setDismissed(mismatch.connectedAddress))}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="latchkey-overlay" data-latchkey-theme={theme} />
        <Dialog.Content className="latchkey-modal" data-latchkey-theme={theme} style={style}>
          <div className="latchkey-modal-body" data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}>
            <Dialog.Title className="latchkey-title">{messages.walletMismatchTitle}</Dialog.Title>
            <Dialog.Description className="latchkey-text">
              {messages.walletMismatchDescription({ connected: shortAddress(mismatch.connectedAddress), session })}
            </Dialog.Description>
            {flow.error ? (
              <p className="latchkey-error" role="alert" data-code={flow.error.code}>
                {errorMessage(messages, flow.error)}
              </p>
            ) : null}
            <div className="latchkey-step">
              <button
                className="latchkey-button"
                data-variant="primary"
                type="button"
                disabled={flow.pending}
                aria-busy={flow.pending ? true : undefined}
                onClick={() => void flow.signIn({ chain: adapterChain(mismatch.chain) })}
              >
                {flow.pending ? messages.loading : messages.signInWithNewAccount}
              </button>
              <button className="latchkey-button" data-variant="ghost" type="button" onClick={() => setDismissed(mismatch.connectedAddress)}>
                {messages.keepCurrentAccount({ address: session })}
              </button>
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
