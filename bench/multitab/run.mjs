#!/usr/bin/env node
// `npm run bench:multitab -- --tabs 1,5,10 --seconds 60 --token-ttl 10`: how many refresh
// requests N tabs of one browser make per token rotation, measured on the real playground
// (Vite + the auth server on PGlite) in Debian's Chromium. A script, not a test: it prints
// what it saw and fails nobody.
//
// For each tab count: a fresh database, the playground with access tokens of --token-ttl
// seconds, one browser context with N tabs (signed in by email code in the first, the others
// restoring the session), left alone for --seconds. Then:
//   rotations      refresh tokens the server issued for the session, minus the first (PGlite)
//   refreshes      POST /auth/refresh requests that reached the server (its request log)
//   per rotation   refreshes / rotations: 1.00 means one request per rotation, however many tabs
//   sign-outs      SIGNED_OUT events in all tabs (onAuthStateChange)
//   signed in      tabs still showing the signed-in UI at the end
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { chromium } from 'playwright-core'
import { createServer } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const { values } = parseArgs({
  options: {
    tabs: { type: 'string', default: '1,5,10' },
    seconds: { type: 'string', default: '60' },
    'token-ttl': { type: 'string', default: '10' },
  },
})
const tabCounts = values.tabs.split(',').map((n) => Number(n.trim()))
const seconds = Number(values.seconds)
const tokenTtl = Number(values['token-ttl'])
if (tabCounts.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0) || !(tokenTtl >= 2)) {
  console.error('usage: npm run bench:multitab -- --tabs 1,5,10 --seconds 60 --token-ttl 10 (whole tab counts; token TTL of at least 2 s)')
  process.exit(2)
}

/** Debian's chromium with the flags this machine's closed network needs (as vite.config.ts). */
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}

async function freePort() {
  const server = createNetServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Logs every request under /auth as answered; `enforce: 'pre'` puts it before the auth server. */
const requestLog = (entries) => ({
  name: 'latchkey-bench:request-log',
  enforce: 'pre',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = (req.url ?? '/').split('?')[0]
      if (path.startsWith('/auth/')) res.once('finish', () => entries.push({ method: req.method, path, status: res.statusCode }))
      next()
    })
  },
})

/** Records the page client's events from its creation (the playground sets `window.latchkey`). */
function recordEvents() {
  const events = []
  window.__authEvents = events
  Object.defineProperty(window, 'latchkey', {
    configurable: true,
    get: () => undefined,
    set(client) {
      Object.defineProperty(window, 'latchkey', { configurable: true, writable: true, value: client })
      client.onAuthStateChange((event) => events.push(event.type === 'SIGNED_OUT' ? `SIGNED_OUT:${event.reason}` : event.type))
    },
  })
}

async function waitFor(check, what, timeout = 30_000) {
  const end = Date.now() + timeout
  for (;;) {
    if (await check()) return
    if (Date.now() > end) throw new Error(`bench/multitab: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function signIn(page, email) {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: /email/i }).fill(email)
  await dialog.getByRole('textbox', { name: /email/i }).press('Enter')
  const cell = page.locator(`[data-testid="dev-mailbox"] tr[data-email="${email}"] [data-testid="mailbox-code"]`)
  await waitFor(async () => (await cell.count()) === 1, 'the code in the dev mailbox')
  const input = dialog.locator('input[autocomplete="one-time-code"]')
  await input.fill((await cell.textContent()).trim())
  await input.press('Enter')
  await page.getByTestId('user-email').waitFor({ timeout: 30_000 })
}

async function run(tabs) {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-tabs-'))
  process.env.LATCHKEY_BENCH_DATA_DIR = dataDir
  process.env.LATCHKEY_BENCH_TOKEN_TTL = String(tokenTtl)
  const log = []
  const port = await freePort()
  const vite = await createServer({
    configFile: join(root, 'bench/multitab/vite.config.ts'),
    plugins: [requestLog(log)],
    logLevel: 'warn',
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
  })
  await vite.listen()
  const url = `http://127.0.0.1:${port}`
  const browser = await chromium.launch(launchOptions)
  try {
    const context = await browser.newContext()
    await context.addInitScript(recordEvents)
    const pages = [await context.newPage()]
    await pages[0].goto(url)
    await signIn(pages[0], 'bench@example.com')
    for (let i = 1; i < tabs; i++) {
      const page = await context.newPage()
      await page.goto(url)
      await page.getByTestId('user-email').waitFor({ timeout: 30_000 })
      pages.push(page)
    }
    const start = log.length
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    const refreshes = log.slice(start).filter((entry) => entry.method === 'POST' && entry.path === '/auth/refresh')
    let signOuts = 0
    let signedIn = 0
    for (const page of pages) {
      signOuts += (await page.evaluate(() => window.__authEvents)).filter((event) => event.startsWith('SIGNED_OUT')).length
      if ((await page.getByTestId('user-email').count()) === 1) signedIn += 1
    }
    await context.close()
    const all = log.filter((entry) => entry.method === 'POST' && entry.path === '/auth/refresh')
    const failed = all.filter((entry) => entry.status !== 200).length
    return { tabs, refreshes: refreshes.length, allRefreshes: all.length, failed, signOuts, signedIn }
  } finally {
    await browser.close()
    await vite.close()
  }
}

/** Rotations the server made, from the database the run left: tokens per session minus one. */
async function rotationsIn(dataDir) {
  const db = await PGlite.create({ dataDir })
  try {
    const { rows } = await db.query('SELECT count(*)::int AS tokens FROM latchkey_refresh_tokens')
    const sessions = await db.query('SELECT count(*)::int AS n FROM latchkey_sessions')
    return rows[0].tokens - sessions.rows[0].n
  } finally {
    await db.close()
  }
}

const results = []
for (const tabs of tabCounts) {
  process.stdout.write(`bench/multitab: ${tabs} tab(s), ${seconds} s, ${tokenTtl} s tokens… `)
  const result = await run(tabs)
  const dataDir = process.env.LATCHKEY_BENCH_DATA_DIR
  // Rotations over the whole run (sign-in included), compared with every refresh request of the run.
  const rotations = await rotationsIn(dataDir)
  rmSync(dataDir, { recursive: true, force: true })
  results.push({ ...result, rotations })
  console.log('done')
}

const headers = ['tabs', 'rotations', 'refresh requests', 'requests per rotation', 'failed refreshes', 'sign-outs', 'tabs signed in']
const rows = results.map((r) => [
  r.tabs,
  r.rotations,
  r.allRefreshes,
  r.rotations === 0 ? '-' : (r.allRefreshes / r.rotations).toFixed(2),
  r.failed,
  r.signOuts,
  `${r.signedIn}/${r.tabs}`,
])
const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)))
const line = (cells) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ')
console.log(
  `\n${seconds} s per run after the tabs opened, access tokens of ${tokenTtl} s (a rotation about every ${tokenTtl / 2} s);` +
    `\nrotations and requests count the whole run, sign-in and opening the tabs included.\n`,
)
console.log(line(headers))
console.log(widths.map((w) => '-'.repeat(w)).join('  '))
for (const row of rows) console.log(line(row))
