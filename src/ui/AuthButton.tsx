import { useEffect, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { AuthState, User } from '../core/index.js'
import { useAuthState, useMessages, useUser } from '../react/index.js'
import { AppearanceContext, appearanceStyle } from './appearance.js'
import type { Appearance } from './appearance.js'
import { CustomTrigger } from './AuthButtonTrigger.js'
import type { AuthButtonRenderProps } from './AuthButtonTrigger.js'
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
  /** Accent, radius and font as `--latchkey-*` variables, for the button and every dialog it opens. */
  appearance?: Appearance | undefined
  /**
   * Your own trigger, with the same behaviour: a function of `{ status, user, name, isOpen,
   * open }` returning one element. latchkey merges its props into that element the way
   * Radix's `asChild` does (`onClick`, `ref`, `aria-haspopup`, `aria-expanded`, `disabled`
   * while loading, `data-status`), so a component of yours must spread the props it gets
   * onto its DOM element and accept `ref`. Signed out it opens `LoginModal`; signed in it
   * opens the account panel (`AccountMenu`) in a dialog; focus comes back to it.
   *
   * @example
   * <AuthButton>{({ status, name }) => <button className="nav-link">{status === 'authenticated' ? name : 'Log in'}</button>}</AuthButton>
   */
  children?: ((props: AuthButtonRenderProps) => ReactNode) | undefined
}

const selectStatus = (state: AuthState) => state.status

/**
 * The one button an app needs: a busy placeholder while the session restores,
 * "Sign in" (opening `LoginModal`) when signed out, and who is signed in, with a menu
 * that signs out, when signed in. Its root carries `data-status`. Pass a function as
 * `children` to draw your own trigger with the same behaviour, and `appearance` to set the
 * accent, radius and font.
 *
 * @example
 * <AuthProvider baseUrl="/auth">
 *   <AuthButton appearance={{ accent: '#0f766e', radius: 6 }} />
 * </AuthProvider>
 */
export function AuthButton({ theme = 'auto', className, onSignedIn, appearance, children }: AuthButtonProps): ReactNode {
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
  // Signed in through the modal: its trigger ("Sign in") is gone, so the focus goes to the
  // account button that replaced it rather than to the page's body (issue 6, ui).
  const [focusAccount, setFocusAccount] = useState(false)
  if (focusAccount && status !== 'authenticated') setFocusAccount(false)
  const signedInHere = (user: User) => {
    setFocusAccount(true)
    onSignedIn?.(user)
  }

  let content: ReactNode
  if (children !== undefined) {
    // Your own trigger (issue 6, ui): same states, same dialogs.
    content = <CustomTrigger render={children} status={status} user={user} theme={theme} onSignedIn={onSignedIn} />
  } else switch (status) {
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
        <LoginModal open={open} onOpenChange={setOpen} onSignedIn={signedInHere} theme={theme}>
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
            <SignedInMenu user={user} onSignOut={() => (refocus.current = true)} theme={theme} autoFocus={focusAccount} />
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
      style={appearanceStyle(appearance)}
    >
      <AppearanceContext.Provider value={appearance}>{content}</AppearanceContext.Provider>
    </div>
  )
}
