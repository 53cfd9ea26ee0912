// @vitest-environment node
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// The published files (issue 6, kit): the library build, into a temporary folder (about a
// second here), checked for what bundlers tend to lose: the 'use client' directives of the
// src/react and src/ui barrels (rolldown keeps an entry module's directives; this guards it)
// and the French chunk staying lazy.
let outDir: string
const read = (file: string) => readFileSync(join(outDir, file), 'utf8')

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'latchkey-build-'))
  await build({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  })
}, 120_000)

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
})

describe('lib build', () => {
  test("behavior: dist/react.js and dist/ui.js start with 'use client' (Next.js App Router); the rest do not", () => {
    expect(read('react.js').startsWith('"use client";') || read('react.js').startsWith("'use client';")).toBe(true)
    expect(read('ui.js').startsWith('"use client";') || read('ui.js').startsWith("'use client';")).toBe(true)
    for (const file of ['core.js', 'server.js', 'testing.js']) expect(read(file)).not.toMatch(/^["']use client["']/)
  })

  test('behavior: French sits in its own chunk, reached only by a dynamic import', () => {
    const files = readdirSync(outDir).filter((file) => file.endsWith('.js'))
    const french = files.filter((file) => read(file).includes('Se déconnecter'))
    expect(french).toHaveLength(1)
    expect(french[0]).toBe('locales-fr.js') // also the `latchkey/locales/fr` entry
    const importers = files.filter((file) => read(file).includes(french[0]!))
    expect(importers.length).toBeGreaterThan(0)
    for (const file of importers) {
      expect(read(file)).toContain(`import("./${french[0]}")`)
      expect(read(file)).not.toMatch(new RegExp(`from\\s*["']\\./${french[0]!.replace('.', '\\.')}["']`))
    }
  })
})
