/**
 * The core session engine against the real reference server (`createAuthServer`, memory
 * store), in process: several tabs of one simulated browser over simulated time. The
 * client's clock and timers are fake; the server's crypto is real, so after each simulated
 * second the test waits for the requests in flight to finish (no time budget involved).
 */
import { describe, expect, test } from 'vitest'
import { createAuthClient } from '../src/core/index.js'
import type { AuthClient, AuthEvent } from '../src/core/index.js'
import { memoryMailer } from '../src/server/mailers.js'
import { createAuthServer } from '../src/server/server.js'
import {
  createFakeChannelHub,
  createFakeLockManager,
  createFakeTime,
  createMemoryStorage,
} from '../src/testing/fakes.js'

const T0 = Date.UTC(2026, 10, 21, 12)

function setup(tabs: number, serverOptions: { accessTokenTtl: number; sessionTtl?: number }, devices = 1) {
  const time = createFakeTime(T0)
  const mailer = memoryMailer({ clock: time.clock })
  const server = createAuthServer({ mailer, clock: time.clock, ...serverOptions })
  const log: Array<{ path: string; status: number; error?: string }> = []
  let inflight = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    inflight += 1
    try {
      const url = new URL(String(input), 'http://localhost')
      const response = await server.fetch(new Request(url, init))
      const entry: { path: string; status: number; error?: string } = { path: url.pathname.replace('/auth', ''), status: response.status }
      if (!response.ok) entry.error = ((await response.clone().json()) as { error: string }).error
      log.push(entry)
      return response
    } finally {
      inflight -= 1
    }
  }
  // Each device is a browser profile of its own; tabs of one device share storage, locks and channels.
  const profiles = Array.from({ length: devices }, () => ({
    storage: createMemoryStorage(),
    locks: createFakeLockManager(),
    hub: createFakeChannelHub(),
  }))
  const storage = profiles[0]!.storage
  const events: Array<{ tab: number; event: AuthEvent }> = []
  const clients: AuthClient[] = Array.from({ length: tabs * devices }, (_, tab) => {
    const device = profiles[Math.floor(tab / tabs)]!
    const client = createAuthClient({
      fetch,
      storageAdapter: device.storage,
      lock: device.locks,
      channel: device.hub.factory,
      visibility: null,
      clock: time.clock,
      timers: time.timers,
    })
    client.onAuthStateChange((event) => events.push({ tab, event }))
    return client
  })
  /** Lets real I/O (the server's crypto and store) finish. */
  const idle = async () => {
    while (inflight > 0) await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
  }
  /** Simulated seconds, one at a time, waiting for requests in flight after each. */
  const run = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      await time.advance(1_000)
      await idle()
    }
  }
  const signIn = async (tab = 0) => {
    const email = 'ada@example.com'
    await clients[tab]!.startEmailSignIn({ email })
    const code = mailer.last(email)?.code
    if (!code) throw new Error('no code was mailed')
    await clients[tab]!.verifyEmailSignIn({ email, code })
    await idle()
    await time.advance(0)
  }
  return { server, clients, events, log, run, idle, signIn, time, storage }
}

describe('core with the reference server', () => {
  test.each([1, 3, 5])('behavior: %i tabs, 60 s tokens, 30 simulated minutes: one refresh per rotation, zero sign-outs', async (n) => {
    const world = setup(n, { accessTokenTtl: 60 })
    await world.signIn()
    expect(world.clients.every((client) => client.getState().status === 'authenticated')).toBe(true)
    await world.run(30 * 60)
    const refreshes = world.log.filter((entry) => entry.path === '/refresh')
    // Margin clamped to half of a 60 s token: a rotation every 30 s.
    expect(refreshes.length).toBe(60)
    expect(refreshes.every((entry) => entry.status === 200)).toBe(true)
    expect(world.events.filter(({ event }) => event.type === 'SIGNED_OUT')).toEqual([])
    // The session is alive on the server: /me answers with the current token.
    for (const client of world.clients) await expect(client.reloadUser()).resolves.toMatchObject({ email: 'ada@example.com' })
    await world.server.close()
  })

  test('behavior: sign-out revokes on the server and reaches every tab', async () => {
    const world = setup(3, { accessTokenTtl: 60 })
    await world.signIn()
    const stored = JSON.parse(world.storage.getItem('latchkey.session') ?? '{}') as { refreshToken: string }
    await world.clients[1]!.signOut()
    await world.idle()
    await world.time.advance(0)
    expect(world.clients.map((client) => client.getState().status)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated'])
    expect(world.log.at(-1)).toMatchObject({ path: '/logout', status: 200 })
    // The old refresh token no longer works.
    const response = await world.server.fetch(
      new Request('http://localhost/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
        body: JSON.stringify({ refreshToken: stored.refreshToken }),
      }),
    )
    expect(response.status).toBe(401)
    await world.server.close()
  })

  test('behavior: concurrent sessions are listed; "sign out everywhere else" ends the other device at its next refresh', async () => {
    const world = setup(1, { accessTokenTtl: 60 }, 2)
    await world.signIn(0)
    await world.signIn(1)
    const [laptop, phone] = world.clients as [AuthClient, AuthClient]
    const sessions = await laptop.listSessions()
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((session) => session.current)).toHaveLength(1)
    await expect(laptop.revokeOtherSessions()).resolves.toEqual({ revoked: 1 })
    await world.run(60)
    expect(phone.getState().status).toBe('unauthenticated')
    expect(world.events.filter(({ event }) => event.type === 'SIGNED_OUT')).toEqual([{ tab: 1, event: { type: 'SIGNED_OUT', reason: 'revoked' } }])
    expect(laptop.getState().status).toBe('authenticated')
    // Revoking the current session is a sign-out here.
    const current = (await laptop.listSessions()).find((session) => session.current)!
    await laptop.revokeSession({ id: current.id })
    expect(laptop.getState().status).toBe('unauthenticated')
    await expect(laptop.listSessions()).rejects.toMatchObject({ code: 'not_signed_in' })
    await world.server.close()
  })

  test('behavior: the absolute end signs every tab out with reason expired', async () => {
    const world = setup(2, { accessTokenTtl: 60, sessionTtl: 10 * 60 })
    await world.signIn()
    await world.run(10 * 60 + 1)
    const reasons = world.events.filter(({ event }) => event.type === 'SIGNED_OUT').map(({ event }) => (event as { reason: string }).reason)
    expect(reasons).toEqual(['expired', 'expired'])
    expect(world.events.filter(({ event }) => event.type === 'SESSION_EXPIRING')).toHaveLength(2)
    expect(world.log.filter((entry) => entry.status !== 200)).toEqual([])
    await world.server.close()
  })
})
