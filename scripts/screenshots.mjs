#!/usr/bin/env node
/**
 * `npm run screenshots`: PNGs of the main stories, in the light and the dark theme, in
 * `screenshots/` (git-ignored), for a reviewer to look at without starting Storybook.
 *
 * Builds Storybook into `storybook-static/` when it is missing (or with `--build`), serves it
 * on a loopback port, opens each story in Debian's Chromium, waits until Storybook reports the
 * story finished (render, play function and axe check: the phase `completed`), and writes
 * `screenshots/<story>.<theme>.png`. The states are the stories' own: the real engine and
 * in-page server driven by each story's `play`.
 *
 *   npm run screenshots                     # every main story, light and dark
 *   npm run screenshots -- --build          # rebuild Storybook first
 *   npm run screenshots -- --only accountmenu
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const staticDir = join(root, 'storybook-static')
const outDir = join(root, 'screenshots')
const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.toLowerCase() : undefined

/** The stories a reviewer looks at first: every component in its main states. */
const STORIES = [
  'ui-authbutton--loading',
  'ui-authbutton--signed-out',
  'ui-authbutton--signing-in',
  'ui-authbutton--signed-in',
  'ui-authbutton--account-menu-open',
  'ui-authbutton--signed-in-with-wallet',
  'ui-authbutton--visitor',
  'ui-authbutton--wallet-mismatch',
  'ui-authbutton--offline',
  'ui-authbutton--session-expiring',
  'ui-authbutton--custom-trigger',
  'ui-authbutton--appearance',
  'ui-loginmodal--email-step',
  'ui-loginmodal--code-step',
  'ui-loginmodal--wrong-code',
  'ui-loginmodal--too-many-attempts',
  'ui-wallets--method-list',
  'ui-wallets--waiting-for-signature',
  'ui-wallets--signature-declined',
  'ui-sessiontimeoutwarning--warning',
  'ui-sessiontimeoutwarning--ended',
  'ui-accountmenu--several-devices',
  'ui-accountmenu--with-credentials',
  'ui-accountmenu--wallet-in-use',
]
const THEMES = ['light', 'dark']
/** The page behind the components, per theme (the stories' own dark backdrop). */
const BACKDROP = { light: '#ffffff', dark: '#15161a' }

if (args.includes('--build') || !existsSync(join(staticDir, 'iframe.html'))) {
  console.log('Building Storybook into storybook-static/ …')
  const built = spawnSync('npx', ['storybook', 'build', '-o', 'storybook-static', '--quiet'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) {
    console.error('storybook build failed: see above. Fix the stories, then run npm run screenshots again.')
    process.exit(1)
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.wasm': 'application/wasm' }
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '')
  const file = join(staticDir, path.endsWith('/') ? `${path}index.html` : path)
  if (!file.startsWith(staticDir) || !existsSync(file)) {
    response.writeHead(404).end()
    return
  }
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
})
await new Promise((done) => server.listen(0, '127.0.0.1', done))
const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())

const browser = await chromium.launch({
  headless: true,
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

const failures = []
let written = 0
try {
  for (const id of STORIES.filter((story) => only === undefined || story.includes(only))) {
    for (const theme of THEMES) {
      // One context per shot: stories keep state in the page (storage, wallets).
      const context = await browser.newContext({ viewport: { width: 720, height: id.startsWith('ui-accountmenu') ? 900 : 640 }, deviceScaleFactor: 1, colorScheme: theme })
      const page = await context.newPage()
      process.stdout.write(`${id} (${theme})\n`)
      const errors = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${id}&viewMode=story&args=theme:${theme}`)
      // Storybook's own progress: render, play function, then the axe check (`completed`).
      const phase = await page
        .waitForFunction(
          () => {
            const phase = /** @type {any} */ (window).__STORYBOOK_PREVIEW__?.currentRender?.phase
            return ['completed', 'finished', 'errored', 'aborted'].includes(phase) ? phase : false
          },
          undefined,
          { timeout: 60_000, polling: 100 },
        )
        .then((handle) => handle.jsonValue())
        .catch(() => 'timed out')
      await page.addStyleTag({ content: `html, body { background: ${BACKDROP[theme]} !important; }` })
      // Dialogs animate in (160 ms): wait for the animations to end, not for a guessed delay.
      // (Endless ones, like the wallet's pulse, are left running.)
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
            .map((animation) => animation.finished.catch(() => {})),
        ),
      )
      await page.screenshot({ path: join(outDir, `${id.replace(/^ui-/, '')}.${theme}.png`) })
      written++
      if (phase !== 'completed' && phase !== 'finished') failures.push(`${id} (${theme}): ${phase}${errors.length ? ` — ${errors.join('; ')}` : ''}`)
      await context.close()
    }
  }
} finally {
  await browser.close()
  server.close()
}

console.log(`Wrote ${written} screenshots to screenshots/.`)
if (failures.length > 0) {
  console.error(`Stories that did not finish cleanly (their screenshot may show an error):\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
