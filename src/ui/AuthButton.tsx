import { useEffect, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { AuthState, User } from '../core/index.js'
import { useAuthState, useMessages, useUser } from '../react/index.js'
import { LoginModal } from './LoginModal.js'
import { SignedInMenu } from './SignedInMenu.js'
import { WalletMismatchPrompt } from './WalletMismatchPrompt.js'
import type { Theme } from './theme.js'

/** Props of `AuthButton`. */
export interface AuthButtonProps {
  theme?: Theme | undefined
  className?: string | undefined
  /** Called after a sign-in through the button's modal. */
  onSignedIn?: ((user: User) => void) | undefined
}

const selectStatus = (state: AuthState) => state.status

/**
 * The one button an app needs: a busy placeholder while the session restores,
 * "Sign in" (opening `LoginModal`) when signed out, and who is signed in, with a menu
 * that signs out, when signed in. Its root carries `data-status`.
 *
 * @example
 * <AuthProvider baseUrl="/auth">
 *   <AuthButton />
 * </AuthProvider>
 */
export function AuthButton({ theme = 'auto', className, onSignedIn }: AuthButtonProps): ReactNode {
  const status = useAuthState(selectStatus)
  const user = useUser()
  const messages = useMessages()
  const [open, setOpen] = useState(false)
  // Signing out from the menu removes the element that had focus: hand it to "Sign in".
  const refocus = useRef(false)
  const signIn = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!refocus.current || status === 'authenticated') return
    refocus.current = false
    signIn.current?.focus()
  }, [status])
  // Signed in some other way (another tab) while the modal was open: forget it was,
  // so that signing out later does not pop the modal back up.
  if (open && status === 'authenticated') setOpen(false)

  let content: ReactNode
  switch (status) {
    case 'loading':
      content = (
        <button className="latchkey-button" data-variant="primary" type="button" disabled aria-busy="true">
          {messages.loading}
        </button>
      )
      break
    case 'unauthenticated':
    case 'visitor':
      content = (
        <LoginModal open={open} onOpenChange={setOpen} onSignedIn={onSignedIn} theme={theme}>
          <button ref={signIn} className="latchkey-button" data-variant="primary" type="button">
            {messages.signIn}
          </button>
        </LoginModal>
      )
      break
    case 'authenticated':
      content =
        user === null ? null : (
          <>
            <SignedInMenu user={user} onSignOut={() => (refocus.current = true)} theme={theme} />
            {/* Wallets (issue 4): asks when the wallet switched to another account (policy `prompt`). */}
            <WalletMismatchPrompt theme={theme} />
          </>
        )
      break
    default:
      status satisfies never
  }

  return (
    <div
      className={className ? `latchkey-auth-button ${className}` : 'latchkey-auth-button'}
      data-latchkey-theme={theme}
      data-status={status}
    >
      {content}
    </div>
  )
}
