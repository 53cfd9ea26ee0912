// The first client render matches the server's (issue 6). The session body comes from the sign-in
// answer here: happy-dom hides Set-Cookie; render.node.test.tsx reads it from the cookie, as docs/nextjs.md does.
import { act } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from '../../src/core/index.js'
import type { SessionBody } from '../../src/core/index.js'
import { AuthProvider } from '../../src/react/index.js'
import { messages as fr } from '../../src/core/locales/fr.js'
import { AuthButton } from '../../src/ui/index.js'
import { cookieModeServer, origin } from './initialSession.js'

afterEach(() => {
  document.body.innerHTML = ''
})

/** Server-renders, then hydrates the same tree; returns the container and every complaint React made. */
async function serverThenHydrate(initialSession: SessionBody | null, storageAdapter = createMemoryStorage()) {
  const ui = () => (
    <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={initialSession} storageAdapter={storageAdapter} channel={null} visibility={null}>
      <AuthButton />
    </AuthProvider>
  )
  const html = renderToString(ui())
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const complaints: unknown[] = []
  const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => complaints.push(args))
  const consoleWarn = vi.spyOn(console, 'warn').mockImplementation((...args) => complaints.push(args))
  let root: ReturnType<typeof hydrateRoot> | undefined
  await act(async () => {
    root = hydrateRoot(container, ui(), { onRecoverableError: (error) => complaints.push(error) })
  })
  consoleError.mockRestore()
  consoleWarn.mockRestore()
  return { html, container, complaints, unmount: () => act(() => root!.unmount()) }
}

describe('hydration', () => {
  test('parameters: initialSession — signed in on the server, and the client render matches it', async () => {
    const { signInSession } = await cookieModeServer()
    const session = await signInSession('ada@example.com')
    const { html, container, complaints, unmount } = await serverThenHydrate(session)
    expect(html).toContain('Signed in as ada@example.com')
    expect(complaints).toEqual([])
    expect(container.querySelector('[data-status]')).toHaveAttribute('data-status', 'authenticated')
    expect(container.querySelector('button')).toHaveAccessibleName('Signed in as ada@example.com')
    unmount()
  })

  test('behavior: a stale stored session of someone else does not leak into the first render', async () => {
    const { signInSession } = await cookieModeServer()
    const stale = await signInSession('old@example.com')
    const storage = createMemoryStorage({ 'latchkey.session': JSON.stringify({ v: 1, mode: 'cookie', session: stale, skew: 0 }) })
    const session = await signInSession('ada@example.com')
    const { complaints, container, unmount } = await serverThenHydrate(session, storage)
    expect(complaints).toEqual([])
    expect(container.querySelector('button')).toHaveAccessibleName('Signed in as ada@example.com')
    unmount()
  })

  test('parameters: initialSession null — signed out on both sides', async () => {
    const { complaints, container, unmount } = await serverThenHydrate(null)
    expect(complaints).toEqual([])
    expect(container.querySelector('button')).toHaveAccessibleName('Sign in')
    unmount()
  })

  test('parameters: locale — French from the first paint when both sides get its messages (docs/nextjs.md)', async () => {
    const { signInSession } = await cookieModeServer()
    const session = await signInSession('ada@example.com')
    const ui = () => (
      <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={session} storageAdapter={createMemoryStorage()} channel={null} visibility={null} locale="fr" messages={fr}>
        <AuthButton />
      </AuthProvider>
    )
    const html = renderToString(ui())
    expect(html).toContain('Connecté en tant que ada@example.com')
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const complaints: unknown[] = []
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => complaints.push(args))
    let root: ReturnType<typeof hydrateRoot> | undefined
    await act(async () => {
      root = hydrateRoot(container, ui(), { onRecoverableError: (error) => complaints.push(error) })
    })
    consoleError.mockRestore()
    expect(complaints).toEqual([])
    expect(container.querySelector('button')).toHaveAccessibleName('Connecté en tant que ada@example.com')
    act(() => root!.unmount())
  })

  test('behavior: the test notices a mismatch (it is not blind)', async () => {
    const { signInSession } = await cookieModeServer()
    const session = await signInSession('ada@example.com')
    const html = renderToString(
      <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={session}>
        <AuthButton />
      </AuthProvider>,
    )
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const complaints: unknown[] = []
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => complaints.push(args))
    await act(async () => {
      hydrateRoot(
        container,
        <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={null} storageAdapter={createMemoryStorage()} channel={null} visibility={null}>
          <AuthButton />
        </AuthProvider>,
        { onRecoverableError: (error) => complaints.push(error) },
      )
    })
    consoleError.mockRestore()
    expect(complaints.length).toBeGreaterThan(0)
  })
})
