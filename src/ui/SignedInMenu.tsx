import { useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { User } from '../core/index.js'
import { useMessages, useSignOut } from '../react/index.js'
import { who } from './who.js'

/**
 * @internal What `AuthButton` shows when signed in: who, as a menu button, and a
 * one-item menu that signs out (the WAI-ARIA menu button pattern, without Radix:
 * https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/). `AccountMenu` replaces it
 * when linked credentials and sessions arrive.
 */
export function SignedInMenu({ user, onSignOut }: { user: User; onSignOut?: () => void }): ReactNode {
  const messages = useMessages()
  const { signOut, pending } = useSignOut()
  const [open, setOpen] = useState(false)
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const name = who(user)

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
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {name ?? messages.accountMenu}
      </button>
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
        </div>
      ) : null}
    </>
  )
}
