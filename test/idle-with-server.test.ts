/**
 * The server's idle timeout with the real client engine: the client marks a refresh `active`
 * only after input (here a fake input source the test pokes), the server counts it, and an
 * idle session ends in every tab with `SIGNED_OUT` reason `idle`. Simulated time; real crypto,
 * so after each simulated second the test waits for the requests in flight.
 */
import { expect, test } from 'vitest'
import { createAuthClient } from '../src/core/index.js'
import type { AuthClient, AuthEvent } from '../src/core/index.js'
import { memoryMailer } from '../src/server/mailers.js'
import { createAuthServer } from '../src/server/server.js'
import { createFakeChannelHub, createFakeLockManager, createFakeTime, createMemoryStorage } from '../src/testing/fakes.js'

const T0 = Date.UTC(2026, 10, 21, 12)

function setup(tabs: number) {
  const time = createFakeTime(T0)
  const mailer = memoryMailer({ clock: time.clock })
  // 60 s tokens (a refresh every 30 s), 5 minutes idle.
  const server = createAuthServer({ mailer, clock: time.clock, accessTokenTtl: 60, idleTimeout: 300 })
  const log: Array<{ path: string; status: number; active?: boolean; error?: string }> = []
  let inflight = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    inflight += 1
    try {
      const url = new URL(String(input), 'http://localhost')
      const request = new Request(url, init)
      const sent = url.pathname.endsWith('/refresh') ? ((await request.clone().json()) as { active?: boolean }) : {}
      const response = await server.fetch(request)
      const entry: (typeof log)[number] = { path: url.pathname.replace('/auth', ''), status: response.status }
      if (sent.active !== undefined) entry.active = sent.active
      if (!response.ok) entry.error = ((await response.clone().json()) as { error: string }).error
      log.push(entry)
      return response
    } finally {
      inflight -= 1
    }
  }
  const storage = createMemoryStorage()
  const locks = createFakeLockManager()
  const hub = createFakeChannelHub()
  const inputs = new Set<() => void>()
  const events: Array<{ tab: number; event: AuthEvent }> = []
  const clients: AuthClient[] = Array.from({ length: tabs }, (_, tab) => {
    const client = createAuthClient({
      fetch,
      storageAdapter: storage,
      lock: locks,
      channel: hub.factory,
      visibility: null,
      // Only tab 0 gets input; the others learn of it through shared storage.
      activity:
        tab === 0
          ? {
              subscribe(listener) {
                inputs.add(listener)
                return () => inputs.delete(listener)
              },
            }
          : null,
      clock: time.clock,
      timers: time.timers,
    })
    client.onAuthStateChange((event) => events.push({ tab, event }))
    return client
  })
  const settle = async () => {
    while (inflight > 0) await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
  }
  const run = async (seconds: number, { typing = false } = {}) => {
    for (let i = 0; i < seconds; i++) {
      if (typing) for (const listener of inputs) listener()
      await time.advance(1_000)
      await settle()
    }
  }
  const signIn = async () => {
    const email = 'ada@example.com'
    await clients[0]!.startEmailSignIn({ email })
    await clients[0]!.verifyEmailSignIn({ email, code: mailer.last(email)!.code })
    await settle()
    await time.advance(0)
  }
  return { server, clients, events, log, run, signIn }
}

test('behavior: 3 tabs, input in one: the session lives while the user types, ends with reason idle after 5 quiet minutes', async () => {
  const world = setup(3)
  await world.signIn()

  // Ten minutes of typing in tab 0: every refresh says `active: true`, whichever tab sends it.
  await world.run(10 * 60, { typing: true })
  const busy = world.log.filter((entry) => entry.path === '/refresh')
  expect(busy.length).toBe(20)
  expect(busy.every((entry) => entry.status === 200 && entry.active === true)).toBe(true)
  expect(world.clients.every((client) => client.getState().status === 'authenticated')).toBe(true)

  // Then nothing: refreshes say `active: false`. The last busy refresh (at 600 s) reported
  // input since 570 s, which is what the server counts: the refreshes up to 870 s still rotate,
  // the one at 900 s ends the session (301 s after the last key press).
  await world.run(7 * 60)
  const quiet = world.log.filter((entry) => entry.path === '/refresh').slice(busy.length)
  const rotated = quiet.filter((entry) => entry.status === 200)
  expect(rotated).toHaveLength(9)
  expect(rotated.every((entry) => entry.active === false)).toBe(true)
  const refused = quiet.slice(rotated.length)
  expect(refused.length).toBeGreaterThanOrEqual(1)
  expect(refused.every((entry) => entry.status === 401 && entry.error === 'session_idle')).toBe(true)

  expect(world.clients.map((client) => client.getState().status)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated'])
  const signOuts = world.events.filter(({ event }) => event.type === 'SIGNED_OUT')
  expect(signOuts.map(({ event }) => event)).toEqual([
    { type: 'SIGNED_OUT', reason: 'idle' },
    { type: 'SIGNED_OUT', reason: 'idle' },
    { type: 'SIGNED_OUT', reason: 'idle' },
  ])
  await world.server.close()
})
