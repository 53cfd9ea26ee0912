import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { authState, recordAuthEvents, wait } from './auth.js'
import { freePort, launchChromium, startPlayground } from './playground.js'
import type { LoggedRequest, RunningPlayground } from './playground.js'

/**
 * The wallet suites' setup: a playground on PGlite in a temp folder and one Chromium for the
 * file (started in `beforeAll`, gone in `afterAll`), every auth request in `log`.
 */
export function walletPlayground(name: string) {
  let dataDir: string
  let playground: RunningPlayground | undefined
  let browser: Browser | undefined
  const log: LoggedRequest[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `latchkey-e2e-${name}-`))
    playground = await startPlayground({ dataDir, port: await freePort(), log })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await playground?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** A fresh browser profile on the playground (`query`: `?mode=connect-only`…), once it rendered. */
  async function openPage(query = ''): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser!.newContext()
    await recordAuthEvents(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${playground!.url}/${query}`)
    // The first load after a dependency change can take a while (Vite optimizes dependencies).
    await page.getByRole('button', { name: 'Sign in', exact: true }).or(page.getByTestId('user-email')).first().waitFor({ timeout: 60_000 })
    return { context, page, errors }
  }

  return { log, openPage }
}

/** The address of the playground's Dev wallet (EVM). */
export const devWallet = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { devWallet: { address: string } }).devWallet.address)
/** The address of the playground's Dev Solana wallet. */
export const devSolanaWallet = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { devSolanaWallet: { address: string } }).devSolanaWallet.address)
/** The signed-in user's wallets as the playground shows them. */
export const userWallets = (page: Page): Promise<string | null> => page.getByTestId('user-wallets').textContent()

/**
 * A connect-only visitor (`?mode=connect-only`): connects with `connect` (no request to the
 * auth server), then upgrades by signing, then disconnects the wallet and reloads: still
 * signed in. The page must be fresh.
 */
export async function visitorUpgradesBySigning(page: Page, log: LoggedRequest[], connect: string, address: string): Promise<void> {
  const requestsBefore = log.length
  await page.getByRole('button', { name: connect }).click()
  await expect.poll(() => page.getByTestId('visitor-address').textContent(), wait).toBe(address)
  expect((await authState(page)).status).toBe('visitor')
  // No JWT, no user record: connecting sent nothing to the auth server.
  expect(log.slice(requestsBefore).filter((entry) => entry.method !== 'GET')).toEqual([])
  await page.getByRole('button', { name: 'Sign in with this wallet' }).click()
  await expect.poll(() => userWallets(page), wait).toBe(address)
  expect((await authState(page)).status).toBe('authenticated')
  // Disconnecting the wallet is not signing out.
  await page.getByRole('button', { name: 'Disconnect wallet' }).click()
  await page.reload()
  await expect.poll(() => userWallets(page), wait).toBe(address)
}
