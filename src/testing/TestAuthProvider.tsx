import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { AuthClient, AuthState } from '../core/index.js'
import { AuthProvider } from '../react/index.js'
import type { AuthProviderProps } from '../react/index.js'
import { createTestAuth } from './createTestAuth.js'
import type { CreateTestAuthOptions, TestAuth } from './createTestAuth.js'
import { createTestWalletAdapter } from './walletAdapter.js'
import type { TestWalletAdapter } from './walletAdapter.js'

/** Who `TestAuthProvider` signs in: an email (the email-code flow) or a test wallet (a real signature). */
export type TestSignedInAs = { email: string } | { wallet: TestWalletAdapter | true }

/** The state a `TestAuthProvider` starts in. Without any: signed out. */
export interface TestAuthStateOptions {
  signedInAs?: TestSignedInAs
  /** A wallet connected without signing (connect-only mode). */
  visitor?: boolean
  /** Signed in, with the session at its expiry warning. */
  expiring?: boolean
  /** Signed in, and the server cannot be reached (`network: 'offline'`). */
  offline?: boolean
  /** The state of a server render and the first hydration render, held there. */
  loading?: boolean
}

/** `TestAuthProvider`'s props: the start state, an optional `TestAuth`, and `AuthProvider`'s own. */
export type TestAuthProviderProps = TestAuthStateOptions & {
  /** A `TestAuth` to drive (and read mail from). Default: one made for this provider. */
  auth?: TestAuth
  /** Called once the start state is reached, with the `TestAuth` in use. */
  onReady?: (auth: TestAuth) => void
  /** Rendered while the start state is being reached (real requests, a few ms). Default nothing. */
  fallback?: ReactNode
  children?: ReactNode
} & Pick<AuthProviderProps, 'locale' | 'messages' | 'queryClient'>

/**
 * The `TestAuth` options a start state needs when `TestAuthProvider` makes its own: a test
 * wallet for wallet sign-in and visitors, and a session already inside its warning for
 * `expiring` (4:59 left of a 10-minute session), so no clock has to move.
 */
export function testAuthOptionsFor(state: TestAuthStateOptions): CreateTestAuthOptions {
  const wallet = state.signedInAs && 'wallet' in state.signedInAs ? state.signedInAs.wallet : undefined
  const adapter = wallet === undefined ? (state.visitor ? createTestWalletAdapter() : undefined) : wallet === true ? createTestWalletAdapter() : wallet
  // The wallet signs for the page it is on; the server must live there too.
  const pageOrigin = adapter && typeof location !== 'undefined' && location.origin.startsWith('http') ? location.origin : undefined
  return {
    ...(pageOrigin ? { origin: pageOrigin } : {}),
    ...(state.expiring ? { server: { sessionTtl: 299, accessTokenTtl: 299 } } : {}),
    client: {
      ...(adapter ? { wallets: [adapter] } : {}),
      ...(state.visitor ? { mode: 'connect-only' as const } : {}),
    },
  }
}

/**
 * Drives `auth` into a start state with real requests: the email flow or a wallet signature,
 * a wallet connection for a visitor, the warning for `expiring` (by `advanceToWarning` unless
 * the session is already inside it), a failed refresh for `offline`.
 *
 * @example
 * const auth = createTestAuth(testAuthOptionsFor({ signedInAs: { wallet: true } }))
 * await prepareTestAuth(auth, { signedInAs: { wallet: true } })
 */
export async function prepareTestAuth(auth: TestAuth, state: TestAuthStateOptions): Promise<void> {
  const chosen = [state.signedInAs && 'signedInAs', state.visitor && 'visitor', state.loading && 'loading'].filter(Boolean)
  if (chosen.length > 1) {
    throw new TypeError(`latchkey/testing: pick one of signedInAs, visitor and loading; got ${chosen.join(' and ')}.`)
  }
  if (state.loading) return
  if (state.visitor) {
    await auth.client.connectWallet()
    return
  }
  const signedInAs = state.signedInAs ?? (state.expiring || state.offline ? { email: 'ada@example.com' } : undefined)
  if (signedInAs === undefined) return
  if ('email' in signedInAs) await auth.signIn(signedInAs.email)
  else await auth.client.signInWithWallet()
  if (state.expiring) {
    const now = auth.client.getState()
    if (now.status === 'authenticated' && !now.expiring) await auth.advanceToWarning()
  }
  if (state.offline) {
    auth.offline = true
    // A refresh that cannot reach the server marks the session offline and keeps it.
    await auth.client.refresh().catch(() => {})
  }
}

const prepared = new WeakMap<TestAuth, Promise<void>>()

/**
 * As during server rendering: the client's initial state (`loading` without an
 * `initialSession`), held — the engine itself never stays there in a browser.
 */
function heldAtInitialState(client: AuthClient): AuthClient {
  const initial: AuthState = client.getInitialState()
  return Object.assign(Object.create(client) as AuthClient, {
    getState: () => initial,
    subscribe: () => () => {},
  })
}

/**
 * An `AuthProvider` over a real in-process latchkey (`createTestAuth`) that starts in the
 * state you name: signed in by email or wallet, visitor, expiring, offline, loading. Its
 * children render once that state is reached, so their first render is already in it: use
 * `findBy…` queries. Pass `auth` to keep driving it (read codes, go offline, move the clock).
 *
 * @example
 * render(<TestAuthProvider signedInAs={{ email: 'ada@example.com' }}><App /></TestAuthProvider>)
 * expect(await screen.findByRole('button', { name: 'Signed in as ada@example.com' })).toBeVisible()
 */
export function TestAuthProvider(props: TestAuthProviderProps): ReactNode {
  const { auth: given, onReady, fallback = null, children, locale, messages, queryClient, ...state } = props
  const [auth] = useState(() => given ?? createTestAuth(testAuthOptionsFor(state)))
  const [client, setClient] = useState<AuthClient | null>(null)
  const [failure, setFailure] = useState<unknown>(null)
  useEffect(() => {
    let live = true
    // Once per TestAuth, so StrictMode's second effect does not sign in twice.
    let preparing = prepared.get(auth)
    if (!preparing) prepared.set(auth, (preparing = prepareTestAuth(auth, state)))
    preparing.then(
      () => {
        if (!live) return
        setClient(state.loading ? heldAtInitialState(auth.client) : auth.client)
        onReady?.(auth)
      },
      (error: unknown) => live && setFailure(error),
    )
    return () => {
      live = false
    }
    // The start state is read once, on mount, like a `defaultValue`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [auth])
  // Rethrown in render so the test sees why the start state could not be reached.
  if (failure !== null) throw failure
  if (client === null) return fallback
  return (
    <AuthProvider client={client} locale={locale} messages={messages} queryClient={queryClient}>
      {children}
    </AuthProvider>
  )
}
