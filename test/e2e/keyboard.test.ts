import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { wait } from './helpers/auth.js'
import { freePort, launchChromium, startPlayground } from './helpers/playground.js'
import type { RunningPlayground } from './helpers/playground.js'

// Keyboard only, in a real Chromium on the playground: Tab, Shift+Tab, Enter, Escape and
// typing; no click, no fill(). The WAI-ARIA dialog pattern is checked on the way: focus moves
// into the dialog, stays there, Escape closes it and the focus returns to its trigger, and the
// page behind is hidden from assistive technology while it is open.

const email = 'keys@example.com'
let dataDir: string
let playground: RunningPlayground | undefined
let browser: Browser | undefined

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-keyboard-'))
  playground = await startPlayground({ dataDir, port: await freePort() })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await playground?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** What has the focus: its accessible-ish name and whether it sits in an open dialog. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return {
      tag: element?.tagName.toLowerCase() ?? null,
      name: (element?.getAttribute('aria-label') ?? element?.textContent ?? '').trim(),
      autocomplete: element?.getAttribute('autocomplete') ?? null,
      inDialog: element?.closest('[role="dialog"]') !== null && element?.closest('[role="dialog"]') !== undefined,
    }
  })

/** Whether the page behind the dialog (its main content) is inside an `aria-hidden` subtree. */
const pageHidden = (page: Page) => page.evaluate(() => document.querySelector('main')?.closest('[aria-hidden="true"]') != null)

type Focused = Awaited<ReturnType<typeof focused>>

/** Presses Tab until the focused element is `target` (a name, or a test); fails after `max` presses. */
async function tabTo(page: Page, target: string | ((now: Focused) => boolean), max = 40): Promise<number> {
  const matches = typeof target === 'string' ? (now: Focused) => now.name === target : target
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab')
    if (matches(await focused(page))) return presses
  }
  throw new Error(`Tab never reached ${String(target)} in ${max} presses`)
}

/** The code the dev server mailed to `to`, read over HTTP (the dev mailbox route). */
async function mailedCode(url: string, to: string): Promise<string> {
  let code: string | undefined
  await expect
    .poll(async () => {
      const mailbox = (await (await fetch(`${url}/auth/dev/mailbox`)).json()) as { mails: Array<{ to: string; code: string; sentAt: number }> }
      code = mailbox.mails.filter((mail) => mail.to === to).sort((a, b) => b.sentAt - a.sentAt)[0]?.code
      return code
    }, wait)
    .toMatch(/^\d{6}$/)
  return code!
}

test('behavior: sign in and out with the keyboard alone; the dialog takes, traps and returns the focus', async () => {
  const url = playground!.url
  const page = await browser!.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 60_000 })

  // Open: Tab to "Sign in", Enter. The focus moves into the dialog, on the email field.
  await tabTo(page, 'Sign in')
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Sign in' })
  await dialog.waitFor(wait)
  await expect.poll(async () => (await focused(page)).inDialog, wait).toBe(true)
  // The page behind is hidden from assistive technology while the dialog is open.
  expect(await pageHidden(page)).toBe(true)

  // Trapped: twenty Tabs forward and back never leave the dialog.
  for (let presses = 0; presses < 10; presses++) {
    await page.keyboard.press('Tab')
    expect(await focused(page)).toMatchObject({ inDialog: true })
  }
  for (let presses = 0; presses < 10; presses++) {
    await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toMatchObject({ inDialog: true })
  }

  // Escape closes it and gives the focus back to "Sign in" (Radix returns it in a task after the
  // dialog left the DOM, so poll rather than read once).
  await page.keyboard.press('Escape')
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)
  await expect.poll(() => focused(page), wait).toMatchObject({ tag: 'button', name: 'Sign in', inDialog: false })
  expect(await pageHidden(page)).toBe(false)

  // Again, for real: Enter opens it, type the address, Enter sends the code.
  await page.keyboard.press('Enter')
  await dialog.waitFor(wait)
  // The focus is in the dialog, on its first control: the first wallet (the playground registers
  // the Dev wallet) once the wallet list has loaded, else the email field. Tab to the email field.
  await expect.poll(async () => (await focused(page)).inDialog, wait).toBe(true)
  if ((await focused(page)).autocomplete !== 'email') await tabTo(page, (now) => now.autocomplete === 'email')
  expect(await focused(page)).toMatchObject({ inDialog: true, autocomplete: 'email' })
  await page.keyboard.type(email)
  await page.keyboard.press('Enter')

  // The code step takes the focus itself; type the mailed code and press Enter.
  await page.getByRole('dialog', { name: 'Check your email' }).waitFor(wait)
  await expect.poll(async () => (await focused(page)).autocomplete, wait).toBe('one-time-code')
  await page.keyboard.type(await mailedCode(url, email))
  await page.keyboard.press('Enter')

  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)
  // The focus is not dropped on the page: it is on the account button that replaced "Sign in".
  await expect.poll(async () => (await focused(page)).name, wait).toBe(`Signed in as ${email}`)

  // Sign out, still by keyboard: Enter opens the menu on its first item, "Sign out".
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await focused(page)).name, wait).toBe('Sign out')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await focused(page)).name, wait).toBe('Sign in')
  expect(await page.evaluate(() => (window as unknown as { latchkey: { getState(): { status: string } } }).latchkey.getState().status)).toBe('unauthenticated')
  expect(pageErrors).toEqual([])
  await page.close()
})
