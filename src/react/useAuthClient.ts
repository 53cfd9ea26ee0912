import type { AuthClient } from '../core/index.js'
import { useAuthContext } from './context.js'

/**
 * The `AuthClient` of the nearest `<AuthProvider>`, for actions no hook wraps yet
 * (`client.fetch`, `client.getAccessToken`, `client.onAuthStateChange`).
 *
 * @example
 * const client = useAuthClient()
 * const response = await client.fetch('/api/orders')
 */
export function useAuthClient(): AuthClient {
  return useAuthContext('useAuthClient').client
}
