// @vitest-environment node
import { expect, test } from 'vitest'
import * as node from './node.js'
import * as server from './index.js'
import * as pglite from './stores/pglite.js'
import * as vite from './vite.js'

// The public surface: any change here is a visible diff.
test('exports', () => {
  expect(Object.keys(server).sort()).toMatchInlineSnapshot(`
    [
      "AuthServerError",
      "consoleMailer",
      "createAuthServer",
      "createMemoryRateLimiter",
      "createMemoryStore",
      "createSqlStore",
      "memoryMailer",
      "migrate",
      "requireAuth",
      "verifyAccessToken",
      "withAuth",
    ]
  `)
  expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
    [
      "serve",
      "toNodeListener",
    ]
  `)
  expect(Object.keys(pglite).sort()).toMatchInlineSnapshot(`
    [
      "createPGliteStore",
    ]
  `)
  expect(Object.keys(vite).sort()).toMatchInlineSnapshot(`
    [
      "latchkeyDevServer",
    ]
  `)
})

// --- server-scale (issue 7): `latchkey/server/pg` ---
test('exports: latchkey/server/pg', async () => {
  const pg = await import('./stores/pg.js')
  expect(Object.keys(pg).sort()).toMatchInlineSnapshot(`
    [
      "createPostgresStore",
    ]
  `)
})

// --- server-ops (issue 7): `latchkey/server/smtp` and the CLI module ---
test('exports: latchkey/server/smtp', async () => {
  const smtp = await import('./mailers/smtp.js')
  expect(Object.keys(smtp).sort()).toMatchInlineSnapshot(`
    [
      "smtpMailer",
    ]
  `)
})
