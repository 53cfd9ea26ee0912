import { describe, expect, test, vi } from 'vitest'
import { LatchkeyError } from '../core/index.js'
import { createTestAuth } from './createTestAuth.js'

describe('createTestAuth', () => {
  test('default: signIn runs the real email flow and the client is signed in', async () => {
    const auth = createTestAuth()
    expect(auth.client.getState().status).toBe('unauthenticated')

    const user = await auth.signIn('ada@example.com')

    expect(user.email).toBe('ada@example.com')
    expect(auth.mailer.mails).toHaveLength(1)
    expect(auth.lastCode('ada@example.com')).toMatch(/^\d{6}$/)
    const state = auth.client.getState()
    expect(state.status).toBe('authenticated')
    if (state.status !== 'authenticated') return
    expect(state.user).toEqual(user)
    // The token is a real one: the server verifies it.
    const token = await auth.client.getAccessToken()
    expect(token).not.toBeNull()
    const claims = await auth.server.verifyAccessToken(token!)
    expect(claims.sub).toBe(user.id)
    expect(claims.sid).toBe(state.session.id)
  })

  test('behavior: the client fetch reaches the server in-process with the session', async () => {
    const auth = createTestAuth()
    await auth.signIn('grace@example.com')
    const response = await auth.client.fetch(`${auth.baseUrl}/me`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ email: 'grace@example.com' })
  })

  test('behavior: refresh rotates for real', async () => {
    const auth = createTestAuth()
    await auth.signIn()
    const before = await auth.client.getAccessToken()
    await auth.client.refresh()
    const after = await auth.client.getAccessToken()
    expect(after).not.toBe(before)
    expect(auth.client.getState().status).toBe('authenticated')
  })

  test('parameters: offline makes requests fail as a browser does', async () => {
    const auth = createTestAuth()
    auth.offline = true
    const error = await auth.client.startEmailSignIn({ email: 'ada@example.com' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LatchkeyError)
    expect((error as LatchkeyError).code).toBe('network_error')
    auth.offline = false
    await expect(auth.client.startEmailSignIn({ email: 'ada@example.com' })).resolves.toMatchObject({
      serverNow: expect.any(Number),
    })
  })

  test('behavior: lastCode names the address when no code was sent', () => {
    const auth = createTestAuth()
    expect(() => auth.lastCode('nobody@example.com')).toThrow(/no code was sent to nobody@example.com/)
  })

  test('behavior: createClient is a second device on the same server', async () => {
    const auth = createTestAuth()
    const ada = await auth.signIn('ada@example.com')
    const other = auth.createClient()
    expect(other.getState().status).toBe('unauthenticated')

    await other.startEmailSignIn({ email: 'ada@example.com' })
    const again = await other.verifyEmailSignIn({ email: 'ada@example.com', code: auth.lastCode('ada@example.com') })

    // Same user, a second concurrent session.
    expect(again.id).toBe(ada.id)
    const [first, second] = [auth.client.getState(), other.getState()]
    if (first.status !== 'authenticated' || second.status !== 'authenticated') throw new Error('both signed in')
    expect(second.session.id).not.toBe(first.session.id)
  })
})

describe('createTestAuth reload', () => {
  test('behavior: reload restores the stored session in a new client', async () => {
    const auth = createTestAuth()
    const user = await auth.signIn('ada@example.com')
    const first = auth.client
    const reloaded = auth.reload()
    expect(reloaded).not.toBe(first)
    expect(auth.client).toBe(reloaded)
    const state = reloaded.getState()
    expect(state.status === 'authenticated' && state.user).toEqual(user)
  })
})

describe('createTestAuth tabs', () => {
  test('behavior: a tab sees the sign-in of another, and a sign-out ends both', async () => {
    const auth = createTestAuth()
    const tab = auth.openTab()
    const events: string[] = []
    // Listening is what starts a client's tab channel (nothing attaches before).
    const stop = [
      auth.client.subscribe(() => {}),
      tab.onAuthStateChange((event) => events.push(event.type === 'SIGNED_OUT' ? `SIGNED_OUT:${event.reason}` : event.type)),
    ]

    await auth.signIn('ada@example.com')
    await vi.waitFor(() => expect(tab.getState().status).toBe('authenticated'))

    await tab.signOut()
    await vi.waitFor(() => expect(auth.client.getState().status).toBe('unauthenticated'))
    expect(auth.browser.channels.posted.length).toBeGreaterThan(0)
    expect(events).toContain('SIGNED_IN')
    for (const unsubscribe of stop) unsubscribe()
  })

  test('behavior: two tabs refreshing at once make one refresh, and both stay signed in', async () => {
    const auth = createTestAuth()
    await auth.signIn('ada@example.com')
    const tab = auth.openTab()
    const stop = [auth.client.subscribe(() => {}), tab.subscribe(() => {})]
    const before = await auth.client.getAccessToken()

    await Promise.all([auth.client.refresh(), tab.refresh()])

    const [first, second] = [await auth.client.getAccessToken(), await tab.getAccessToken()]
    expect(first).not.toBe(before)
    expect(second).toBe(first)
    expect(auth.client.getState().status).toBe('authenticated')
    expect(tab.getState().status).toBe('authenticated')
    for (const unsubscribe of stop) unsubscribe()
  })
})
