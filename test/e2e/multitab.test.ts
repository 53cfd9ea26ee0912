import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AuthStore } from '../../src/server/store.js'
import { createPGliteStore } from '../../src/server/stores/pglite.js'
import { authEvents, authState, recordAuthEvents, signInWithEmail, wait } from './helpers/auth.js'
import { freePort, launchChromium, startPlayground } from './helpers/playground.js'
import type { LoggedRequest, RunningPlayground } from './helpers/playground.js'
import { rotationsOf, storedRefreshToken } from './helpers/refreshChain.js'

// Issue 3's proof in a real Chromium: three tabs of one browser on the playground with 10 s
// access tokens. The server's request log and its refresh-token family show exactly one
// refresh request per rotation and no sign-out; then the auth routes fail for 15 s and come
// back, and the session carries on in every tab.

const email = 'tabs@example.com'
const TABS = 3
let dataDir: string
let store: AuthStore
let playground: RunningPlayground | undefined
let browser: Browser | undefined
const log: LoggedRequest[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-tabs-'))
  store = createPGliteStore({ dataDir })
  playground = await startPlayground({ dataDir, port: await freePort(), log, server: { store, accessTokenTtl: 10 } })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await playground?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const refreshes = () => log.filter((entry) => entry.method === 'POST' && entry.path === '/auth/refresh')

/**
 * Refresh requests the server answered vs rotations in the session's token family, read twice
 * half a second apart until both agree (a rotation is stored before its answer is logged).
 */
async function requestsAndRotations(page: Page) {
  const read = async () => ({ requests: refreshes().length, rotations: await rotationsOf(store, await storedRefreshToken(page)) })
  let previous = await read()
  for (;;) {
    await page.waitForTimeout(500)
    const next = await read()
    if (next.requests === previous.requests && next.rotations === previous.rotations) return next
    previous = next
  }
}

/** When each refresh reached the server, in seconds since the first: for failure messages. */
const timeline = () => {
  const all = refreshes()
  return all.map((entry) => `${((entry.at - all[0]!.at) / 1000).toFixed(1)}s ${entry.status}`).join(', ')
}

async function everyTab(tabs: Page[]) {
  return Promise.all(
    tabs.map(async (tab) => ({
      state: await authState(tab),
      email: await tab.getByTestId('user-email').textContent({ timeout: 1_000 }).catch(() => null),
      signOuts: (await authEvents(tab)).filter((event) => event.startsWith('SIGNED_OUT')),
    })),
  )
}

test('behavior: 3 tabs, 10 s tokens, 40 s: one refresh request per rotation, no sign-out; 15 s of failing auth routes, then the session resumes', async () => {
  const context = await browser!.newContext()
  await recordAuthEvents(context)
  const pageErrors: string[] = []
  const first = await context.newPage()
  first.on('pageerror', (error) => pageErrors.push(error.message))
  await first.goto(playground!.url)
  await signInWithEmail(first, email)
  const tabs = [first]
  for (let i = 1; i < TABS; i++) {
    const tab = await context.newPage()
    tab.on('pageerror', (error) => pageErrors.push(error.message))
    await tab.goto(playground!.url)
    await expect.poll(() => tab.getByTestId('user-email').textContent(), wait).toBe(email)
    tabs.push(tab)
  }
  const { sessionId } = await authState(first)
  expect(sessionId).toMatch(/^ses_/)

  // ~40 s: a rotation every 5 s (the refresh margin is capped at half of a 10 s token).
  await first.waitForTimeout(40_000)
  const steady = await requestsAndRotations(first)
  expect(steady.rotations).toBeGreaterThanOrEqual(6)
  expect(steady.requests, timeline()).toBe(steady.rotations)
  expect(refreshes().every((entry) => entry.status === 200)).toBe(true)
  for (const tab of await everyTab(tabs)) {
    expect(tab).toEqual({ state: { status: 'authenticated', network: 'online', sessionId }, email, signOuts: [] })
  }

  // The auth routes fail for 15 s (the browser aborts the requests: nothing reaches the server).
  const outageStart = Date.now()
  await context.route('**/auth/**', (route) => route.abort('internetdisconnected'))
  await first.waitForTimeout(15_000)
  const during = await everyTab(tabs)
  expect(during.map((tab) => tab.state.status)).toEqual(Array(TABS).fill('authenticated'))
  expect(during.map((tab) => tab.email)).toEqual(Array(TABS).fill(email))
  // At least the tab that tried to refresh knows it is offline (its access token has expired by now).
  expect(during.some((tab) => tab.state.network === 'offline')).toBe(true)
  expect(log.filter((entry) => entry.at > outageStart + 1_000)).toEqual([])
  await context.unroute('**/auth/**')
  const restored = Date.now()

  // Back: the retry (backoff with jitter, at most ~16 s after 15 s of failures) refreshes, every tab
  // is online and signed in to the same session, and still one request per rotation.
  await expect.poll(() => refreshes().filter((entry) => entry.at > restored && entry.status === 200).length, { timeout: 45_000 }).toBeGreaterThanOrEqual(1)
  await expect.poll(async () => (await everyTab(tabs)).map((tab) => tab.state.network), wait).toEqual(Array(TABS).fill('online'))
  for (const tab of await everyTab(tabs)) {
    expect(tab).toEqual({ state: { status: 'authenticated', network: 'online', sessionId }, email, signOuts: [] })
  }
  const after = await requestsAndRotations(first)
  console.info(`multitab: ${steady.rotations} rotations / ${steady.requests} refresh requests in 40 s; ${after.rotations} / ${after.requests} after the outage`)
  expect(after.requests, timeline()).toBe(after.rotations)
  expect(refreshes().every((entry) => entry.status === 200)).toBe(true)
  expect(await store.getSession(sessionId!)).toMatchObject({ revokedAt: null })

  expect(pageErrors).toEqual([])
  await context.close()
})
