/**
 * Server-side truth about refreshes: the rotations of one session, read from the store by
 * walking its refresh-token family from the live token back to the one issued at sign-in.
 */
import type { Page } from 'playwright-core'
import { sha256 } from '../../../src/server/crypto.js'
import type { AuthStore } from '../../../src/server/store.js'

/**
 * Rotations the server made in the family of `refreshToken`: the tokens from the one issued at
 * sign-in to the live one (found through parents and children, so a page that has not stored
 * the newest token yet does not matter), minus the first.
 */
export async function rotationsOf(store: AuthStore, refreshToken: string): Promise<number> {
  const find = async (hash: string) => {
    const token = await store.findRefreshToken(hash)
    if (token === null) throw new Error(`refresh token ${hash} is not in the store`)
    return token
  }
  const start = await find(await sha256(refreshToken))
  let tokens = 1
  for (let hash = start.parentHash; hash !== null; hash = (await find(hash)).parentHash) tokens += 1
  for (let hash = start.childHash; hash !== null; hash = (await find(hash)).childHash) tokens += 1
  return tokens - 1
}

/** The refresh token the page's client keeps (app storage mode: `localStorage`). */
export const storedRefreshToken = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const record = JSON.parse(localStorage.getItem('latchkey.session') ?? 'null') as { refreshToken?: string } | null
    if (!record?.refreshToken) throw new Error('no stored refresh token')
    return record.refreshToken
  })
