import { cloneElement, isValidElement, lazy, Suspense, useEffect, useRef, useState } from 'react'
import type { MouseEvent, ReactNode, Ref } from 'react'
import type { AuthStatus, User } from '../core/index.js'
import { LoginModal } from './LoginModal.js'
import type { Theme } from './theme.js'
import { WalletMismatchPrompt } from './WalletMismatchPrompt.js'
import { who } from './who.js'

// The account panel loads on first use, as from the built-in menu.
const AccountMenuDialog = lazy(() => import('./AccountMenuDialog.js').then((module) => ({ default: module.AccountMenuDialog })))

/** What `AuthButton`'s render function receives. */
export interface AuthButtonRenderProps {
  status: AuthStatus
  /** The signed-in user, else `null`. */
  user: User | null
  /** How latchkey names the user (email, short address, alias), else `null`. */
  name: string | null
  /** Whether the dialog the trigger opens (sign-in, or the account panel) is open. */
  isOpen: boolean
  /** Opens that dialog, e.g. from a second control of yours. Does nothing while loading. */
  open: () => void
}

/** One ref callback feeding both refs (the app's, then ours), as Radix's `composeRefs`. */
function composeRefs(ours: (node: HTMLElement | null) => void, theirs: Ref<HTMLElement> | undefined) {
  return (node: HTMLElement | null) => {
    ours(node)
    if (typeof theirs === 'function') theirs(node)
    else if (theirs) theirs.current = node
  }
}

type TriggerProps = {
  ref?: Ref<HTMLElement>
  onClick?: (event: MouseEvent<HTMLElement>) => void
  disabled?: boolean
} & Record<string, unknown>

/**
 * @internal `AuthButton`'s custom trigger: the element the app's render function returns,
 * with latchkey's props merged in as Radix's `asChild` merges them (the app's handler runs
 * first; its `preventDefault()` stops ours). The element stays at one place in the tree in
 * every state, so it keeps the focus across sign-in and sign-out; since the dialogs have no
 * Radix trigger of their own, the focus is handed back to it when they close.
 */
export function CustomTrigger({
  render,
  status,
  user,
  theme,
  onSignedIn,
}: {
  render: (props: AuthButtonRenderProps) => ReactNode
  status: AuthStatus
  user: User | null
  theme: Theme
  onSignedIn?: ((user: User) => void) | undefined
}): ReactNode {
  const [loginOpen, setLoginOpen] = useState(false)
  const [accountOpen, setAccountOpen] = useState(false)
  const [accountUsed, setAccountUsed] = useState(false)
  // State, not a ref: it is handed to the account dialog during render (to return the focus to).
  const [trigger, setTrigger] = useState<HTMLElement | null>(null)
  const signedIn = status === 'authenticated'
  // A dialog that no longer fits the state (signed in elsewhere, signed out from the panel) closes.
  if (loginOpen && signedIn) setLoginOpen(false)
  if (accountOpen && !signedIn) setAccountOpen(false)
  const isOpen = loginOpen || accountOpen

  const wasOpen = useRef(false)
  useEffect(() => {
    if (wasOpen.current && !isOpen) trigger?.focus()
    wasOpen.current = isOpen
  }, [isOpen, trigger])

  const open = () => {
    if (status === 'loading') return
    if (signedIn) {
      setAccountUsed(true)
      setAccountOpen(true)
    } else setLoginOpen(true)
  }
  const element = render({ status, user, name: user === null ? null : who(user), isOpen, open })
  if (!isValidElement<TriggerProps>(element)) {
    throw new TypeError('latchkey: AuthButton’s children function must return one element (your button), which receives the trigger’s props.')
  }
  const own = element.props
  const merged: TriggerProps = {
    ref: composeRefs(setTrigger, own.ref),
    onClick: (event) => {
      own.onClick?.(event)
      if (!event.defaultPrevented) open()
    },
    'aria-haspopup': 'dialog',
    'aria-expanded': status === 'loading' ? undefined : isOpen,
    'data-status': status,
    'data-state': isOpen ? 'open' : 'closed',
    ...(status === 'loading' ? { disabled: true, 'aria-busy': true } : {}),
  }

  return (
    <>
      {cloneElement(element, merged)}
      {signedIn ? null : <LoginModal open={loginOpen} onOpenChange={setLoginOpen} onSignedIn={onSignedIn} theme={theme} />}
      {signedIn && accountUsed ? (
        <Suspense fallback={null}>
          <AccountMenuDialog open={accountOpen} onOpenChange={setAccountOpen} theme={theme} returnFocus={{ current: trigger }} />
        </Suspense>
      ) : null}
      {signedIn ? <WalletMismatchPrompt theme={theme} /> : null}
    </>
  )
}
