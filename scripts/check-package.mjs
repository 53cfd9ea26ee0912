#!/usr/bin/env node
// Packs the package as npm would publish it and checks the tarball, not the
// working tree: publint (package.json fields, exports, files) and
// @arethetypeswrong/cli (types resolve for every subpath under node16/bundler).
// Usage: npm run build && npm run check:package
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = (name) => join(root, 'node_modules', '.bin', name)

function run(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

if (!existsSync(join(root, 'dist'))) {
  console.error('check-package: dist/ is missing. Run `npm run build` first.')
  process.exit(1)
}

const tmp = mkdtempSync(join(tmpdir(), 'latchkey-pack-'))
let failed = []
try {
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (pack.status !== 0) throw new Error(`npm pack failed with status ${pack.status}`)
  const [info] = JSON.parse(pack.stdout)
  const tarball = join(tmp, info.filename)
  console.log(
    `packed ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked`,
  )

  // --strict: publint warnings (e.g. a file an export points at is missing) fail the check.
  if (run(bin('publint'), ['run', tarball, '--strict']) !== 0) failed.push('publint')
  // latchkey is ESM only: a CommonJS `require` resolving to ESM is the design, not a bug.
  // styles.css is a stylesheet, not a module with types: attw has nothing to check there.
  if (run(bin('attw'), [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './styles.css', '--format', 'table-flipped']) !== 0) failed.push('attw')
} catch (error) {
  console.error(error)
  failed.push('pack')
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

if (failed.length > 0) {
  console.error(`\ncheck-package: FAILED (${failed.join(', ')})`)
  process.exit(1)
}
console.log('\ncheck-package: tarball passes publint and attw')
