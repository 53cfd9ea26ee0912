import type { Engine } from '../engine.js'

export type DismissExpiryWarningReturnType = void

/**
 * Hides the expiry warning of the current session in every tab of this browser: the
 * dismissal is written into the stored session record (so a reload and the other tabs
 * keep it), and the tabs are told to look. `state.expiryWarningDismissed` becomes `true`;
 * a new session (signing in again, another user) starts with it `false`. Does nothing when
 * signed out. Never throws.
 */
export function dismissExpiryWarning(engine: Engine): DismissExpiryWarningReturnType {
  engine.ensureInitialized()
  const state = engine.getState()
  if (state.status !== 'authenticated' || state.expiryWarningDismissed) return
  const sessionId = state.session.id
  // Storage, not memory, is the base: another tab may have rotated the tokens since this tab
  // last looked, and writing older tokens back would present a used refresh token later.
  const stored = engine.readStored()
  if (stored !== null && stored.session.id === sessionId) {
    engine.persist({ ...stored, expiryWarningDismissed: true })
    engine.broadcast({ v: 1, kind: 'expiry_warning_dismissed', sessionId, serverNow: stored.session.serverNow })
    // Adopts anything newer that storage held (tokens another tab rotated) along with the flag.
    engine.reconcile(engine.readStored())
  }
  // Memory too, for when storage refused the write: this tab hides the warning either way.
  engine.dispatch({ type: 'expiryWarningDismissed', sessionId })
}
