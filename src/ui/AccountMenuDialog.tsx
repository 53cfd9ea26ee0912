import * as Dialog from '@radix-ui/react-dialog'
import type { ReactNode, RefObject } from 'react'
import { useMessages } from '../react/index.js'
import { AccountMenu } from './AccountMenu.js'
import type { Theme } from './theme.js'
import { appearanceStyle, useAppearance } from './appearance.js'

/**
 * @internal `AccountMenu` in a Radix dialog, as `AuthButton`'s menu opens it. It has no
 * trigger of its own (a menu item opens it and is gone by then), so on close the focus goes
 * back to `returnFocus`, the account button.
 */
export function AccountMenuDialog({
  open,
  onOpenChange,
  theme,
  returnFocus,
  onSignOut,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  theme: Theme
  returnFocus: RefObject<HTMLElement | null>
  onSignOut?: (() => void) | undefined
}): ReactNode {
  const messages = useMessages()
  const style = appearanceStyle(useAppearance(undefined))
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="latchkey-overlay" data-latchkey-theme={theme} />
        <Dialog.Content
          className="latchkey-modal latchkey-account-dialog"
          data-latchkey-theme={theme}
          style={style}
          // The account panel's own text says what is in it; no separate description.
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            returnFocus.current?.focus()
          }}
        >
          <Dialog.Title className="latchkey-title">{messages.accountTitle}</Dialog.Title>
          <AccountMenu theme={theme} heading={false} onSignOut={onSignOut} />
          <Dialog.Close className="latchkey-close" aria-label={messages.close}>
            <span aria-hidden="true">×</span>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
