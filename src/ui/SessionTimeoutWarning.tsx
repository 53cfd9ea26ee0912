import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'
import type { ReactNode } from 'react'
import { formatCountdown } from '../core/index.js'
import type { User } from '../core/index.js'
import { useMessages, useSessionExpiry, useSignOut, useUser } from '../react/index.js'
import { EmailSignInForm } from './EmailSignInForm.js'
import type { Theme } from './theme.js'
import { appearanceStyle, useAppearance } from './appearance.js'
import type { Appearance } from './appearance.js'

/** What a `signInMethods` render function receives. */
export interface SignInMethodsProps {
  /** Call it with the user once a method signed in (the dialog closes itself). */
  onSuccess: (user: User) => void
  /** The user whose session is ending (or just ended), to suggest signing in as them again. */
  user: User | null
}

/** Props of `SessionTimeoutWarning`. */
export interface SessionTimeoutWarningProps {
  /** ms before the session's end at which the dialog opens. Default: the client's `warnBefore` (5 minutes). */
  warnBefore?: number | undefined
  /**
   * The ways to sign in again, shown inside the dialog. Default: the email code form, as in
   * `LoginModal`. Pass the same methods your login offers (e.g. a wallet list) so that
   * people re-authenticate the way they signed in.
   */
  signInMethods?: ((props: SignInMethodsProps) => ReactNode) | undefined
  /** Called after "Sign in again" signed someone in (the same user, or another). */
  onSignedIn?: ((user: User) => void) | undefined
  theme?: Theme | undefined
  /** Where the dialog is portalled (default `document.body`). */
  container?: HTMLElement | null | undefined
  /** Accent, radius and font as `--latchkey-*` variables. */
  appearance?: Appearance | undefined
}

const defaultSignInMethods = ({ onSuccess, user }: SignInMethodsProps) => (
  <EmailSignInForm onSuccess={onSuccess} defaultEmail={user?.email ?? undefined} />
)

/**
 * Warns before the session's absolute end with an accessible dialog: "Your session ends in
 * 4:59", with "Sign in again" (right in the dialog, keeping the page: the same user gets a
 * new session in place; another user is a sign-out followed by a sign-in), "Sign out", and
 * "Remind me later", which hides it in every tab for this session. After the end it says
 * so and offers to sign in. Renders nothing the rest of the time. Built on
 * `useSessionExpiry`: draw your own with the same hook.
 *
 * @example
 * <AuthProvider baseUrl="/auth">
 *   <App />
 *   <SessionTimeoutWarning />
 * </AuthProvider>
 */
export function SessionTimeoutWarning({
  warnBefore,
  signInMethods = defaultSignInMethods,
  onSignedIn,
  theme = 'auto',
  container,
  appearance,
}: SessionTimeoutWarningProps): ReactNode {
  const style = appearanceStyle(useAppearance(appearance))
  // No per-second ticking here: only the countdown inside the open dialog ticks.
  const { isWarning, isExpired, isDismissed, expiresAt, dismiss } = useSessionExpiry({ warnBefore, tick: false })
  // Closing the "session ended" notice is this tab's business: there is no session to store it with.
  const [closedEnd, setClosedEnd] = useState<number | null>(null)
  // Who was signed in, still known after the session ended, to offer signing in as them again.
  const current = useUser()
  const [lastUser, setLastUser] = useState(current)
  if (current !== null && current !== lastUser) setLastUser(current)
  const open = (isWarning && !isDismissed) || (isExpired && closedEnd !== expiresAt)

  const onOpenChange = (next: boolean) => {
    if (next) return
    if (isExpired) setClosedEnd(expiresAt)
    else dismiss()
  }
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="latchkey-overlay" data-latchkey-theme={theme} />
        <Dialog.Content className="latchkey-modal latchkey-session-warning" data-latchkey-theme={theme} style={style}>
          <SessionTimeoutBody
            warnBefore={warnBefore}
            expired={isExpired}
            signInMethods={signInMethods}
            user={current ?? lastUser}
            onSignedIn={(user) => onSignedIn?.(user)}
            onDismiss={() => onOpenChange(false)}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** Mounted only while open, so each warning starts at its first view. */
function SessionTimeoutBody({
  warnBefore,
  expired,
  signInMethods,
  user,
  onSignedIn,
  onDismiss,
}: {
  warnBefore: number | undefined
  expired: boolean
  signInMethods: (props: SignInMethodsProps) => ReactNode
  user: User | null
  onSignedIn: (user: User) => void
  onDismiss: () => void
}): ReactNode {
  const messages = useMessages()
  const { signOut, pending } = useSignOut()
  const [signingIn, setSigningIn] = useState(false)
  const view = expired ? 'expired' : signingIn ? 'sign-in' : 'warning'
  return (
    <div className="latchkey-modal-body" data-view={view}>
      <Dialog.Title className="latchkey-title">
        {view === 'expired' ? messages.sessionEndedTitle : view === 'sign-in' ? messages.signInAgain : messages.sessionExpiringTitle}
      </Dialog.Title>
      {view === 'expired' ? null : <Countdown warnBefore={warnBefore} />}
      <Dialog.Description className="latchkey-text">
        {view === 'expired' ? messages.sessionEndedDescription : messages.sessionExpiringDescription}
      </Dialog.Description>
      {view === 'warning' ? (
        <div className="latchkey-session-warning-actions">
          <button className="latchkey-button" data-variant="primary" type="button" onClick={() => setSigningIn(true)}>
            {messages.signInAgain}
          </button>
          <button
            className="latchkey-button"
            data-variant="secondary"
            type="button"
            disabled={pending}
            aria-busy={pending ? true : undefined}
            onClick={() => signOut()}
          >
            {pending ? messages.loading : messages.signOut}
          </button>
          <button className="latchkey-button" data-variant="ghost" type="button" onClick={onDismiss}>
            {messages.dismissExpiryWarning}
          </button>
        </div>
      ) : (
        <div className="latchkey-session-warning-sign-in">
          {signInMethods({ onSuccess: onSignedIn, user })}
          {view === 'sign-in' ? (
            <button className="latchkey-button" data-variant="ghost" type="button" onClick={() => setSigningIn(false)}>
              {messages.back}
            </button>
          ) : null}
        </div>
      )}
      <Dialog.Close className="latchkey-close" aria-label={messages.close}>
        <span aria-hidden="true">×</span>
      </Dialog.Close>
    </div>
  )
}

/**
 * The ticking part, on its own so that only it re-renders each second. `role="timer"` is
 * not announced on every change (its live region is off), which is what a screen reader
 * user wants from a running clock.
 */
function Countdown({ warnBefore }: { warnBefore: number | undefined }): ReactNode {
  const messages = useMessages()
  const { msLeft } = useSessionExpiry({ warnBefore })
  return (
    <p className="latchkey-session-countdown" role="timer">
      {messages.sessionEndsIn({ time: formatCountdown(msLeft ?? 0) })}
    </p>
  )
}
