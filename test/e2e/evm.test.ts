import type { Page } from 'playwright-core'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { authEvents, authState, wait } from './helpers/auth.js'
import { devWallet, userWallets, visitorUpgradesBySigning, walletPlayground } from './helpers/walletPlayground.js'

// EVM wallets in a real Chromium on the playground: the Dev wallet (latchkey's EIP-1193
// test wallet, announced through EIP-6963, signing for real) → wagmi → the login modal →
// the server's EIP-4361 verifier on PGlite. `window.devWallet` stands in for the wallet
// extension's own UI (switching accounts).

const { log, openPage } = walletPlayground('evm')

const key = (byte: string) => `0x${byte.repeat(32)}` as `0x${string}`
const addressOf = (privateKey: `0x${string}`) => privateKeyToAccount(privateKey).address

const switchAccount = (page: Page, privateKey: string) =>
  page.evaluate((k) => (window as unknown as { devWallet: { switchAccount(k: string): string } }).devWallet.switchAccount(k), privateKey)

async function signInWithDevWallet(page: Page) {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Dev wallet' }).click()
  await expect.poll(() => page.getByTestId('user-email').count(), wait).toBe(1)
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)
}

test('behavior: sign in with the Dev wallet, reload, link a second wallet and an email, credential_in_use', async () => {
  const { context, page, errors } = await openPage()
  const first = await devWallet(page)
  await signInWithDevWallet(page)
  expect(await userWallets(page)).toBe(first)
  expect(log.filter((entry) => entry.path === '/auth/wallet/verify').map((entry) => entry.status)).toEqual([200])

  // Reload: still signed in, from storage, no new sign-in.
  const { sessionId } = await authState(page)
  await page.reload()
  await expect.poll(() => userWallets(page), wait).toBe(first)
  expect((await authState(page)).sessionId).toBe(sessionId)

  // Another device owns a wallet already.
  const other = await openPage()
  await switchAccount(other.page, key('ab'))
  await signInWithDevWallet(other.page)
  expect(await userWallets(other.page)).toBe(addressOf(key('ab')))
  await other.context.close()

  // Link a second account of the Dev wallet: same session, the user gains the wallet.
  await switchAccount(page, key('cd'))
  await page.getByRole('button', { name: 'Link the connected wallet account' }).click()
  await expect.poll(() => userWallets(page), wait).toBe(`${first}, ${addressOf(key('cd'))}`)
  expect((await authState(page)).sessionId).toBe(sessionId)
  expect(await authEvents(page)).toContain('CREDENTIAL_LINKED')
  expect(await authEvents(page)).not.toContain('SIGNED_OUT:user')

  // The other device's wallet: credential_in_use, shown, nothing changes.
  await switchAccount(page, key('ab'))
  // The switch to someone else's account asks first (policy `prompt`); keep the session.
  const prompt = page.getByRole('dialog', { name: 'Your wallet switched accounts' })
  await prompt.waitFor(wait)
  await prompt.getByRole('button', { name: /^Keep using/ }).click()
  await page.getByRole('button', { name: 'Link the connected wallet account' }).click()
  await expect.poll(() => page.getByTestId('link-error').getAttribute('data-code'), wait).toBe('credential_in_use')
  expect(await userWallets(page)).toBe(`${first}, ${addressOf(key('cd'))}`)
  expect((await authState(page)).sessionId).toBe(sessionId)

  // Link an email with the code from the dev mailbox.
  const email = 'wallet-e2e@example.com'
  const input = page.locator('input[name="link-email"]')
  await input.fill(email)
  await input.press('Enter')
  const codeCell = page.locator(`[data-testid="dev-mailbox"] tr[data-email="${email}"] [data-testid="mailbox-code"]`)
  await expect.poll(() => codeCell.count(), wait).toBe(1)
  await input.fill((await codeCell.textContent())?.trim() ?? '')
  await input.press('Enter')
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)
  expect((await authState(page)).sessionId).toBe(sessionId)
  expect(errors).toEqual([])
  await context.close()
})

test('behavior: an account switch under each policy', async () => {
  // prompt (default): the dialog offers to sign in with the new account.
  {
    const { context, page } = await openPage()
    await signInWithDevWallet(page)
    const { sessionId } = await authState(page)
    await switchAccount(page, key('e1'))
    const prompt = page.getByRole('dialog', { name: 'Your wallet switched accounts' })
    await prompt.waitFor(wait)
    await prompt.getByRole('button', { name: 'Sign in with the new account' }).click()
    await expect.poll(() => userWallets(page), wait).toBe(addressOf(key('e1')))
    expect((await authState(page)).sessionId).not.toBe(sessionId)
    await context.close()
  }
  // signOut: the session ends with reason wallet_changed.
  {
    const { context, page } = await openPage('?walletMismatch=signOut')
    await signInWithDevWallet(page)
    await switchAccount(page, key('e2'))
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor(wait)
    expect(await authEvents(page)).toContain('SIGNED_OUT:wallet_changed')
    await context.close()
  }
  // ignore: nothing asks, the session stays.
  {
    const { context, page } = await openPage('?walletMismatch=ignore')
    await signInWithDevWallet(page)
    const { sessionId } = await authState(page)
    await switchAccount(page, key('e3'))
    await expect.poll(() => page.evaluate(() => (window as unknown as { latchkey: { getState(): { walletMismatch?: unknown } } }).latchkey.getState().walletMismatch), wait).not.toBeNull()
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect((await authState(page)).sessionId).toBe(sessionId)
    await context.close()
  }
})

test('behavior: connect-only visitors, upgraded by signing', async () => {
  const { context, page } = await openPage('?mode=connect-only')
  await visitorUpgradesBySigning(page, log, 'Connect wallet', await devWallet(page))
  await context.close()
})
