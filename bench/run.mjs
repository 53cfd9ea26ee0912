#!/usr/bin/env node
// `npm run bench`: what latchkey costs a user, measured, not assumed.
//
// 1. Each package entry point in dist/ (the file plus the local chunks it imports
//    statically), as published: unminified, dependencies external.
// 2. Each fixed app in bench/apps/ built by Vite for production, with `latchkey/*`
//    resolved to the built dist/ (as an app installing the package would), its
//    initial chunks (loaded by the page) and lazy chunks (dynamic imports) apart,
//    compared to `baseline` (React + ReactDOM rendering a button) built in the same run.
//
// Sizes: raw, gzip (level 9) and brotli (quality 11), from node:zlib.
// Results: printed as tables and written to bench/out/results.{json,md}.
// Options: --build rebuilds dist/ first (otherwise only when dist/ is missing).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { build } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const appsDir = join(root, 'bench', 'apps')
const outDir = join(root, 'bench', 'out')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

function sizes(buffers) {
  const all = Buffer.concat(buffers.map((b) => (typeof b === 'string' ? Buffer.from(b) : Buffer.from(b))))
  return {
    raw: all.length,
    gzip: gzipSync(all, { level: 9 }).length,
    brotli: brotliCompressSync(all, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: all.length },
    }).length,
  }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`

function table(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function markdownTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

// --- 1. dist/ ---------------------------------------------------------------

const forceBuild = process.argv.includes('--build')
if (forceBuild || !existsSync(dist)) {
  console.log(forceBuild ? 'bench: rebuilding dist/ (npm run build)…' : 'bench: dist/ is missing, running npm run build…')
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** `latchkey/x` → the file in dist/ that package.json's exports name. */
const exportTargets = Object.entries(pkg.exports)
  .filter(([key]) => key !== './package.json')
  .map(([key, target]) => ({
    name: key === '.' ? 'latchkey' : `latchkey/${key.slice(2)}`,
    file: join(root, typeof target === 'string' ? target : target.default),
  }))

/** The entry file plus every local chunk it imports statically, transitively. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return seen
  seen.add(file)
  const code = readFileSync(file, 'utf8')
  // Static `import … from './x.js'` and `export … from './x.js'` (not `import('./x.js')`).
  for (const match of code.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    staticClosure(join(dirname(file), match[1]), seen)
  }
  for (const match of code.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    staticClosure(join(dirname(file), match[1]), seen)
  }
  return seen
}

const entryRows = []
const entryResults = []
for (const target of exportTargets) {
  if (!existsSync(target.file)) {
    entryRows.push([target.name, 'missing', '', '', ''])
    continue
  }
  const files = [...staticClosure(target.file)]
  const size = sizes(files.map((file) => readFileSync(file)))
  entryResults.push({ entry: target.name, files: files.map((file) => relative(root, file)), ...size })
  entryRows.push([target.name, files.length, kB(size.raw), kB(size.gzip), kB(size.brotli)])
}

// --- 2. apps -------------------------------------------------------------------

/** `latchkey/*` → dist/, exact names only (`latchkey` must not swallow `latchkey/react`). */
const distAliases = exportTargets.map((target) => ({
  find: new RegExp(`^${target.name.replace(/[.*/]/g, (c) => `\\${c}`)}$`),
  replacement: target.file,
}))

/** `react-dom`, `@tanstack/query-core`, `latchkey (dist/core-….js)` or `app` for a module id. */
function originOf(id) {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '')
  const inModules = clean.lastIndexOf('/node_modules/')
  if (inModules !== -1) {
    const [first, second] = clean.slice(inModules + '/node_modules/'.length).split('/')
    return first.startsWith('@') ? `${first}/${second}` : first
  }
  if (clean.startsWith(`${dist}/`)) return `latchkey (${relative(root, clean)})`
  if (clean.startsWith(appsDir)) return 'app'
  return clean.split('/')[0] || clean
}

async function buildApp(name) {
  const output = await build({
    root: join(appsDir, name),
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: distAliases },
    build: {
      outDir: join(outDir, 'apps', name),
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  })
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output)
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))

  // Initial: the entry chunks and their static imports; lazy: every other JS chunk.
  const initial = new Set()
  const visit = (fileName) => {
    const chunk = byName.get(fileName)
    if (!chunk || initial.has(fileName)) return
    initial.add(fileName)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const chunk of chunks) if (chunk.type === 'chunk' && chunk.isEntry) visit(chunk.fileName)

  const js = chunks.filter((chunk) => chunk.type === 'chunk')
  // Where the initial JS comes from, by package, from each module's rendered (pre-minify) length.
  const origins = new Map()
  for (const chunk of js.filter((c) => initial.has(c.fileName))) {
    for (const [id, module] of Object.entries(chunk.modules ?? {})) {
      const origin = originOf(id)
      origins.set(origin, (origins.get(origin) ?? 0) + module.renderedLength)
    }
  }
  // Solana (issue 5): an app that registers no Solana adapter must download no Solana code, initial or lazy.
  if (name !== 'solana') {
    const solanaModules = js.flatMap((chunk) => Object.keys(chunk.modules ?? {})).filter((id) => /\/node_modules\/@(wallet-standard|solana)\/|\/dist\/solana[.-]/.test(id))
    if (solanaModules.length > 0) throw new Error(`bench/apps/${name} registers no Solana adapter but bundles Solana code: ${solanaModules.slice(0, 3).join(', ')}`)
  }
  // Translation (issue 6, kit): English apps download no other language up front; French is a lazy chunk.
  const frenchInitial = js.filter((chunk) => initial.has(chunk.fileName) && chunk.code.includes('Se déconnecter'))
  if (frenchInitial.length > 0) throw new Error(`bench/apps/${name}'s initial JS contains the French messages (${frenchInitial.map((c) => c.fileName).join(', ')}): they must load only when a locale asks for them.`)
  // The account menu (issue 6) loads when a signed-in user opens it: a chunk merge in the kit's
  // build once put it in every app's first download.
  const accountMenuInitial = js.filter((chunk) => initial.has(chunk.fileName) && chunk.code.includes('latchkey-account-credentials'))
  if (accountMenuInitial.length > 0) throw new Error(`bench/apps/${name}'s initial JS contains the account menu (${accountMenuInitial.map((c) => c.fileName).join(', ')}): it must stay a lazy chunk.`)
  const css = chunks.filter((chunk) => chunk.type === 'asset' && chunk.fileName.endsWith('.css'))
  const pick = (list) => ({ files: list.map((c) => c.fileName), ...sizes(list.map((c) => (c.type === 'chunk' ? c.code : c.source))) })
  return {
    app: name,
    initialOrigins: [...origins].map(([origin, rendered]) => ({ origin, rendered })).sort((a, b) => b.rendered - a.rendered),
    initialJs: pick(js.filter((chunk) => initial.has(chunk.fileName))),
    lazyJs: pick(js.filter((chunk) => !initial.has(chunk.fileName))),
    css: pick(css),
  }
}

const appNames = readdirSync(appsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'index.html')))
  .map((entry) => entry.name)
  .sort((a, b) => (a === 'baseline' ? -1 : b === 'baseline' ? 1 : a.localeCompare(b)))
if (appNames[0] !== 'baseline') throw new Error('bench/apps/baseline is missing: every app is compared to it.')

const appResults = []
for (const name of appNames) {
  process.stdout.write(`bench: building bench/apps/${name}…\n`)
  appResults.push(await buildApp(name))
}

const baseline = appResults[0]
const ratio = (value, base) => (base > 0 ? `${(value / base).toFixed(2)}×` : '')
const appRows = []
for (const result of appResults) {
  const { initialJs, lazyJs, css } = result
  appRows.push([
    result.app,
    'initial JS',
    initialJs.files.length,
    kB(initialJs.raw),
    kB(initialJs.gzip),
    kB(initialJs.brotli),
    result === baseline ? '1.00×' : ratio(initialJs.gzip, baseline.initialJs.gzip),
    result === baseline ? '' : `+${kB(initialJs.gzip - baseline.initialJs.gzip)}`,
  ])
  appRows.push(
    lazyJs.files.length === 0
      ? [result.app, 'lazy JS', 0, '—', '—', '—', '', '']
      : [result.app, 'lazy JS', lazyJs.files.length, kB(lazyJs.raw), kB(lazyJs.gzip), kB(lazyJs.brotli), '', ''],
  )
  if (css.files.length > 0) appRows.push([result.app, 'CSS', css.files.length, kB(css.raw), kB(css.gzip), kB(css.brotli), '', ''])
}

// --- report --------------------------------------------------------------------

const entryHeaders = ['entry (dist, unminified)', 'files', 'raw', 'gzip', 'brotli']
const appHeaders = ['app', 'part', 'files', 'raw', 'gzip', 'brotli', 'gzip ÷ baseline', 'gzip over baseline']
console.log(`\nPackage entry points (file + static local chunks; dependencies external)\n`)
console.log(table(entryHeaders, entryRows))
console.log(`\nApps built with Vite (production, minified), latchkey from dist/\n`)
console.log(table(appHeaders, appRows))

const originHeaders = ['app', 'initial JS from', 'rendered (pre-minify)', 'share']
const originRows = []
for (const result of appResults) {
  const total = result.initialOrigins.reduce((sum, entry) => sum + entry.rendered, 0)
  const top = result.initialOrigins.slice(0, 6)
  const rest = result.initialOrigins.slice(6).reduce((sum, entry) => sum + entry.rendered, 0)
  for (const entry of top) originRows.push([result.app, entry.origin, kB(entry.rendered), `${((entry.rendered / total) * 100).toFixed(1)}%`])
  if (rest > 0) originRows.push([result.app, 'everything else', kB(rest), `${((rest / total) * 100).toFixed(1)}%`])
}
console.log(`\nWhere each app's initial JS comes from (module sizes before minification)\n`)
console.log(table(originHeaders, originRows))

mkdirSync(outDir, { recursive: true })
const measuredAt = new Date().toISOString()
writeFileSync(
  join(outDir, 'results.json'),
  `${JSON.stringify({ measuredAt, node: process.version, version: pkg.version, entries: entryResults, apps: appResults }, null, 2)}\n`,
)
writeFileSync(
  join(outDir, 'results.md'),
  `# latchkey bench, ${measuredAt}\n\n## Package entry points\n\n${markdownTable(entryHeaders, entryRows)}\n\n## Apps\n\n${markdownTable(appHeaders, appRows)}\n\n## Initial JS by origin\n\n${markdownTable(originHeaders, originRows)}\n`,
)
console.log(`\nbench: results written to ${relative(root, join(outDir, 'results.json'))} and results.md`)
