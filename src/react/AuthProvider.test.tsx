import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { act, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from '../core/index.js'
import type { SessionBody, TokenResponse } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import type { TestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { SignedIn } from './SignedIn.js'
import { SignedOut } from './SignedOut.js'
import { useAuthClient } from './useAuthClient.js'
import { useMessages } from './useMessages.js'
import { useUser } from './useUser.js'

/** A session body as a server-rendering app reads it (the raw token answer). */
async function serverSession(auth: TestAuth, email: string): Promise<SessionBody> {
  const post = (path: string, body: unknown) =>
    auth.fetch(`${auth.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
      body: JSON.stringify(body),
    })
  await post('/email/start', { email })
  const response = await post('/email/verify', { email, code: auth.lastCode(email) })
  return ((await response.json()) as TokenResponse).session
}

function Who() {
  const user = useUser()
  return <p>{user ? `signed in as ${user.email}` : 'nobody'}</p>
}

describe('AuthProvider', () => {
  test('parameters: client — hooks read that client', () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useAuthClient(), {
      wrapper: ({ children }) => <AuthProvider client={auth.client}>{children}</AuthProvider>,
    })
    expect(result.current).toBe(auth.client)
  })

  test('parameters: client options — the client is created once and kept across renders', async () => {
    const auth = createTestAuth()
    const fetch = vi.fn(auth.fetch)
    const storageAdapter = createMemoryStorage()
    const clients = new Set<unknown>()
    function Spy() {
      clients.add(useAuthClient())
      return <Who />
    }
    const ui = (label: string) => (
      <AuthProvider baseUrl={auth.baseUrl} fetch={fetch} storageAdapter={storageAdapter} channel={null} visibility={null}>
        <Spy />
        <span>{label}</span>
      </AuthProvider>
    )
    const { rerender } = render(ui('one'))
    rerender(ui('two'))
    expect(clients.size).toBe(1)
    expect(fetch).not.toHaveBeenCalled() // creating the client fetches nothing

    const [client] = clients as Set<ReturnType<typeof useAuthClient>>
    await act(async () => {
      await client!.startEmailSignIn({ email: 'ada@example.com' })
      await client!.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })
    })
    expect(fetch).toHaveBeenCalled()
    expect(screen.getByText('signed in as ada@example.com')).toBeInTheDocument()
  })

  test('parameters: messages — overrides apply over the defaults', () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useMessages(), {
      wrapper: ({ children }) => (
        <AuthProvider client={auth.client} messages={{ signIn: 'Se connecter', errors: { invalid_code: 'Code incorrect.' } }}>
          {children}
        </AuthProvider>
      ),
    })
    expect(result.current.signIn).toBe('Se connecter')
    expect(result.current.errors.invalid_code).toBe('Code incorrect.')
    expect(result.current.signOut).toBe('Sign out')
    expect(result.current.errors.code_expired).toBe('That code has expired. Ask for a new one.')
  })

  test('parameters: initialSession — the server render is signed in, and hydration matches', async () => {
    const auth = createTestAuth()
    const session = await serverSession(auth, 'ada@example.com')
    const options = { baseUrl: auth.baseUrl, fetch: auth.fetch, storage: 'cookie', initialSession: session } as const
    const ui = (children: ReactNode) => (
      <AuthProvider {...options} storageAdapter={createMemoryStorage()} channel={null} visibility={null} lock={null}>
        {children}
      </AuthProvider>
    )
    const html = renderToString(ui(<Who />))
    expect(html).toContain('signed in as ada@example.com')

    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const onRecoverableError = vi.fn()
    await act(async () => {
      hydrateRoot(container, ui(<Who />), { onRecoverableError })
    })
    expect(onRecoverableError).not.toHaveBeenCalled()
    expect(container.textContent).toBe('signed in as ada@example.com')
    container.remove()
  })

  test('behavior: without initialSession the server renders loading; the client then restores its session', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const ui = (
      <AuthProvider client={auth.client}>
        <SignedIn>
          <Who />
        </SignedIn>
        <SignedOut>
          <p>signed out</p>
        </SignedOut>
      </AuthProvider>
    )
    const html = renderToString(ui)
    expect(html).toBe('')

    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const onRecoverableError = vi.fn()
    await act(async () => {
      hydrateRoot(container, ui, { onRecoverableError })
    })
    expect(onRecoverableError).not.toHaveBeenCalled()
    expect(container.textContent).toBe('signed in as ada@example.com')
    container.remove()
  })

  test("behavior: latchkey's QueryClient does not shadow the app's", () => {
    const auth = createTestAuth()
    const appQueryClient = new QueryClient()
    const { result } = renderHook(() => useQueryClient(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={appQueryClient}>
          <AuthProvider client={auth.client}>{children}</AuthProvider>
        </QueryClientProvider>
      ),
    })
    expect(result.current).toBe(appQueryClient)
  })

  test('types: a client or client options, not both', () => {
    const auth = createTestAuth()
    // @ts-expect-error options belong to the client the provider creates
    void (<AuthProvider client={auth.client} baseUrl="/auth" />)
    // @ts-expect-error a given client brings its own initial session
    void (<AuthProvider client={auth.client} initialSession={null} />)
    void (<AuthProvider baseUrl="/auth" storage="cookie" initialSession={null} messages={{ signIn: 'Go' }} />)
  })

  test('behavior: hooks outside it throw an error naming the hook and the fix', () => {
    expect(() => renderHook(() => useAuthClient())).toThrow(
      "useAuthClient must be used inside <AuthProvider>. Wrap your app (or the part that signs people in) in <AuthProvider> from 'latchkey/react'.",
    )
    expect(() => renderHook(() => useMessages())).toThrow(/^useMessages must be used inside <AuthProvider>/)
  })
})
