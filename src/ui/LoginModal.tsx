import * as Dialog from '@radix-ui/react-dialog'
import { Suspense, useEffect, useId, useState } from 'react'
import type { ReactNode } from 'react'
import type { User } from '../core/index.js'
import { useAuthClient, useEmailSignIn, useMessages, useWalletSignIn } from '../react/index.js'
import type { WalletOption } from '../react/index.js'
import { preloadWalletUi, WalletMethods, WalletStepBody } from './walletUiLoader.js'
import { CodeStep } from './CodeStep.js'
import { EmailStep } from './EmailStep.js'
import type { Theme } from './theme.js'
import { appearanceStyle, useAppearance } from './appearance.js'
import type { Appearance } from './appearance.js'
import { useControllableState } from './useControllableState.js'

/** Props of `LoginModal`. */
export interface LoginModalProps {
  /** Controlled open state; leave out to let the modal keep its own. */
  open?: boolean | undefined
  /** Initial open state when uncontrolled. */
  defaultOpen?: boolean | undefined
  /** Called when the modal asks to open or close (Escape, close button, success). */
  onOpenChange?: ((open: boolean) => void) | undefined
  /** Called after a successful sign-in, once the modal has asked to close. */
  onSignedIn?: ((user: User) => void) | undefined
  /** Optional trigger: one element, rendered as the dialog's trigger (`asChild`). */
  children?: ReactNode
  theme?: Theme | undefined
  /** Where the dialog is portalled (default `document.body`). */
  container?: HTMLElement | null | undefined
  /** Accent, radius and font as `--latchkey-*` variables (default: those of the `AuthButton` that opened it). */
  appearance?: Appearance | undefined
}

/**
 * The sign-in dialog (Radix Dialog: focus trap, Escape, labelled title): the email
 * step, then the 6-digit code step, with resend and every error the server can give.
 * Closes itself on success. Opens fresh each time.
 *
 * @example
 * const [open, setOpen] = useState(false)
 * <LoginModal open={open} onOpenChange={setOpen} />
 */
export function LoginModal({
  open,
  defaultOpen = false,
  onOpenChange,
  onSignedIn,
  children,
  theme = 'auto',
  container,
  appearance,
}: LoginModalProps): ReactNode {
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange)
  const style = appearanceStyle(useAppearance(appearance))
  const client = useAuthClient()
  useEffect(() => {
    if (client.wallets.length > 0) void preloadWalletUi()
  }, [client])
  const onSuccess = (user: User) => {
    setOpen(false)
    onSignedIn?.(user)
  }
  return (
    <Dialog.Root open={isOpen} onOpenChange={setOpen}>
      {children === undefined ? null : <Dialog.Trigger asChild>{children}</Dialog.Trigger>}
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="latchkey-overlay" data-latchkey-theme={theme} />
        <Dialog.Content className="latchkey-modal" data-latchkey-theme={theme} style={style}>
          <LoginModalBody onSuccess={onSuccess} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** Mounted only while open, so every opening starts a new flow. */
function LoginModalBody({ onSuccess }: { onSuccess: (user: User) => void }): ReactNode {
  const messages = useMessages()
  const flow = useEmailSignIn()
  const descriptionId = useId()
  // Wallets (issue 4): the registered adapters' wallets beside email, then a wallet step.
  const hasWallets = useAuthClient().wallets.length > 0
  const walletFlow = useWalletSignIn()
  const [wallet, setWallet] = useState<WalletOption | null>(null)
  const signInWith = (choice: WalletOption) => {
    setWallet(choice)
    void walletFlow.signIn({ adapter: choice.adapter, walletId: choice.id }).then((user) => user && onSuccess(user))
  }
  if (wallet !== null) {
    return (
      <Suspense fallback={null}>
        <WalletStepBody
          wallet={wallet}
          flow={walletFlow}
          onRetry={() => signInWith(wallet)}
          onBack={() => {
            walletFlow.reset()
            setWallet(null)
          }}
        />
      </Suspense>
    )
  }
  const withWallets = flow.step === 'email' && hasWallets
  return (
    <div
      className="latchkey-modal-body"
      data-step={flow.step}
      data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}
    >
      <Dialog.Title className="latchkey-title">
        {flow.step === 'email' ? messages.loginTitle : messages.codeTitle}
      </Dialog.Title>
      <Dialog.Description className="latchkey-text">
        {/* Radix owns the description's id; the code input points at this span. */}
        <span id={descriptionId}>
          {flow.step === 'email'
            ? withWallets
              ? messages.loginDescriptionWithWallets
              : messages.loginDescription
            : messages.codeDescription({ email: flow.email })}
        </span>
      </Dialog.Description>
      {withWallets ? (
        <Suspense fallback={null}>
          <WalletMethods onSelect={signInWith} />
        </Suspense>
      ) : null}
      {flow.step === 'email' ? (
        <EmailStep flow={flow} />
      ) : (
        <CodeStep flow={flow} onSuccess={onSuccess} descriptionId={descriptionId} />
      )}
      <Dialog.Close className="latchkey-close" aria-label={messages.close}>
        <span aria-hidden="true">×</span>
      </Dialog.Close>
    </div>
  )
}
