import { useId, useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage } from '../core/index.js'
import type { ActiveSession, Messages } from '../core/index.js'
import { useAuthClient, useMessages, useSessions, useSignOut, useUser } from '../react/index.js'
import { describeUserAgent } from './AccountMenuDevice.js'
import type { Theme } from './theme.js'
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
}

/**
 * The signed-in user's account panel: who is signed in, where they are signed in (each
 * session with its device, when it started and was last active, "This device" for this
 * browser), "Sign out" for any other session and "Sign out everywhere else", and "Sign out".
 * `AuthButton`'s menu opens it in a dialog; place it anywhere (a settings page) on its own.
 * Renders nothing when signed out. Built on `useUser`, `useSessions` and `useSignOut`.
 *
 * @example
 * <SignedIn>
 *   <AccountMenu />
 * </SignedIn>
 */
export function AccountMenu({ theme = 'auto', className, heading = true, onSignOut, children }: AccountMenuProps): ReactNode {
  const user = useUser()
  const messages = useMessages()
  const { signOut, pending } = useSignOut()
  const titleId = useId()
  if (user === null) return null
  const name = who(user)
  return (
    <section
      className={className ? `latchkey-account ${className}` : 'latchkey-account'}
      data-latchkey-theme={theme}
      aria-labelledby={heading ? titleId : undefined}
      aria-label={heading ? undefined : messages.accountTitle}
    >
      {heading ? (
        <h2 className="latchkey-title" id={titleId}>
          {messages.accountTitle}
        </h2>
      ) : null}
      {name === null ? null : <p className="latchkey-account-who">{messages.signedInAs({ name })}</p>}
      {/*
       * Credentials (issues 4 and 6, wallet-client): linked credentials with unlink, the
       * primary wallet, "Link another wallet", "Add an email" and "Disconnect wallet" go here,
       * as their own section component, between who is signed in and the sessions.
       */}
      {children}
      <SessionsSection messages={messages} />
      <div className="latchkey-account-footer">
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
