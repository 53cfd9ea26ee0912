import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { signInPage } from '../../src/testing/playwright.js'
import { authState, wait } from './helpers/auth.js'
import { freePort, launchChromium, startPlayground } from './helpers/playground.js'
import type { LoggedRequest, RunningPlayground } from './helpers/playground.js'

// latchkey/testing/playwright (issue 6): a page signed in without the UI, in both storage
// modes, restores like a returning visitor and its session works (a refresh succeeds).
// This is also docs/testing.md's Playwright example.

let browser: Browser | undefined
const dirs: string[] = []
const running: RunningPlayground[] = []

async function playground(storage: 'app' | 'cookie', log: LoggedRequest[] = []) {
  const dataDir = mkdtempSync(join(tmpdir(), `latchkey-e2e-signin-${storage}-`))
  dirs.push(dataDir)
  const started = await startPlayground({ dataDir, port: await freePort(), storage, log })
  running.push(started)
  return started
}

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  for (const started of running) await started.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

for (const storage of ['app', 'cookie'] as const) {
  test(`behavior: ${storage} mode — signInPage signs the page in without the UI`, async () => {
    const log: LoggedRequest[] = []
    const { url } = await playground(storage, log)
    const context = await browser!.newContext()
    const page = await context.newPage()

    const user = await signInPage(page, { baseUrl: `${url}/auth`, url: `${url}/`, email: 'pw@example.com' })
    expect(user.email).toBe('pw@example.com')
    await expect.poll(() => page.getByTestId('user-email').textContent(), { timeout: 60_000 }).toBe('pw@example.com')
    expect((await authState(page)).status).toBe('authenticated')
    // No click went through the modal: the only sign-in requests are the helper's.
    expect(log.filter((entry) => entry.path === '/auth/email/verify')).toHaveLength(1)

    // The session is real: the page's own client refreshes it.
    const before = log.filter((entry) => entry.path === '/auth/refresh').length
    await page.evaluate(() => (window as unknown as { latchkey: { refresh(): Promise<void> } }).latchkey.refresh())
    await expect.poll(() => log.filter((entry) => entry.path === '/auth/refresh' && entry.status === 200).length, wait).toBeGreaterThan(before)
    expect((await authState(page)).status).toBe('authenticated')
    if (storage === 'cookie') {
      // Cookie mode: the cookies are HttpOnly, out of the page's reach.
      expect(await page.evaluate(() => document.cookie)).toBe('')
    }
    await context.close()
  })
}

test('parameters: storage — a mode that differs from the server’s is an error that says so', async () => {
  const { url } = await playground('cookie')
  const context = await browser!.newContext()
  const page = await context.newPage()
  await expect(signInPage(page, { baseUrl: `${url}/auth`, url: `${url}/`, email: 'x@example.com', storage: 'app' })).rejects.toThrow(
    /told the app uses app storage, but the server runs in cookie mode/,
  )
  await expect(signInPage(page, { baseUrl: 'auth', email: 'x@example.com' })).rejects.toThrow(/must be an absolute URL/)
  await context.close()
})
