import { act, render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { useAuthState, useUser } from '../react/index.js'
import { createTestAuth } from './createTestAuth.js'
import type { TestAuth } from './createTestAuth.js'
import { TestAuthProvider, prepareTestAuth } from './TestAuthProvider.js'
import { createTestWalletAdapter } from './walletAdapter.js'

function Status() {
  const state = useAuthState((s) => s)
  const user = useUser()
  const detail =
    state.status === 'authenticated'
      ? `${user?.email ?? user?.verifiedCredentials.find((c) => c.address)?.address ?? '?'} network=${state.network} expiring=${state.expiring}`
      : state.status === 'visitor'
        ? state.wallet.address
        : ''
  return <p data-testid="status">{`${state.status} ${detail}`.trim()}</p>
}

const status = async () => (await screen.findByTestId('status')).textContent

afterEach(() => {
  vi.useRealTimers()
})

describe('TestAuthProvider', () => {
  test('default: signed out', async () => {
    render(<TestAuthProvider><Status /></TestAuthProvider>)
    expect(await status()).toBe('unauthenticated')
  })

  test('parameters: signedInAs email — the first render of the children is signed in', async () => {
    const seen: string[] = []
    function Spy() {
      seen.push(useAuthState((s) => s.status))
      return <Status />
    }
    render(<TestAuthProvider signedInAs={{ email: 'ada@example.com' }}><Spy /></TestAuthProvider>)
    expect(await status()).toBe('authenticated ada@example.com network=online expiring=false')
    expect(seen[0]).toBe('authenticated')
  })

  test('behavior: StrictMode runs effects twice, the sign-in happens once', async () => {
    const auth = createTestAuth()
    render(
      <StrictMode>
        <TestAuthProvider auth={auth} signedInAs={{ email: 'ada@example.com' }}><Status /></TestAuthProvider>
      </StrictMode>,
    )
    expect(await status()).toBe('authenticated ada@example.com network=online expiring=false')
    expect(auth.mailer.mails).toHaveLength(1)
  })

  test('parameters: signedInAs wallet — a real signature the server verified', async () => {
    const wallet = createTestWalletAdapter()
    render(<TestAuthProvider signedInAs={{ wallet }}><Status /></TestAuthProvider>)
    expect(await status()).toBe(`authenticated ${wallet.address} network=online expiring=false`)
    expect(wallet.signed).toHaveLength(1)
  })

  test('parameters: visitor — a wallet connected, nothing signed', async () => {
    let auth: TestAuth | undefined
    render(<TestAuthProvider visitor onReady={(ready) => (auth = ready)}><Status /></TestAuthProvider>)
    expect(await status()).toMatch(/^visitor 0x[0-9a-fA-F]{40}$/)
    expect(auth!.mailer.mails).toHaveLength(0)
    expect(auth!.client.getState().status).toBe('visitor')
  })

  test('parameters: expiring — at the warning, with the countdown under five minutes', async () => {
    let auth: TestAuth | undefined
    render(<TestAuthProvider expiring onReady={(ready) => (auth = ready)}><Status /></TestAuthProvider>)
    expect(await status()).toBe('authenticated ada@example.com network=online expiring=true')
    const state = auth!.client.getState()
    expect(state.status === 'authenticated' && state.session.expiresAt - Date.now()).toBeLessThanOrEqual(5 * 60_000)
  })

  test('parameters: expiring with an auth of your own — moves its clock to the warning', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 9), shouldAdvanceTime: true })
    const auth = createTestAuth({ advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms) })
    // Not findBy: moving the clock 7 days would also fire its timeout.
    const ready = new Promise((resolve) => {
      render(<TestAuthProvider auth={auth} signedInAs={{ email: 'bo@example.com' }} expiring onReady={resolve}><Status /></TestAuthProvider>)
    })
    await act(() => ready)
    expect(screen.getByTestId('status')).toHaveTextContent('authenticated bo@example.com network=online expiring=true')
    expect(Date.now()).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 29, 9) - 5 * 60_000)
  })

  test('parameters: offline — signed in, the server out of reach', async () => {
    let auth: TestAuth | undefined
    render(<TestAuthProvider offline onReady={(ready) => (auth = ready)}><Status /></TestAuthProvider>)
    expect(await status()).toBe('authenticated ada@example.com network=offline expiring=false')
    auth!.offline = false
    await act(() => auth!.client.refresh())
    expect(await status()).toBe('authenticated ada@example.com network=online expiring=false')
  })

  test('parameters: loading — held where a server render starts', async () => {
    render(<TestAuthProvider loading><Status /></TestAuthProvider>)
    expect(await status()).toBe('loading')
  })

  test('behavior: a state that cannot be reached says why', async () => {
    const auth = createTestAuth()
    await expect(prepareTestAuth(auth, { signedInAs: { email: 'ada@example.com' }, loading: true })).rejects.toThrow(
      /pick one of signedInAs, visitor and loading/,
    )
    await expect(prepareTestAuth(auth, { expiring: true })).rejects.toThrow(/needs a way to move time/)
  })
})
