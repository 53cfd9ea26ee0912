import { describe, expect, test } from 'vitest'
import { initialMachineState, transition } from './machine.js'
import type { LocalSession, MachineState } from './machine.js'
import type { User } from './protocol.js'

/** The machine's part of issue 3's visible expiry: dismissal, and sign-in over a session. */

const config = { warnBefore: 5 * 60_000 }
const T = 1_000_000_000
const ada: User = {
  id: 'user_ada',
  email: 'ada@example.com',
  alias: null,
  name: null,
  verifiedCredentials: [{ id: 'cred_1', format: 'email', email: 'ada@example.com' }],
  primaryWalletId: null,
  createdAt: 0,
}
const grace: User = { ...ada, id: 'user_grace', email: 'grace@example.com', verifiedCredentials: [] }
const session = (overrides: Partial<LocalSession> = {}): LocalSession => ({
  id: 'sess_1',
  user: ada,
  accessTokenExpiresAt: T + 15 * 60_000,
  expiresAt: T + 60 * 60_000,
  refreshAt: T + 14 * 60_000,
  ...overrides,
})
const restored = (overrides: Partial<LocalSession> = {}): MachineState =>
  transition(initialMachineState, { type: 'restored', session: session(overrides), now: T }, config).state
const auth = (state: MachineState) => {
  if (state.auth.status !== 'authenticated') throw new Error(`expected authenticated, got ${state.auth.status}`)
  return state.auth
}

describe('expiry warning dismissal', () => {
  test('default: a session starts with the warning not dismissed', () => {
    expect(auth(restored()).expiryWarningDismissed).toBe(false)
  })

  test('behavior: dismissing the current session sets the field and emits nothing', () => {
    const result = transition(restored(), { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config)
    expect(auth(result.state).expiryWarningDismissed).toBe(true)
    expect(auth(result.state).status).toBe('authenticated')
    expect(result.effects).toEqual([])
  })

  test('behavior: a dismissal for another session, or when signed out, changes nothing', () => {
    const state = restored()
    expect(transition(state, { type: 'expiryWarningDismissed', sessionId: 'sess_other' }, config).state).toBe(state)
    const out = transition(state, { type: 'signedOut', reason: 'user', origin: 'local' }, config).state
    expect(transition(out, { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state).toBe(out)
  })

  test('behavior: dismissing twice keeps the same state object (no notification)', () => {
    const once = transition(restored(), { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state
    expect(transition(once, { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state).toBe(once)
  })

  test('behavior: a restored record that says dismissed restores dismissed', () => {
    expect(auth(restored({ expiryWarningDismissed: true })).expiryWarningDismissed).toBe(true)
  })

  test('behavior: a refresh of the same session keeps the dismissal', () => {
    const dismissed = transition(restored(), { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state
    const next = session({ accessTokenExpiresAt: T + 30 * 60_000, refreshAt: T + 29 * 60_000 })
    const result = transition(dismissed, { type: 'refreshed', session: next, now: T + 14 * 60_000 }, config)
    expect(auth(result.state).expiryWarningDismissed).toBe(true)
  })

  test('behavior: a new session shows the warning again, even for the same user', () => {
    const dismissed = transition(restored(), { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state
    const result = transition(dismissed, { type: 'signedIn', session: session({ id: 'sess_2' }), now: T }, config)
    expect(auth(result.state).expiryWarningDismissed).toBe(false)
  })

  test('behavior: a new SESSION_EXPIRING for a new session is not hidden by the old dismissal', () => {
    const nearEnd = T + 56 * 60_000
    let state = transition(restored(), { type: 'tick', now: nearEnd }, config).state
    state = transition(state, { type: 'expiryWarningDismissed', sessionId: 'sess_1' }, config).state
    expect(auth(state)).toMatchObject({ expiring: true, expiryWarningDismissed: true })
    // Signed in again (a new session, ending later), which nears its own end in turn.
    const later = session({ id: 'sess_2', expiresAt: nearEnd + 60 * 60_000 })
    state = transition(state, { type: 'signedIn', session: later, now: nearEnd }, config).state
    expect(auth(state)).toMatchObject({ expiring: false, expiryWarningDismissed: false })
    const warned = transition(state, { type: 'tick', now: later.expiresAt - 60_000 }, config)
    expect(warned.effects).toContainEqual({ type: 'emit', event: { type: 'SESSION_EXPIRING' } })
    expect(auth(warned.state)).toMatchObject({ expiring: true, expiryWarningDismissed: false })
  })
})

describe('signing in over a session', () => {
  test('behavior: the same user replaces the session, keeps the user object, emits SIGNED_IN only', () => {
    const before = restored()
    const result = transition(before, { type: 'signedIn', session: session({ id: 'sess_2', user: { ...ada } }), now: T }, config)
    expect(auth(result.state).session.id).toBe('sess_2')
    expect(auth(result.state).user).toBe(auth(before).user)
    expect(result.effects).toEqual([{ type: 'emit', event: { type: 'SIGNED_IN' } }])
  })

  test('behavior: another user is a sign-out (reason user) followed by a sign-in', () => {
    const result = transition(restored(), { type: 'signedIn', session: session({ id: 'sess_2', user: grace }), now: T }, config)
    expect(auth(result.state).user).toBe(grace)
    expect(result.effects).toEqual([
      { type: 'emit', event: { type: 'SIGNED_OUT', reason: 'user' } },
      { type: 'emit', event: { type: 'SIGNED_IN' } },
    ])
  })

  test('parameters: origin remote (another tab signed in as someone else) says other_tab', () => {
    const result = transition(
      restored(),
      { type: 'signedIn', session: session({ id: 'sess_2', user: grace }), now: T, origin: 'remote' },
      config,
    )
    expect(result.effects).toEqual([
      { type: 'emit', event: { type: 'SIGNED_OUT', reason: 'other_tab' } },
      { type: 'emit', event: { type: 'SIGNED_IN' } },
    ])
  })

  test('behavior: from signed out, a sign-in emits SIGNED_IN only', () => {
    const out = transition(restored(), { type: 'signedOut', reason: 'user', origin: 'local' }, config).state
    const result = transition(out, { type: 'signedIn', session: session({ user: grace }), now: T }, config)
    expect(result.effects).toEqual([{ type: 'emit', event: { type: 'SIGNED_IN' } }])
  })
})
