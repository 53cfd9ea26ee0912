import { useId, useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage } from '../core/index.js'
import type { ActiveSession, Messages } from '../core/index.js'
import { useAuthClient, useDisconnectWallet, useMessages, useSessions, useSignOut, useUser, useWalletAccount } from '../react/index.js'
import { CredentialsSection } from './AccountCredentials.js'
import { shortAddress } from './address.js'
import { describeUserAgent } from './AccountMenuDevice.js'
import type { Theme } from './theme.js'
import { appearanceStyle, useAppearance } from './appearance.js'
import type { Appearance } from './appearance.js'
import { who } from './who.js'

/** Props of `AccountMenu`. */
export interface AccountMenuProps {
  theme?: Theme | undefined
  className?: string | undefined
  /**
   * Whether the panel draws its own heading ("Your account"). Set `false` when it sits under
   * a heading of yours, such as a dialog title.
   */
  heading?: boolean | undefined
  /** Called when "Sign out" is pressed, before the sign-out runs. */
  onSignOut?: (() => void) | undefined
  /** Your own sections, shown after who is signed in. */
  children?: ReactNode
  /** Whether to show the linked wallets and emails with link, unlink and primary (default `true`). */
  credentials?: boolean | undefined
  /** Accent, radius and font as `--latchkey-*` variables (default: those of the `AuthButton` that opened it). */
  appearance?: Appearance | undefined
}

/**
 * The signed-in user's account panel: who is signed in; the ways they sign in (linked
 * wallets and emails, the primary wallet, "Make primary", "Remove", "Link another wallet"
 * through the registered adapters and "Add an email" with a code); where they are signed in
 * (each session with its device and times, "This device" for this browser), "Sign out" for
 * any other session and "Sign out everywhere else"; and, apart, "Disconnect wallet" (while
 * one is connected; the session stays) and "Sign out". `AuthButton`'s menu opens it in a
 * dialog; place it anywhere (a settings page) on its own. Renders nothing when signed out.
 * Built only on public hooks (`useUser`, `useSessions`, `useLinkWallet`, `useLinkEmail`,
 * `useUnlinkCredential`, `useUpdateUser`, `useWalletAccount`, `useDisconnectWallet`, `useSignOut`).
 *
 * @example
 * <SignedIn>
 *   <AccountMenu />
 * </SignedIn>
 */
export function AccountMenu({ theme = 'auto', className, heading = true, onSignOut, children, credentials = true, appearance }: AccountMenuProps): ReactNode {
  const user = useUser()
  const style = appearanceStyle(useAppearance(appearance))
  const messages = useMessages()
  const { signOut, pending } = useSignOut()
  const titleId = useId()
  if (user === null) return null
  const name = who(user)
  return (
    <section
      className={className ? `latchkey-account ${className}` : 'latchkey-account'}
      data-latchkey-theme={theme}
      style={style}
      aria-labelledby={heading ? titleId : undefined}
      aria-label={heading ? undefined : messages.accountTitle}
    >
      {heading ? (
        <h2 className="latchkey-title" id={titleId}>
          {messages.accountTitle}
        </h2>
      ) : null}
      {name === null ? null : <p className="latchkey-account-who">{messages.signedInAs({ name })}</p>}
      {children}
      {/* Credentials (issue 6, ui): linked wallets and emails, primary, link, unlink. */}
      {credentials ? <CredentialsSection user={user} messages={messages} /> : null}
      <SessionsSection messages={messages} />
      <div className="latchkey-account-footer">
        {/* "Disconnect wallet" is not "Sign out": the session stays (issue 6, ui). */}
        <DisconnectWallet messages={messages} />
        <button
          className="latchkey-button"
          data-variant="secondary"
          type="button"
          disabled={pending}
          aria-busy={pending ? true : undefined}
          onClick={() => {
            onSignOut?.()
            signOut()
          }}
        >
          {pending ? messages.loading : messages.signOut}
        </button>
      </div>
    </section>
  )
}

/** "Disconnect wallet" while a wallet is connected: the wallet goes, the session stays. */
function DisconnectWallet({ messages }: { messages: Messages }): ReactNode {
  const account = useWalletAccount()
  const { disconnect, pending, error } = useDisconnectWallet()
  if (account === null) return null
  return (
    <div className="latchkey-account-wallet">
      <span className="latchkey-account-connected">{messages.walletConnected({ name: account.walletName, address: shortAddress(account.address) })}</span>
      <button
        className="latchkey-button"
        data-variant="ghost"
        type="button"
        disabled={pending}
        aria-busy={pending ? true : undefined}
        onClick={() => disconnect()}
      >
        {messages.disconnectWallet}
      </button>
      {error ? (
        <p className="latchkey-error" role="alert" data-code={error.code}>
          {errorMessage(messages, error)}
        </p>
      ) : null}
    </div>
  )
}

/** The sessions list, "Sign out" per other session and "Sign out everywhere else". */
function SessionsSection({ messages }: { messages: Messages }): ReactNode {
  const client = useAuthClient()
  const { sessions, isLoading, error, revoke, revokeOthers, revoking, revokeError, refetch } = useSessions()
  const [revokedCount, setRevokedCount] = useState<number | null>(null)
  const titleId = useId()
  const now = client.now()
  const others = sessions.filter((session) => !session.current).length

  let body: ReactNode
  if (isLoading) {
    body = (
      <p className="latchkey-text" role="status">
        {messages.loadingSessions}
      </p>
    )
  } else if (error !== null && sessions.length === 0) {
    body = (
      <div className="latchkey-row">
        <p className="latchkey-error" role="alert" data-code={error.code}>
          {errorMessage(messages, error)}
        </p>
        <button className="latchkey-button" data-variant="ghost" type="button" onClick={() => void refetch()}>
          {messages.retry}
        </button>
      </div>
    )
  } else {
    body = (
      <ul className="latchkey-sessions" aria-labelledby={titleId}>
        {sessions.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            now={now}
            messages={messages}
            busy={revoking === session.id}
            disabled={revoking !== null}
            onRevoke={() => {
              setRevokedCount(null)
              revoke(session.id).catch(() => {
                // Shown from `revokeError`.
              })
            }}
          />
        ))}
      </ul>
    )
  }

  return (
    <section className="latchkey-account-sessions" aria-labelledby={titleId} data-state={isLoading ? 'loading' : error ? 'error' : 'ready'}>
      <h3 className="latchkey-subtitle" id={titleId}>
        {messages.sessionsTitle}
      </h3>
      <p className="latchkey-text">{messages.sessionsDescription}</p>
      {body}
      {revokeError !== null ? (
        <p className="latchkey-error" role="alert" data-code={revokeError.code}>
          {errorMessage(messages, revokeError)}
        </p>
      ) : null}
      <p className="latchkey-notice" role="status">
        {revokedCount !== null ? messages.otherSessionsRevoked({ count: revokedCount }) : !isLoading && error === null && others === 0 ? messages.noOtherSessions : null}
      </p>
      <button
        className="latchkey-button"
        data-variant="secondary"
        type="button"
        disabled={others === 0 || revoking !== null}
        aria-busy={revoking === 'others' ? true : undefined}
        onClick={() => {
          setRevokedCount(null)
          revokeOthers().then(
            ({ revoked }) => setRevokedCount(revoked),
            () => {
              // Shown from `revokeError`.
            },
          )
        }}
      >
        {revoking === 'others' ? messages.revokingOtherSessions : messages.revokeOtherSessions}
      </button>
    </section>
  )
}

function SessionItem({
  session,
  now,
  messages,
  busy,
  disabled,
  onRevoke,
}: {
  session: ActiveSession
  now: number
  messages: Messages
  busy: boolean
  disabled: boolean
  onRevoke: () => void
}): ReactNode {
  const device = messages.deviceName(describeUserAgent(session.userAgent))
  const lastUsed = messages.formatTime({ at: session.lastUsedAt, now })
  return (
    <li className="latchkey-session" data-current={session.current ? 'true' : 'false'}>
      <div className="latchkey-session-device">
        <span className="latchkey-session-name">{device}</span>
        {session.current ? <span className="latchkey-badge">{messages.thisDevice}</span> : null}
      </div>
      <div className="latchkey-session-times">
        <span>{messages.sessionCreated({ time: messages.formatTime({ at: session.createdAt, now }) })}</span>
        <span>{messages.sessionLastUsed({ time: lastUsed })}</span>
      </div>
      {session.current ? null : (
        <button
          className="latchkey-button"
          data-variant="ghost"
          type="button"
          aria-label={messages.revokeSessionLabel({ device, lastUsed })}
          disabled={disabled}
          aria-busy={busy ? true : undefined}
          onClick={onRevoke}
        >
          {busy ? messages.revokingSession : messages.revokeSession}
        </button>
      )}
    </li>
  )
}
