#!/usr/bin/env node
// `npm run bench:server`: how fast the reference server and the backend check are, next to
// the ceiling on this machine in this run (jose's raw ES256 signing and verification).
//
// 1. jose ES256 sign and verify in a tight loop: the ceiling. Every /refresh signs one token;
//    every verifyAccessToken verifies one.
// 2. verifyAccessToken (latchkey/server) against a key set, same token, same loop.
// 3. POST /refresh through the handler in process (the route's own cost), then over loopback
//    HTTP: the server (node adapter) in a child process, the
//    clients here; memory store and PGlite (in memory). Each client holds its own session and
//    rotates its refresh token request after request, sequentially (latency) and with 16
//    clients at once (throughput).
//
// The source is bundled first (bench/out/server-dist/), so the numbers are for this checkout.
// The ES256 and verifyAccessToken rows are the best of three interleaved rounds (the machine is
// shared). Printed as a table; also written to bench/out/server.json. --quick: 1 s, one round.
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose'
import { build } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'bench', 'out')
const distDir = join(outDir, 'server-dist')
const quick = process.argv.includes('--quick')
const SECONDS = quick ? 1 : 3

// --- build --------------------------------------------------------------------------------

if (process.argv[2] !== '--serve') {
  mkdirSync(outDir, { recursive: true })
  await build({
    configFile: false,
    logLevel: 'error',
    root,
    build: {
      outDir: distDir,
      emptyOutDir: true,
      minify: false,
      lib: { formats: ['es'], entry: { server: 'src/server/index.ts', 'server-node': 'src/server/node.ts', 'server-pglite': 'src/server/stores/pglite.ts' } },
      rolldownOptions: { external: (id) => id.startsWith('node:') || builtinModules.includes(id) || !/^[./]|^\w:/.test(id) },
    },
  })
}

// --- the server process ---------------------------------------------------------------------

if (process.argv[2] === '--serve') {
  const { createAuthServer } = await import(join(distDir, 'server.js'))
  const { serve } = await import(join(distDir, 'server-node.js'))
  const store = process.argv[3] === 'pglite' ? (await import(join(distDir, 'server-pglite.js'))).createPGliteStore() : undefined
  const auth = createAuthServer({ dev: true, rateLimits: false, mailer: { send: async () => undefined }, ...(store ? { store } : {}) })
  const running = await serve({ server: auth })
  process.send({ url: `${running.url}/auth` })
  process.on('message', async () => {
    await running.close()
    await auth.close()
    process.exit(0)
  })
  await new Promise(() => undefined)
}

// --- measuring ------------------------------------------------------------------------------

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Runs `op` back to back for SECONDS; returns ops/s and latency percentiles (ms). */
async function loop(op) {
  for (let i = 0; i < 50; i++) await op() // warm up
  const times = []
  const end = performance.now() + SECONDS * 1000
  const start = performance.now()
  while (performance.now() < end) {
    const t0 = performance.now()
    await op()
    times.push(performance.now() - t0)
  }
  const elapsed = (performance.now() - start) / 1000
  times.sort((a, b) => a - b)
  return { n: times.length, perSecond: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99) }
}

/** `clients` loops at once, each with its own state; ops/s over all, latency per op. */
async function concurrent(clients, makeOp) {
  const ops = await Promise.all(Array.from({ length: clients }, (_, i) => makeOp(i)))
  for (const op of ops) for (let i = 0; i < 5; i++) await op()
  const times = []
  const end = performance.now() + SECONDS * 1000
  const start = performance.now()
  await Promise.all(
    ops.map(async (op) => {
      while (performance.now() < end) {
        const t0 = performance.now()
        await op()
        times.push(performance.now() - t0)
      }
    }),
  )
  const elapsed = (performance.now() - start) / 1000
  times.sort((a, b) => a - b)
  return { n: times.length, perSecond: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99) }
}

// 1. The ceiling: jose ES256.
const { privateKey, publicKey } = await generateKeyPair('ES256')
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }
const jwks = { keys: [jwk] }
const claims = {
  sid: 'ses_bench',
  session_exp: Math.floor(Date.now() / 1000) + 86_400,
  verified_credentials: [{ id: 'cred_bench', format: 'email', email: 'bench@example.com' }],
}
const sign = () =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'JWT' })
    .setIssuer('latchkey')
    .setAudience('latchkey')
    .setSubject('usr_bench')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey)
const token = await sign()
const localSet = createLocalJWKSet(jwks)
const { verifyAccessToken } = await import(join(distDir, 'server.js'))
const micro = {
  joseSign: sign,
  joseVerify: () => jwtVerify(token, localSet, { algorithms: ['ES256'], issuer: 'latchkey', audience: 'latchkey' }),
  // 2. verifyAccessToken.
  verifyAccessToken: () => verifyAccessToken(token, { jwks }),
}
// The machine is shared: three interleaved rounds, the best of each kept, so that a busy
// moment does not land on one row only.
const results = {}
for (let round = 0; round < (quick ? 1 : 3); round++) {
  for (const [name, op] of Object.entries(micro)) {
    const r = await loop(op)
    if (!results[name] || r.perSecond > results[name].perSecond) results[name] = r
  }
}

// 3. POST /refresh over loopback.
async function refreshBench(store) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', store], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { url } = await new Promise((resolve) => child.once('message', resolve))
  const headers = { 'content-type': 'application/json', 'x-latchkey': '1' }
  const post = async (path, body) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
    const json = await response.json()
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  /** A client with its own session: each call rotates its refresh token once. */
  const client = async (i) => {
    const email = `bench-${store}-${i}-${Math.random().toString(36).slice(2)}@example.com`
    await post('/email/start', { email })
    const { mails } = await (await fetch(`${url}/dev/mailbox?to=${encodeURIComponent(email)}`)).json()
    let { refreshToken } = await post('/email/verify', { email, code: mails.at(-1).code })
    return async () => {
      ;({ refreshToken } = await post('/refresh', { refreshToken }))
    }
  }
  try {
    const sequential = await loop(await client('seq'))
    const parallel = await concurrent(16, client)
    return { sequential, parallel }
  } finally {
    child.send('stop')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}
// The same handler called in this process (no HTTP, no second process): what the route itself costs.
{
  const { createAuthServer } = await import(join(distDir, 'server.js'))
  const mails = []
  const auth = createAuthServer({ rateLimits: false, mailer: { send: async (mail) => void mails.push(mail) } })
  const call = async (path, body) => {
    const response = await auth.fetch(
      new Request(`http://localhost/auth${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-latchkey': '1' }, body: JSON.stringify(body) }),
    )
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`)
    return response.json()
  }
  await call('/email/start', { email: 'inprocess@example.com' })
  let { refreshToken } = await call('/email/verify', { email: 'inprocess@example.com', code: mails.at(-1).code })
  results.refreshInProcess = await loop(async () => {
    ;({ refreshToken } = await call('/refresh', { refreshToken }))
  })
  await auth.close()
}
results.refreshMemory = await refreshBench('memory')
results.refreshPGlite = await refreshBench('pglite')

// --- report ---------------------------------------------------------------------------------

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
const ms = (n) => `${n.toFixed(2)} ms`
const ratio = (a, b) => `${((a / b) * 100).toFixed(1)} %`
const rows = [
  ['jose ES256 sign (ceiling for /refresh)', results.joseSign, '—'],
  ['jose ES256 verify (ceiling for verifyAccessToken)', results.joseVerify, '—'],
  ['verifyAccessToken', results.verifyAccessToken, ratio(results.verifyAccessToken.perSecond, results.joseVerify.perSecond)],
  ['POST /refresh in process (no HTTP), memory', results.refreshInProcess, ratio(results.refreshInProcess.perSecond, results.joseSign.perSecond)],
  ['POST /refresh, memory, 1 client', results.refreshMemory.sequential, ratio(results.refreshMemory.sequential.perSecond, results.joseSign.perSecond)],
  ['POST /refresh, memory, 16 clients', results.refreshMemory.parallel, ratio(results.refreshMemory.parallel.perSecond, results.joseSign.perSecond)],
  ['POST /refresh, PGlite, 1 client', results.refreshPGlite.sequential, ratio(results.refreshPGlite.sequential.perSecond, results.joseSign.perSecond)],
  ['POST /refresh, PGlite, 16 clients', results.refreshPGlite.parallel, ratio(results.refreshPGlite.parallel.perSecond, results.joseSign.perSecond)],
]
const headers = ['what', 'ops/s', 'p50', 'p99', 'n', 'of ceiling']
const cells = rows.map(([name, r, of]) => [name, fmt(r.perSecond), ms(r.p50), ms(r.p99), String(r.n), of])
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)))
const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
console.log(`\nlatchkey server bench: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${SECONDS} s per row`)
console.log('(the /refresh server runs in a child process; the clients share the machine with it)\n')
console.log([line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'))
writeFileSync(join(outDir, 'server.json'), JSON.stringify({ node: process.version, cpus: cpus().length, seconds: SECONDS, results }, null, 2))
