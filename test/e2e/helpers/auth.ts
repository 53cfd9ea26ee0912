/**
 * Driving the playground's auth UI from Playwright: sign in with an email code read from the
 * dev mailbox panel, and record the client's `onAuthStateChange` events from page start.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Generous: this machine has 2 cores shared with other jobs. */
export const wait = { timeout: 20_000 }

/** Signs in through the AuthButton's modal; returns the code the dev mailbox showed. */
export async function signInWithEmail(page: Page, email: string): Promise<string> {
  // The first load after a dependency change can take a while (Vite optimizes dependencies).
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 60_000 })
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: /email/i }).fill(email)
  await dialog.getByRole('textbox', { name: /email/i }).press('Enter')
  const codeCell = page.locator(`[data-testid="dev-mailbox"] tr[data-email="${email}"] [data-testid="mailbox-code"]`)
  await expect.poll(() => codeCell.count(), wait).toBe(1)
  const code = (await codeCell.textContent())?.trim() ?? ''
  const codeInput = dialog.locator('input[autocomplete="one-time-code"]')
  await codeInput.fill(code)
  await codeInput.press('Enter')
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)
  return code
}

/**
 * Records every auth event of the page's client (`window.latchkey`, set by the playground's
 * main.tsx) from the moment it is created, as `TYPE` or `SIGNED_OUT:reason`.
 */
export async function recordAuthEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const events: string[] = []
    const w = window as unknown as { __authEvents: string[]; latchkey?: unknown }
    w.__authEvents = events
    Object.defineProperty(window, 'latchkey', {
      configurable: true,
      get: () => undefined,
      set(client: { onAuthStateChange(cb: (event: { type: string; reason?: string }) => void): () => void }) {
        Object.defineProperty(window, 'latchkey', { configurable: true, writable: true, value: client })
        client.onAuthStateChange((event) => events.push(event.type === 'SIGNED_OUT' ? `SIGNED_OUT:${event.reason}` : event.type))
      },
    })
  })
}

export const authEvents = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...(window as unknown as { __authEvents: string[] }).__authEvents])

/** The page's auth state, as its client reports it. */
export const authState = (page: Page) =>
  page.evaluate(() => {
    const state = (window as unknown as { latchkey: { getState(): { status: string; network?: string; session?: { id: string } } } }).latchkey.getState()
    return { status: state.status, network: state.network, sessionId: state.session?.id }
  })
