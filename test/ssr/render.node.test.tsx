// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { AuthProvider } from '../../src/react/index.js'
import { AuthButton } from '../../src/ui/index.js'
import { cookieModeServer, initialSessionFromCookies, origin } from './initialSession.js'

describe('server rendering in Node', () => {
  test('default: AuthProvider + AuthButton render to a string with no window, as loading', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    const html = renderToString(
      <AuthProvider baseUrl={`${origin}/auth`} storage="cookie">
        <AuthButton />
      </AuthProvider>,
    )
    expect(html).toContain('data-status="loading"')
    expect(html).toContain('Loading…')
  })

  test('parameters: initialSession — the first paint is already signed in', async () => {
    const { server, signIn } = await cookieModeServer()
    const session = await initialSessionFromCookies(server, await signIn('ada@example.com'))
    expect(session?.user.email).toBe('ada@example.com')
    const html = renderToString(
      <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={session}>
        <AuthButton />
      </AuthProvider>,
    )
    expect(html).toContain('data-status="authenticated"')
    expect(html).toContain('Signed in as ada@example.com')
  })

  test('parameters: initialSession null — no cookie renders signed out, never a crash on a bad one', async () => {
    const { server } = await cookieModeServer()
    expect(await initialSessionFromCookies(server, 'latchkey_access=not-a-jwt')).toBeNull()
    const html = renderToString(
      <AuthProvider baseUrl={`${origin}/auth`} storage="cookie" initialSession={null}>
        <AuthButton />
      </AuthProvider>,
    )
    expect(html).toContain('data-status="unauthenticated"')
    expect(html).toContain('>Sign in<')
  })
})
