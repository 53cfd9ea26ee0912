import { renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { defaultMessages } from '../core/index.js'
import { createTestAuth } from '../testing/index.js'
import { AuthProvider } from './AuthProvider.js'
import { useMessages } from './useMessages.js'

// A language pack that lags behind English (a key added since it was translated).
vi.mock('../core/locales/fr.js', () => ({ messages: { signIn: 'Se connecter', errors: { invalid_code: 'Code incorrect.' } } }))

describe('AuthProvider locale fallback', () => {
  test('behavior: keys the locale lacks fall back to English', async () => {
    const auth = createTestAuth()
    const { result } = renderHook(() => useMessages(), {
      wrapper: ({ children }) => (
        <AuthProvider client={auth.client} locale="fr">
          {children}
        </AuthProvider>
      ),
    })
    await waitFor(() => expect(result.current.signIn).toBe('Se connecter'))
    expect(result.current.signOut).toBe(defaultMessages.signOut)
    expect(result.current.errors.invalid_code).toBe('Code incorrect.')
    expect(result.current.errors.invalid_email).toBe(defaultMessages.errors.invalid_email)
    expect(result.current.signedOutReason).toEqual(defaultMessages.signedOutReason)
  })
})
