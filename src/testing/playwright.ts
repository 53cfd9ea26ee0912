/**
 * `latchkey/testing/playwright`: sign a Playwright page in without clicking through the UI.
 * Imports nothing from Playwright: it drives the `page` you pass.
 */
import type { SessionBody, TokenResponse, User } from '../core/index.js'

/** The few parts of Playwright's `APIResponse` this helper reads. */
export interface PlaywrightResponseLike {
  ok(): boolean
  status(): number
  json(): Promise<unknown>
}

/** The few parts of Playwright's `Page` this helper uses (a real `Page` fits). */
export interface PlaywrightPageLike {
  url(): string
  goto(url: string): Promise<unknown>
  reload(): Promise<unknown>
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>
  /** The page's API request context: shares the browser context's cookies. */
  request: {
    get(url: string, options?: { headers?: Record<string, string> }): Promise<PlaywrightResponseLike>
    post(url: string, options: { headers?: Record<string, string>; data?: unknown }): Promise<PlaywrightResponseLike>
  }
}

/** Options of `signInPage`. */
export interface SignInPageOptions {
  /** The auth server's base URL, absolute: `http://localhost:5173/auth`. */
  baseUrl: string
  email: string
  /**
   * The app page to sign in on; the session is written for its origin. Default: the page's
   * current URL, else the origin of `baseUrl`.
   */
  url?: string
  /** The app's storage mode (`AuthProvider storage`). Default: the server's, from its answer (tokens in the body: `app`). */
  storage?: 'app' | 'cookie'
  /** The app's `storageKey`. Default `latchkey.session`. */
  storageKey?: string
  /**
   * Reads the code sent to `email`. Default: the server's dev mailbox
   * (`GET {baseUrl}/dev/mailbox`, on with `createAuthServer({ dev: true })` or the CLI's `--dev`).
   */
  readCode?: (email: string) => Promise<string>
}

/**
 * Signs `page` in as `email` without the UI: runs the email-code flow over HTTP with the
 * page's own request context (so cookie mode's cookies land in the browser), writes the
 * session record where the client looks for it (localStorage under `storageKey`), and
 * reloads. The page then restores the session like any returning visitor.
 *
 * @example
 * import { signInPage } from 'latchkey/testing/playwright'
 * const user = await signInPage(page, { baseUrl: 'http://localhost:5173/auth', email: 'ada@example.com', url: 'http://localhost:5173/' })
 * await expect(page.getByRole('button', { name: 'Signed in as ada@example.com' })).toBeVisible()
 */
export async function signInPage(page: PlaywrightPageLike, options: SignInPageOptions): Promise<User> {
  const { email, storageKey = 'latchkey.session' } = options
  if (options.storage !== undefined && options.storage !== 'app' && options.storage !== 'cookie') {
    throw new TypeError(`latchkey/testing: \`storage\` must be 'app' or 'cookie', as the app's AuthProvider has it; got ${JSON.stringify(options.storage)}.`)
  }
  const baseUrl = absoluteUrl(options.baseUrl, 'baseUrl').replace(/\/+$/, '')
  const current = page.url()
  const url = options.url ?? (current.startsWith('http') ? current : `${new URL(baseUrl).origin}/`)
  const origin = new URL(absoluteUrl(url, 'url')).origin
  // Sign-in routes need the CSRF header and an exact Origin, as from the app's page.
  const headers = { 'content-type': 'application/json', 'x-latchkey': '1', origin }

  await expectOk(await page.request.post(`${baseUrl}/email/start`, { headers, data: { email } }), 'POST /email/start')
  const code = await (options.readCode ?? ((to) => devMailboxCode(page, baseUrl, to)))(email)
  const response = await page.request.post(`${baseUrl}/email/verify`, { headers, data: { email, code } })
  await expectOk(response, 'POST /email/verify')
  const tokens = (await response.json()) as TokenResponse
  const served = tokens.accessToken && tokens.refreshToken ? 'app' : 'cookie'
  const storage = options.storage ?? served
  if (storage !== served) {
    throw new Error(
      `latchkey/testing: signInPage was told the app uses ${storage} storage, but the server runs in ${served} mode. Use the same mode on both sides.`,
    )
  }

  if (page.url() !== url) await page.goto(url)
  const record = { key: storageKey, mode: storage, session: tokens.session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
  await page.evaluate(writeSessionRecord, record)
  await page.reload()
  return tokens.session.user
}

/** Runs in the page: the record `src/core/record.ts` reads, skew measured against the page's clock. */
function writeSessionRecord(record: { key: string; mode: 'app' | 'cookie'; session: SessionBody; accessToken?: string | undefined; refreshToken?: string | undefined }) {
  const { key, mode, session, accessToken, refreshToken } = record
  const value = { v: 1, mode, session, skew: session.serverNow - Date.now(), ...(mode === 'app' ? { accessToken, refreshToken } : {}) }
  localStorage.setItem(key, JSON.stringify(value))
}

async function devMailboxCode(page: PlaywrightPageLike, baseUrl: string, email: string): Promise<string> {
  const response = await page.request.get(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(email)}`)
  if (response.status() === 404) {
    throw new Error(
      'latchkey/testing: the server has no dev mailbox. Start it with `dev: true` (or the CLI with --dev), or pass `readCode` to signInPage.',
    )
  }
  await expectOk(response, 'GET /dev/mailbox')
  const { mails } = (await response.json()) as { mails: Array<{ code: string }> }
  const code = mails.at(-1)?.code
  if (!code) throw new Error(`latchkey/testing: the dev mailbox holds no code for ${email}.`)
  return code
}

async function expectOk(response: PlaywrightResponseLike, what: string) {
  if (response.ok()) return
  const body = (await response.json().catch(() => null)) as { error?: string; message?: string } | null
  throw new Error(`latchkey/testing: ${what} answered ${response.status()} ${body?.error ?? ''}: ${body?.message ?? 'no message'}`.trim())
}

function absoluteUrl(value: string, name: string): string {
  try {
    return new URL(value).href
  } catch {
    throw new TypeError(`latchkey/testing: \`${name}\` must be an absolute URL such as http://localhost:5173/auth; got ${JSON.stringify(value)}.`)
  }
}
