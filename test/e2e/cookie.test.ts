import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AuthStore } from '../../src/server/store.js'
import { createPGliteStore } from '../../src/server/stores/pglite.js'
import { authEvents, authState, recordAuthEvents, signInWithEmail, wait } from './helpers/auth.js'
import { freePort, launchChromium, startPlayground } from './helpers/playground.js'
import type { LoggedRequest, RunningPlayground } from './helpers/playground.js'

// Cookie storage mode in a real Chromium (issue 3): the playground's server and client in
// cookie mode with 10 s access tokens. No token is ever readable by the page; reload and
// refresh work on cookies alone; a POST from another origin (same site, so the browser sends
// the cookies) is refused and changes nothing; signing out clears the cookies.

const email = 'cookie@example.com'
let dataDir: string
let store: AuthStore
let playground: RunningPlayground | undefined
let browser: Browser | undefined
/** Another origin of the same site (another port): the page an attacker would serve. */
let elsewhere: Server | undefined
let elsewhereUrl: string
const log: LoggedRequest[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-cookie-'))
  store = createPGliteStore({ dataDir })
  playground = await startPlayground({ dataDir, port: await freePort(), log, storage: 'cookie', server: { store, accessTokenTtl: 10 } })
  const port = await freePort()
  elsewhere = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><p>elsewhere</p>'))
  await new Promise<void>((resolve) => elsewhere!.listen(port, '127.0.0.1', resolve))
  elsewhereUrl = `http://127.0.0.1:${port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await playground?.close()
  await new Promise((resolve) => elsewhere?.close(resolve))
  rmSync(dataDir, { recursive: true, force: true })
})

/** Everything script on the page can read: `document.cookie`, localStorage, sessionStorage. */
const readable = (page: Page) =>
  page.evaluate(() => {
    const dump = (storage: Storage) => Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i)!, storage.getItem(storage.key(i)!)]))
    return JSON.stringify({ cookie: document.cookie, local: dump(localStorage), session: dump(sessionStorage) })
  })

const refreshesAfter = (at: number) => log.filter((entry) => entry.path === '/auth/refresh' && entry.method === 'POST' && entry.at > at)

test('behavior: cookie mode: no readable token, reload and refresh on cookies, cross-origin POSTs refused, sign-out clears the cookies', async () => {
  const context = await browser!.newContext()
  await recordAuthEvents(context)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(playground!.url)
  await signInWithEmail(page, email)
  const { sessionId } = await authState(page)

  // The tokens are in HttpOnly cookies with the attributes DESIGN.md gives (plain-http
  // 127.0.0.1: no `Secure`, so no `__Host-`/`__Secure-` prefixes)...
  const cookies = await context.cookies(playground!.url)
  const access = cookies.find((cookie) => cookie.name === 'latchkey_access')
  const refresh = (await context.cookies(`${playground!.url}/auth/refresh`)).find((cookie) => cookie.name === 'latchkey_refresh')
  expect(access).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
  expect(access!.value).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth/refresh' })
  expect(refresh!.value.length).toBeGreaterThanOrEqual(43)
  // ...and nowhere script can read: not in document.cookie, not in either storage.
  const visible = await readable(page)
  expect(visible).toContain(sessionId) // the non-secret session body is kept, to restore and schedule
  expect(visible).not.toMatch(/eyJ/)
  expect(visible).not.toContain(refresh!.value)
  expect(await page.evaluate(() => document.cookie)).toBe('')
  // getAccessToken() says why it cannot answer.
  expect(
    await page.evaluate(() =>
      (window as unknown as { latchkey: { getAccessToken(): Promise<string> } }).latchkey.getAccessToken().then(
        () => 'resolved',
        (error: { code?: string }) => error.code,
      ),
    ),
  ).toBe('cookie_mode')

  // Reload: still signed in, from the stored session body and the cookies.
  await page.reload()
  await expect.poll(() => page.getByTestId('user-email').textContent(), wait).toBe(email)

  // Refresh works on the refresh cookie alone (10 s tokens: every ~5 s), and rotates the cookies.
  const reloadedAt = Date.now()
  await expect.poll(() => refreshesAfter(reloadedAt).filter((entry) => entry.status === 200).length, wait).toBeGreaterThanOrEqual(1)
  expect(refreshesAfter(reloadedAt)[0]!.cookies).toContain('latchkey_refresh')
  await expect.poll(async () => (await context.cookies(playground!.url)).find((cookie) => cookie.name === 'latchkey_access')?.value, wait).not.toBe(access!.value)
  expect(await readable(page)).not.toMatch(/eyJ/)
  // client.fetch sends the access cookie: GET /auth/me answers 200.
  await page.getByRole('button', { name: /GET \/auth\/me/ }).click()
  await expect.poll(() => page.getByTestId('me-result').textContent(), wait).toMatch(/^200 /)

  // Another origin of the same site: the browser sends the cookies, the server must refuse.
  const attacker = await context.newPage()
  await attacker.goto(elsewhereUrl)
  const attackStart = Date.now()
  const attempts = await attacker.evaluate(async (base) => {
    const attempt = (path: string, init: RequestInit) =>
      fetch(`${base}${path}`, { method: 'POST', credentials: 'include', ...init }).then(
        (response) => `answered ${response.status}`,
        () => 'blocked',
      )
    return {
      // A "simple" request (no preflight): reaches the server, which refuses it.
      refreshSimple: await attempt('/auth/refresh', { headers: { 'content-type': 'text/plain' }, body: '{}' }),
      logoutSimple: await attempt('/auth/logout', { headers: { 'content-type': 'text/plain' }, body: '{}' }),
      // With the CSRF header: the preflight is refused, so the POST is never sent.
      refreshWithHeader: await attempt('/auth/refresh', { headers: { 'content-type': 'application/json', 'x-latchkey': '1' }, body: '{}' }),
      logoutWithHeader: await attempt('/auth/logout', { headers: { 'content-type': 'application/json', 'x-latchkey': '1' }, body: '{}' }),
    }
  }, playground!.url)
  expect(attempts).toEqual({ refreshSimple: 'blocked', logoutSimple: 'blocked', refreshWithHeader: 'blocked', logoutWithHeader: 'blocked' })
  // A classic cross-site form post (a navigation, no CORS involved) to /auth/logout.
  await attacker.evaluate((action) => {
    const form = document.createElement('form')
    form.method = 'POST'
    form.action = action
    document.body.append(form)
    form.submit()
  }, `${playground!.url}/auth/logout`)
  await attacker.waitForURL(`${playground!.url}/auth/logout`)
  expect(JSON.parse((await attacker.textContent('body')) ?? '{}')).toMatchObject({ error: 'csrf_failed' })

  // What the server saw from that origin: the simple POSTs and the form post, each refused
  // with 403, carrying the session's cookies (so SameSite did not save us: the CSRF check did).
  // The preflighted POSTs never came: their preflight was refused (in this dev setup Vite's own
  // CORS middleware answers OPTIONS first, without `Allow-Credentials`; else the auth server's
  // preflight refuses an origin not in `allowedOrigins`).
  const fromAttacker = log.filter((entry) => entry.origin === elsewhereUrl)
  expect(fromAttacker.filter((entry) => entry.method === 'POST').map((entry) => `${entry.path} ${entry.status}`)).toEqual([
    '/auth/refresh 403',
    '/auth/logout 403',
    '/auth/logout 403',
  ])
  expect(fromAttacker.every((entry) => entry.status === 403)).toBe(true)
  expect(fromAttacker.filter((entry) => entry.method === 'POST').every((entry) => entry.cookies.includes('latchkey_access'))).toBe(true)
  expect(fromAttacker.find((entry) => entry.path === '/auth/refresh' && entry.method === 'POST')!.cookies).toContain('latchkey_refresh')
  await attacker.close()

  // The session is untouched: not revoked, and the app's next refresh rotates as usual.
  expect(await store.getSession(sessionId!)).toMatchObject({ revokedAt: null })
  await expect.poll(() => refreshesAfter(attackStart).filter((entry) => entry.status === 200 && entry.origin !== elsewhereUrl).length, wait).toBeGreaterThanOrEqual(1)
  expect(await authState(page)).toEqual({ status: 'authenticated', network: 'online', sessionId })

  // Sign out: both cookies are gone and the session is revoked on the server.
  await page.getByRole('button', { name: new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click()
  await page.getByRole('menuitem', { name: /sign out/i }).or(page.getByRole('button', { name: /sign out/i })).click()
  await expect.poll(() => page.getByTestId('signed-out').count(), wait).toBe(1)
  await expect.poll(() => context.cookies([playground!.url, `${playground!.url}/auth/refresh`]).then((all) => all.filter((c) => c.name.startsWith('latchkey_')).length), wait).toBe(0)
  expect(await store.getSession(sessionId!)).toMatchObject({ revokeReason: 'logout' })
  expect(await readable(page)).not.toContain(sessionId)
  expect((await authEvents(page)).filter((event) => event.startsWith('SIGNED_OUT'))).toEqual(['SIGNED_OUT:user'])
  expect(pageErrors).toEqual([])
  await context.close()
})
