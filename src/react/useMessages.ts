import type { Messages } from '../core/index.js'
import { useAuthContext } from './context.js'

/**
 * Every user-visible string: the defaults with `AuthProvider`'s `messages` overrides
 * applied. Components read their text here, and so can headless UIs.
 *
 * @example
 * const messages = useMessages()
 * return <button>{messages.signIn}</button>
 */
export function useMessages(): Messages {
  return useAuthContext('useMessages').messages
}
