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
      "createMemoryStore",
      "createSqlStore",
      "memoryMailer",
      "migrate",
      "verifyAccessToken",
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
