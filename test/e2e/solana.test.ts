import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import type { Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { authEvents, authState, wait } from './helpers/auth.js'
import { devSolanaWallet, devWallet, userWallets, visitorUpgradesBySigning, walletPlayground } from './helpers/walletPlayground.js'

// Solana wallets in a real Chromium on the playground: the Dev Solana wallet (latchkey's
// Wallet Standard test wallet, registered for discovery, signing with ed25519 for real) →
// latchkey/solana → the login modal → the server's SIWS verifier on PGlite.
// `window.devSolanaWallet` stands in for the wallet extension's own UI.

const { log, openPage } = walletPlayground('solana')

const seed = (byte: number) => Array.from({ length: 32 }, () => byte)
const solanaAddressOf = (bytes: number[]) => base58.encode(ed25519.getPublicKey(Uint8Array.from(bytes)))

const switchSolanaAccount = (page: Page, bytes: number[]) =>
  page.evaluate((b) => (window as unknown as { devSolanaWallet: { switchAccount(k: Uint8Array): string } }).devSolanaWallet.switchAccount(Uint8Array.from(b)), bytes)

async function signInFromModal(page: Page, walletName: 'Dev Solana wallet' | 'Dev wallet') {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const dialog = page.getByRole('dialog')
  // Both chains, grouped: the Dev wallet under "Ethereum", the Dev Solana wallet under "Solana".
  await dialog.getByRole('heading', { name: 'Solana' }).waitFor(wait)
  await dialog.getByRole('region', { name: walletName === 'Dev wallet' ? 'Ethereum' : 'Solana' }).getByRole('button', { name: walletName, exact: true }).click()
  await expect.poll(() => page.getByTestId('user-email').count(), wait).toBe(1)
  await expect.poll(() => page.getByRole('dialog').count(), wait).toBe(0)
}

test('behavior: sign in with the Dev Solana wallet, reload, link the EVM Dev wallet', async () => {
  const { context, page, errors } = await openPage()
  const solana = await devSolanaWallet(page)
  await signInFromModal(page, 'Dev Solana wallet')
  expect(await userWallets(page)).toBe(solana)
  expect(log.filter((entry) => entry.path === '/auth/wallet/verify').map((entry) => entry.status)).toEqual([200])

  // Reload: still signed in from storage, the wallet reconnected silently, no mismatch.
  const { sessionId } = await authState(page)
  await page.reload()
  await expect.poll(() => userWallets(page), wait).toBe(solana)
  expect((await authState(page)).sessionId).toBe(sessionId)
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { latchkey: { getWalletAccount(p: { chain: string }): { address: string } | null } }).latchkey.getWalletAccount({ chain: 'solana' })?.address ?? null), wait)
    .toBe(solana)

  // Link the EVM Dev wallet to the Solana user: same session, both credentials.
  await page.getByRole('button', { name: 'Link an EVM wallet' }).click()
  const evm = await devWallet(page)
  await expect.poll(() => userWallets(page), wait).toBe(`${solana}, ${evm}`)
  expect((await authState(page)).sessionId).toBe(sessionId)
  expect(await authEvents(page)).toContain('CREDENTIAL_LINKED')

  expect(errors).toEqual([])
  await context.close()
})

test('behavior: link the Dev Solana wallet to an EVM user; the Solana wallet then signs in to that user', async () => {
  const { context, page, errors } = await openPage()
  await switchSolanaAccount(page, seed(0x21))
  await signInFromModal(page, 'Dev wallet')
  const evm = await devWallet(page)
  const { sessionId } = await authState(page)
  await page.getByRole('button', { name: 'Link a Solana wallet' }).click()
  await expect.poll(() => userWallets(page), wait).toBe(`${evm}, ${solanaAddressOf(seed(0x21))}`)
  expect((await authState(page)).sessionId).toBe(sessionId)
  const user = await page.evaluate(() => (window as unknown as { latchkey: { getState(): { user?: { id: string } } } }).latchkey.getState().user?.id)

  // A fresh browser whose Dev Solana wallet holds the same key signs in to the same user.
  const other = await openPage()
  await switchSolanaAccount(other.page, seed(0x21))
  await signInFromModal(other.page, 'Dev Solana wallet')
  expect(await other.page.evaluate(() => (window as unknown as { latchkey: { getState(): { user?: { id: string } } } }).latchkey.getState().user?.id)).toBe(user)
  await other.context.close()
  expect(errors).toEqual([])
  await context.close()
})

test('behavior: an account switch in the Solana wallet asks first; signOut policy ends the session', async () => {
  {
    const { context, page } = await openPage()
    await signInFromModal(page, 'Dev Solana wallet')
    const { sessionId } = await authState(page)
    await switchSolanaAccount(page, seed(0x31))
    const prompt = page.getByRole('dialog', { name: 'Your wallet switched accounts' })
    await prompt.waitFor(wait)
    await prompt.getByRole('button', { name: 'Sign in with the new account' }).click()
    await expect.poll(() => userWallets(page), wait).toBe(solanaAddressOf(seed(0x31)))
    expect((await authState(page)).sessionId).not.toBe(sessionId)
    await context.close()
  }
  {
    const { context, page } = await openPage('?walletMismatch=signOut')
    await signInFromModal(page, 'Dev Solana wallet')
    await switchSolanaAccount(page, seed(0x32))
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor(wait)
    expect(await authEvents(page)).toContain('SIGNED_OUT:wallet_changed')
    await context.close()
  }
})

test('behavior: connect-only visitors with a Solana wallet, upgraded by signing; a disconnect is remembered', async () => {
  const { context, page } = await openPage('?mode=connect-only')
  await visitorUpgradesBySigning(page, log, 'Connect Solana wallet', await devSolanaWallet(page))
  // Nothing reconnected the disconnected wallet on reload.
  expect(await page.evaluate(() => (window as unknown as { latchkey: { getWalletAccount(p: { chain: string }): unknown } }).latchkey.getWalletAccount({ chain: 'solana' }))).toBeNull()
  await context.close()
})

test('behavior: a wallet without solana:signIn signs the SIWS message the adapter writes', async () => {
  const { context, page, errors } = await openPage('?solanaSignIn=off')
  const features = await page.evaluate(() => Object.keys((window as unknown as { devSolanaWallet: { features: object } }).devSolanaWallet.features))
  expect(features).not.toContain('solana:signIn')
  expect(features).toContain('solana:signMessage')
  const solana = await devSolanaWallet(page)
  const before = log.filter((entry) => entry.path === '/auth/wallet/verify').length
  await signInFromModal(page, 'Dev Solana wallet')
  expect(await userWallets(page)).toBe(solana)
  expect(log.filter((entry) => entry.path === '/auth/wallet/verify').slice(before).map((entry) => entry.status)).toEqual([200])
  expect(await authState(page)).toMatchObject({ status: 'authenticated' })
  expect(errors).toEqual([])
  await context.close()
})
