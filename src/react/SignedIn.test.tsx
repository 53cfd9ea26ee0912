import { act, render, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { SignedIn } from './SignedIn.js'
import { SignedOut } from './SignedOut.js'

const tree = (
  <>
    <SignedIn fallback={<p>not signed in</p>}>
      <p>welcome back</p>
    </SignedIn>
    <SignedOut>
      <p>please sign in</p>
    </SignedOut>
  </>
)

describe('<SignedIn> / <SignedOut>', () => {
  test('default: follow the session, both ways', async () => {
    const auth = createTestAuth()
    render(<AuthProvider client={auth.client}>{tree}</AuthProvider>)
    expect(screen.getByText('please sign in')).toBeInTheDocument()
    expect(screen.getByText('not signed in')).toBeInTheDocument()
    expect(screen.queryByText('welcome back')).toBeNull()

    await act(() => auth.signIn())
    expect(screen.getByText('welcome back')).toBeInTheDocument()
    expect(screen.queryByText('please sign in')).toBeNull()

    await act(() => auth.client.signOut())
    expect(screen.getByText('please sign in')).toBeInTheDocument()
    expect(screen.queryByText('welcome back')).toBeNull()
  })

  test('behavior: a stored session shows as signed in on the very first render', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    const reloaded = auth.reload()
    const html: string[] = []
    function Spy() {
      html.push(document.body.innerHTML)
      return null
    }
    render(
      <AuthProvider client={reloaded}>
        {tree}
        <Spy />
      </AuthProvider>,
    )
    expect(screen.getByText('welcome back')).toBeInTheDocument()
    expect(html.every((markup) => !markup.includes('please sign in'))).toBe(true)
  })

  test('behavior: on the server, neither renders while the state is loading', () => {
    const auth = createTestAuth()
    const html = renderToString(<AuthProvider client={auth.client}>{tree}</AuthProvider>)
    expect(html).not.toContain('welcome back')
    expect(html).not.toContain('please sign in')
    expect(html).toContain('not signed in')
  })

  test('behavior: outside <AuthProvider> they throw an error naming the component', () => {
    expect(() => render(<SignedIn />)).toThrow(/<SignedIn> must be used inside <AuthProvider>/)
    expect(() => render(<SignedOut />)).toThrow(/<SignedOut> must be used inside <AuthProvider>/)
  })
})

