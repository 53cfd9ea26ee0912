import { render, renderHook, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useMessages } from './useMessages.js'

function SignInLabel() {
  return <button type="button">{useMessages().signIn}</button>
}

describe('AuthProvider locale', () => {
  test('parameters: locale — French strings render once the French messages have loaded', async () => {
    const auth = createTestAuth()
    render(
      <AuthProvider client={auth.client} locale="fr">
        <SignInLabel />
      </AuthProvider>,
    )
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument()
  })

  test('parameters: messages — overrides win over the locale, the rest of the locale applies', async () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useMessages(), {
      wrapper: ({ children }) => (
        <AuthProvider client={auth.client} locale="fr-CA" messages={{ signIn: 'Connexion', errors: { invalid_code: 'Non.' } }}>
          {children}
        </AuthProvider>
      ),
    })
    await waitFor(() => expect(result.current.signOut).toBe('Se déconnecter'))
    expect(result.current.signIn).toBe('Connexion')
    expect(result.current.errors.invalid_code).toBe('Non.')
    expect(result.current.errors.invalid_email).toBe('Saisissez une adresse e-mail valide.')
  })

  test('behavior: a language latchkey does not ship stays English', () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useMessages(), {
      wrapper: ({ children }) => (
        <AuthProvider client={auth.client} locale="de">
          {children}
        </AuthProvider>
      ),
    })
    expect(result.current).toBe(auth.client.messages)
  })
})
