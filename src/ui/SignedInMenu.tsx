import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { AuthState, User } from '../core/index.js'
import { useAuthState, useMessages, useSignOut } from '../react/index.js'
import { who } from './who.js'
import type { Theme } from './theme.js'

// Loaded on first use: the sessions list (and its TanStack query) stays out of the bundle
// of an app that only ever shows the button.
const AccountMenuDialog = lazy(() => import('./AccountMenuDialog.js').then((module) => ({ default: module.AccountMenuDialog })))

/**
 * @internal What `AuthButton` shows when signed in: who, as a menu button, and a menu
 * that signs out or opens `AccountMenu` (sessions, later credentials) in a dialog (the
 * WAI-ARIA menu button pattern, without Radix:
 * https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/).
 */
// Offline (issue 6, ui): the session is kept; the button says so, quietly.
const selectOffline = (state: AuthState) => state.status === 'authenticated' && state.network === 'offline'

export function SignedInMenu({
  user,
  onSignOut,
  theme = 'auto',
  autoFocus = false,
}: {
  user: User
  onSignOut?: () => void
  theme?: Theme
  /** Focus the account button (when it replaced the "Sign in" that had the focus). */
  autoFocus?: boolean
}): ReactNode {
  const messages = useMessages()
  const { signOut, pending } = useSignOut()
  const [open, setOpen] = useState(false)
  // The account panel (sessions; issue 3, session-ui), opened from the menu.
  const [accountOpen, setAccountOpen] = useState(false)
  const [accountUsed, setAccountUsed] = useState(false)
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const offlineId = useId()
  const offline = useAuthState(selectOffline)
  const name = who(user)

  useEffect(() => {
    if (autoFocus) trigger.current?.focus()
  }, [autoFocus])

  useEffect(() => {
    if (!open) return
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    // A press anywhere outside the menu and its button closes it.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node
      if (!menu.current?.contains(target) && !trigger.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  const close = () => {
    setOpen(false)
    trigger.current?.focus()
  }

  return (
    <>
      <button
        ref={trigger}
        className="latchkey-button latchkey-account-trigger"
        data-variant="secondary"
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={name === null ? messages.accountMenu : messages.signedInAs({ name })}
        data-state={open ? 'open' : 'closed'}
        data-network={offline ? 'offline' : 'online'}
        aria-describedby={offline ? offlineId : undefined}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {offline ? <span className="latchkey-network-dot" aria-hidden="true" /> : null}
        {name ?? messages.accountMenu}
      </button>
      {offline ? (
        <span className="latchkey-visually-hidden" id={offlineId}>
          {messages.offline}
        </span>
      ) : null}
      {open ? (
        <div
          ref={menu}
          id={menuId}
          className="latchkey-menu"
          role="menu"
          aria-label={messages.accountMenu}
          data-state="open"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              close()
            } else if (event.key === 'Tab') {
              setOpen(false)
            } else if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) {
              // Arrow keys move between the items, wrapping around (the APG menu pattern).
              event.preventDefault()
              const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
              const at = items.indexOf(document.activeElement as HTMLElement)
              const next =
                event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
              items[next]?.focus()
            }
          }}
        >
          <button
            className="latchkey-menu-item"
            type="button"
            role="menuitem"
            disabled={pending}
            aria-busy={pending ? true : undefined}
            onClick={() => {
              onSignOut?.()
              signOut()
            }}
          >
            {pending ? messages.loading : messages.signOut}
          </button>
          <button
            className="latchkey-menu-item"
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false)
              setAccountUsed(true)
              setAccountOpen(true)
            }}
          >
            {messages.manageAccount}
          </button>
        </div>
      ) : null}
      {accountUsed ? (
        <Suspense fallback={null}>
          <AccountMenuDialog open={accountOpen} onOpenChange={setAccountOpen} theme={theme} returnFocus={trigger} onSignOut={onSignOut} />
        </Suspense>
      ) : null}
    </>
  )
}
