import { describe, expect, test } from 'vitest'
import { initialMachineState, nextDeadline, toLocalSession, transition } from './machine.js'
import type { LocalSession, MachineState } from './machine.js'
import type { SessionBody, User } from './protocol.js'

const config = { warnBefore: 5 * 60_000 }
const user: User = {
  id: 'user_1',
  email: 'ada@example.com',
  alias: null,
  name: null,
  verifiedCredentials: [{ id: 'cred_1', format: 'email', email: 'ada@example.com' }],
  primaryWalletId: null,
  createdAt: 0,
}
const T = 1_000_000_000
const session = (overrides: Partial<LocalSession> = {}): LocalSession => ({
  id: 'sess_1',
  user,
  accessTokenExpiresAt: T + 15 * 60_000,
  expiresAt: T + 60 * 60_000,
  refreshAt: T + 14 * 60_000,
  ...overrides,
})
const signedIn = (): MachineState => transition(initialMachineState, { type: 'restored', session: session(), now: T }, config).state

describe('toLocalSession', () => {
  const body: SessionBody = { id: 's', user, accessTokenExpiresAt: T + 15 * 60_000, expiresAt: T + 7 * 86_400_000, serverNow: T }

  test('default', () => {
    expect(toLocalSession(body, 0, 60_000)).toMatchObject({ accessTokenExpiresAt: T + 15 * 60_000, refreshAt: T + 14 * 60_000 })
  })

  test('parameters: skew moves every deadline to the local clock', () => {
    const local = toLocalSession(body, -3_600_000, 60_000) // local clock one hour ahead
    expect(local.accessTokenExpiresAt).toBe(T + 15 * 60_000 + 3_600_000)
    expect(local.expiresAt).toBe(body.expiresAt + 3_600_000)
    expect(local.refreshAt).toBe(T + 14 * 60_000 + 3_600_000)
  })

  test('behavior: the margin is clamped to half of a short token', () => {
    const short = { ...body, accessTokenExpiresAt: T + 10_000 }
    expect(toLocalSession(short, 0, 60_000).refreshAt).toBe(T + 5_000)
  })

  test('behavior: the token that lasts until the session ends is never refreshed', () => {
    // Near the end the server caps the token at the session's end: a refresh would return the
    // same deadline, and the margin rule would repeat it every few seconds until the end.
    const last = { ...body, accessTokenExpiresAt: T + 30_000, expiresAt: T + 30_000 }
    const local = toLocalSession(last, 0, 60_000)
    expect(local.refreshAt).toBe(Number.POSITIVE_INFINITY)
    const state = transition(initialMachineState, { type: 'restored', session: local, now: T }, config).state
    expect(nextDeadline(state, config)).toBe(T + 30_000)
    expect(transition(state, { type: 'tick', now: T + 29_999 }, config).effects).toEqual([])
  })

  test('behavior: a token that arrives already expired is not refreshed in a loop', () => {
    const broken = { ...body, accessTokenExpiresAt: T - 1 }
    expect(toLocalSession(broken, 0, 60_000).refreshAt).toBeGreaterThanOrEqual(T)
  })
})

describe('transition', () => {
  test('restored: nothing stored is unauthenticated, no events', () => {
    const result = transition(initialMachineState, { type: 'restored', session: null, now: T }, config)
    expect(result.state.auth).toEqual({ status: 'unauthenticated' })
    expect(result.effects).toEqual([])
  })

  test('restored: a stored session is authenticated without events', () => {
    const result = transition(initialMachineState, { type: 'restored', session: session(), now: T }, config)
    expect(result.state.auth).toMatchObject({ status: 'authenticated', user, network: 'online', expiring: false, walletMismatch: null })
    expect(result.effects).toEqual([])
  })

  test('restored: a session past its absolute end is cleared', () => {
    const result = transition(initialMachineState, { type: 'restored', session: session(), now: T + 60 * 60_000 }, config)
    expect(result.state.auth.status).toBe('unauthenticated')
    expect(result.effects).toEqual([{ type: 'clearStorage' }])
  })

  test('refreshed: same user keeps the same object and emits TOKEN_REFRESHED only', () => {
    const state = signedIn()
    const next = session({ user: structuredClone(user), accessTokenExpiresAt: T + 29 * 60_000, refreshAt: T + 28 * 60_000 })
    const result = transition(state, { type: 'refreshed', session: next, now: T + 14 * 60_000 }, config)
    expect(result.state.auth.status === 'authenticated' && result.state.auth.user).toBe(
      state.auth.status === 'authenticated' && state.auth.user,
    )
    expect(result.effects).toEqual([{ type: 'emit', event: { type: 'TOKEN_REFRESHED' } }])
  })

  test('refreshed: a changed user emits USER_UPDATED too', () => {
    const result = transition(signedIn(), { type: 'refreshed', session: session({ user: { ...user, name: 'Ada' } }), now: T }, config)
    expect(result.effects).toContainEqual({ type: 'emit', event: { type: 'USER_UPDATED' } })
  })

  test('refreshed: for another session (stale) is ignored', () => {
    const state = signedIn()
    const result = transition(state, { type: 'refreshed', session: session({ id: 'other' }), now: T }, config)
    expect(result.state).toBe(state)
    expect(result.effects).toEqual([])
  })

  test('tick: nothing due returns the same state object', () => {
    const state = signedIn()
    const result = transition(state, { type: 'tick', now: T + 1_000 }, config)
    expect(result.state).toBe(state)
    expect(result.effects).toEqual([])
  })

  test('tick: refresh due asks for a refresh', () => {
    const result = transition(signedIn(), { type: 'tick', now: T + 14 * 60_000 }, config)
    expect(result.effects).toEqual([{ type: 'refresh' }])
  })

  test('tick: offline leaves retrying to the backoff', () => {
    const offline = transition(signedIn(), { type: 'offline' }, config).state
    expect(offline.auth).toMatchObject({ network: 'offline', status: 'authenticated' })
    expect(transition(offline, { type: 'tick', now: T + 14 * 60_000 }, config).effects).toEqual([])
  })

  test('tick: warning time sets expiring and emits SESSION_EXPIRING once', () => {
    const warned = transition(signedIn(), { type: 'tick', now: T + 55 * 60_000 }, config)
    expect(warned.state.auth).toMatchObject({ expiring: true })
    expect(warned.effects).toContainEqual({ type: 'emit', event: { type: 'SESSION_EXPIRING' } })
    const again = transition(warned.state, { type: 'tick', now: T + 56 * 60_000 }, config)
    expect(again.effects).not.toContainEqual({ type: 'emit', event: { type: 'SESSION_EXPIRING' } })
  })

  test('tick: the absolute end signs out with reason expired and clears storage', () => {
    const result = transition(signedIn(), { type: 'tick', now: T + 60 * 60_000 }, config)
    expect(result.state.auth).toEqual({ status: 'unauthenticated' })
    expect(result.effects).toEqual([{ type: 'clearStorage' }, { type: 'emit', event: { type: 'SIGNED_OUT', reason: 'expired' } }])
  })

  test('signedOut: remote sign-out does not touch storage; a second one is a no-op', () => {
    const result = transition(signedIn(), { type: 'signedOut', reason: 'other_tab', origin: 'remote' }, config)
    expect(result.effects).toEqual([{ type: 'emit', event: { type: 'SIGNED_OUT', reason: 'other_tab' } }])
    const again = transition(result.state, { type: 'signedOut', reason: 'other_tab', origin: 'remote' }, config)
    expect(again.state).toBe(result.state)
    expect(again.effects).toEqual([])
  })

  test('online/offline: no change returns the same state', () => {
    const state = signedIn()
    expect(transition(state, { type: 'online' }, config).state).toBe(state)
  })

  test('nextDeadline: earliest of refresh, warning and end', () => {
    expect(nextDeadline(signedIn(), config)).toBe(T + 14 * 60_000)
    expect(nextDeadline({ auth: { status: 'unauthenticated' }, refreshAt: null }, config)).toBeNull()
  })
})

// --- wallets (issue 4, wallet-client) ---------------------------------------------------
describe('transition: wallets', () => {
  const wallet = { chain: 'eip155', address: '0xabc', walletName: 'Dev wallet' }
  const signedOut = (): MachineState => transition(initialMachineState, { type: 'restored', session: null, now: T }, config).state

  test('visitor: a connected wallet makes a signed-out state a visitor, without events', () => {
    const result = transition(signedOut(), { type: 'visitor', wallet }, config)
    expect(result.state.auth).toEqual({ status: 'visitor', wallet })
    expect(result.effects).toEqual([])
    // The same wallet again changes nothing (same object: no re-render).
    expect(transition(result.state, { type: 'visitor', wallet: { ...wallet } }, config).state).toBe(result.state)
    // The wallet goes away: signed out.
    expect(transition(result.state, { type: 'visitor', wallet: null }, config).state.auth).toEqual({ status: 'unauthenticated' })
  })

  test('visitor: ignored while signed in or loading', () => {
    const state = signedIn()
    expect(transition(state, { type: 'visitor', wallet }, config).state).toBe(state)
    expect(transition(initialMachineState, { type: 'visitor', wallet }, config).state).toBe(initialMachineState)
  })

  test('visitor: signing in upgrades it (SIGNED_IN); signing out keeps it (no session to end)', () => {
    const visitor = transition(signedOut(), { type: 'visitor', wallet }, config).state
    const upgraded = transition(visitor, { type: 'signedIn', session: session(), now: T }, config)
    expect(upgraded.state.auth.status).toBe('authenticated')
    expect(upgraded.effects).toEqual([{ type: 'emit', event: { type: 'SIGNED_IN' } }])
    const out = transition(visitor, { type: 'signedOut', reason: 'user', origin: 'local' }, config)
    expect(out.state).toBe(visitor)
    expect(out.effects).toEqual([{ type: 'clearStorage' }])
  })

  test('walletMismatch: set and cleared in place, no events, same object when unchanged', () => {
    const mismatch = { sessionAddress: '0xabc', connectedAddress: '0xdef', chain: 'eip155' }
    const state = signedIn()
    const set = transition(state, { type: 'walletMismatch', mismatch }, config)
    expect(set.state.auth).toMatchObject({ status: 'authenticated', walletMismatch: mismatch })
    expect(set.effects).toEqual([])
    if (set.state.auth.status !== 'authenticated' || state.auth.status !== 'authenticated') throw new Error('expected a session')
    expect(set.state.auth.user).toBe(state.auth.user)
    expect(transition(set.state, { type: 'walletMismatch', mismatch: { ...mismatch } }, config).state).toBe(set.state)
    expect(transition(set.state, { type: 'walletMismatch', mismatch: null }, config).state.auth).toMatchObject({ walletMismatch: null })
    // Ignored when signed out.
    const out = signedOut()
    expect(transition(out, { type: 'walletMismatch', mismatch }, config).state).toBe(out)
  })

  test('updated: same session with new claims emits the given event and keeps the session id', () => {
    const state = signedIn()
    const linkedUser: User = { ...user, verifiedCredentials: [...user.verifiedCredentials, { id: 'cred_2', format: 'blockchain', chain: 'eip155', address: '0xabc' }] }
    const result = transition(state, { type: 'updated', session: session({ user: linkedUser }), now: T, event: 'CREDENTIAL_LINKED' }, config)
    expect(result.state.auth).toMatchObject({ status: 'authenticated', user: linkedUser, session: { id: 'sess_1' } })
    expect(result.effects).toEqual([{ type: 'emit', event: { type: 'CREDENTIAL_LINKED' } }])
    // For another session (a sign-in raced it): ignored.
    expect(transition(state, { type: 'updated', session: session({ id: 'sess_2', user: linkedUser }), now: T, event: 'USER_UPDATED' }, config).state).toBe(state)
  })

  test('signedIn: a new sign-in starts with no mismatch (the wallet runtime re-checks)', () => {
    const mismatch = { sessionAddress: '0xabc', connectedAddress: '0xdef', chain: 'eip155' }
    const state = transition(signedIn(), { type: 'walletMismatch', mismatch }, config).state
    expect(transition(state, { type: 'signedIn', session: session({ id: 'sess_2' }), now: T }, config).state.auth).toMatchObject({ walletMismatch: null })
  })
})
