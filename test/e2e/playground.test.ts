import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort, launchChromium, startPlayground as start } from './helpers/playground.js'
import type { RunningPlayground } from './helpers/playground.js'

// The whole first slice in a real Chromium: the playground (Vite + the auth server
// plugin on PGlite in a temp folder) → email code from the dev mailbox panel →
// signed in → reload without a signed-out flash → server restart keeps the session
// → sign out.

const email = 'e2e@example.com'
/** Generous: CI machines here have 2 cores shared with other jobs. */
const wait = { timeout: 20_000 }
let dataDir: string
let port: number
let playground: RunningPlayground | undefined
let browser: Browser | undefined
/** What the dev server printed at info level: the terminal a developer would read. */
const terminal: string[] = []

async function startPlayground(): Promise<string> {
  playground = await start({ dataDir, port, terminal })
  return playground.url
}

/**
 * Records, from the very first DOM mutation of every page load, which auth UI the page
 * shows, in order: `signed-out` (the playground's signed-out card or a "Sign in"
 * button), `loading` (a busy auth button), `signed-in` (the user's email).
 */
function recordAuthUi() {
  const seen: string[] = []
  ;(window as unknown as { __authUi: string[] }).__authUi = seen
  const check = () => {
    let now: string | null = null
    if (document.querySelector('[data-testid="user-email"]')) now = 'signed-in'
    else if (
      document.querySelector('[data-testid="signed-out"]') ||
      [...document.querySelectorAll('button')].some((button) => button.textContent?.trim() === 'Sign in')
    )
      now = 'signed-out'
    else if (document.querySelector('button[aria-busy="true"]')) now = 'loading'
    if (now !== null && seen.at(-1) !== now) seen.push(now)
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true })
}

const authUi = (page: Page) => page.evaluate(() => (window as unknown as { __authUi: string[] }).__authUi)

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'))
  port = await freePort()
  await startPlayground()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await playground?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('behavior: sign in with an email code, reload without a signed-out flash, survive a restart, sign out', async () => {
  const url = `http://127.0.0.1:${port}`
  const context = await browser!.newContext()
  await context.addInitScript(recordAuthUi)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  // The newest refresh token the server handed the page (app storage mode: in the token
  // responses), to check from outside that signing out really revoked the session.
  let refreshToken: string | undefined
  page.on('response', async (response) => {
    if (!/\/auth\/(email\/verify|refresh)$/.test(new URL(response.url()).pathname) || !response.ok()) return
    const body = (await response.json().catch(() => ({}))) as { refreshToken?: string }
    if (body.refreshToken) refreshToken = body.refreshToken
  })

  // Signed out: open the modal and ask for a code.
  await page.goto(url)
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
  // The recorder sees a signed-out page for what it is (so its 'signed-in' below means something).
  expect(await authUi(page)).toEqual(['signed-out'])
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: /email/i }).fill(email)
  await dialog.getByRole('textbox', { name: /email/i }).press('Enter')

  // The code, from the dev mailbox panel on the page (it polls GET /auth/dev/mailbox).
  const codeCell = page.locator(`[data-testid="dev-mailbox"] tr[data-email="${email}"] [data-testid="mailbox-code"]`)
  await expect.poll(() => codeCell.count(), wait).toBe(1)
  const code = (await codeCell.textContent())?.trim() ?? ''
  expect(code).toMatch(/^\d{6}$/)
  // ...it is the code the terminal shows...
  expect(terminal.some((line) => line.includes(email) && line.includes(code))).toBe(true)
  // ...and the server agrees it is the code it sent.
  const mailbox = (await (await fetch(`${url}/auth/dev/mailbox`)).json()) as { mails: Array<{ to: string; code: string }> }
  expect(mailbox.mails.filter((mail) => mail.to === email).at(-1)?.code).toBe(code)

  const codeInput = dialog.locator('input[autocomplete="one-time-code"]')
  await codeInput.fill(code)
  await codeInput.press('Enter')
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)

  // Reload: the stored session renders signed in on the first render, never signed out.
  await page.reload()
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  expect(await authUi(page)).toEqual(['signed-in'])

  // Restart the server on the same data folder: users, sessions and keys survive,
  // so the app's authenticated call still works after a reload.
  await playground!.close()
  await startPlayground()
  await page.reload()
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  expect(await authUi(page)).toEqual(['signed-in'])
  await page.getByRole('button', { name: /GET \/auth\/me/ }).click()
  await expect.poll(() => page.getByTestId('me-result').textContent(), wait).toMatch(/^200 /)
  expect(await page.getByTestId('me-result').textContent()).toContain(`"email": "${email}"`)

  // Sign out through the AuthButton's menu: the page is signed out at once, and the
  // server revokes the session (its refresh token no longer works).
  expect(refreshToken).toBeDefined()
  const loggedOut = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/logout')
  await page.getByRole('button', { name: new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click()
  await page.getByRole('menuitem', { name: /sign out/i }).or(page.getByRole('button', { name: /sign out/i })).click()
  await expect.poll(() => page.getByTestId('signed-out').count(), wait).toBe(1)
  await expect.poll(() => page.getByTestId('user-email').count(), wait).toBe(0)
  expect((await loggedOut).ok()).toBe(true)
  const refresh = await fetch(`${url}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
    body: JSON.stringify({ refreshToken }),
  })
  expect(refresh.status).toBe(401)
  expect(((await refresh.json()) as { error: string }).error).toBe('session_revoked')
  await page.reload()
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
  expect(await authUi(page)).toEqual(['signed-out'])

  expect(pageErrors).toEqual([])
  await context.close()
})
