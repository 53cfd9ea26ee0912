// @vitest-environment node
/**
 * `latchkey-server` as users run it: bundled the way `npm run build` bundles it (shebang
 * included), started as a child process on a free port, configured by flags and environment,
 * then health, a sign-in, CORS, the JSON request log and a graceful SIGTERM with a request in
 * flight.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
  bin: Record<string, string>
}
const externals = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), 'pg']

/** Bundles src/server/cli.ts like vite.config.ts does, inside the repo so that node_modules resolve. */
async function buildCli(): Promise<{ file: string; dir: string }> {
  const { build } = await import('vite')
  const dir = await mkdtemp(join(root, 'node_modules', '.latchkey-cli-test-'))
  await build({
    configFile: false,
    logLevel: 'error',
    root,
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: false,
      lib: { formats: ['es'], entry: { 'server-cli': join(root, 'src/server/cli.ts') } },
      rolldownOptions: {
        external: (id: string) => id.startsWith('node:') || builtinModules.includes(id) || externals.some((name) => id === name || id.startsWith(`${name}/`)),
      },
    },
  })
  return { file: join(dir, 'server-cli.js'), dir }
}

interface Child {
  process: ChildProcess
  lines: Array<Record<string, unknown>>
  raw: string[]
  /** Resolves with the first log line matching. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  exited: Promise<number | null>
}

function start(file: string, args: string[], env: Record<string, string>, cwd: string): Child {
  const child = spawn(process.execPath, [file, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: Array<Record<string, unknown>> = []
  const raw: string[] = []
  const waiters: Array<{ match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = []
  let buffer = ''
  const onText = (text: string) => {
    buffer += text
    let newline: number
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      if (line.trim() === '') continue
      raw.push(line)
      let parsed: Record<string, unknown>
      try {
        parsed = JSON.parse(line) as Record<string, unknown>
      } catch {
        parsed = { unparsed: line }
      }
      lines.push(parsed)
      for (const waiter of [...waiters]) {
        if (waiter.match(parsed)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(parsed)
        }
      }
    }
  }
  child.stdout.on('data', (chunk: Buffer) => onText(chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => onText(chunk.toString('utf8')))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return {
    process: child,
    lines,
    raw,
    exited,
    waitFor: (match) => {
      const found = lines.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((done, fail) => {
        waiters.push({ match, resolve: done })
        void exited.then((code) => fail(new Error(`latchkey-server exited (${code}) before the expected line:\n${raw.join('\n')}`)))
      })
    },
  }
}

describe('latchkey-server (child process)', () => {
  let built: { file: string; dir: string }
  let data: string
  beforeAll(async () => {
    built = await buildCli()
    data = await mkdtemp(join(tmpdir(), 'latchkey-cli-process-'))
  }, 60_000)
  afterAll(async () => {
    await rm(built.dir, { recursive: true, force: true })
    await rm(data, { recursive: true, force: true })
  })

  test('behavior: the bundle keeps its shebang and the package names it as the bin', async () => {
    expect((await readFile(built.file, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(pkg.bin['latchkey-server']).toBe('./dist/server-cli.js')
    const help = start(built.file, ['--help'], {}, data)
    expect(await help.exited).toBe(0)
    expect(help.raw[0]).toMatch(/^Usage: latchkey-server/)
    const bad = start(built.file, ['--port', 'many'], {}, data)
    expect(await bad.exited).toBe(1)
    expect(bad.raw.join('\n')).toMatch(/--port must be a port number/)
  }, 30_000)

  test('default: health, a sign-in, CORS, one JSON line per request, graceful SIGTERM with a request in flight', async () => {
    const origin = 'https://app.example.com'
    const child = start(built.file, ['--port', '0', '--dev'], { LATCHKEY_DATA_DIR: data, LATCHKEY_ORIGINS: `${origin}, https://admin.example.com` }, data)
    try {
      const listening = await child.waitFor((line) => typeof line.url === 'string')
      const url = listening.url as string
      expect(listening.msg).toContain(`(data in ${data})`)

      const health = await fetch(`${url}/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok' })

      const headers = { 'content-type': 'application/json', 'x-latchkey': '1', origin }
      const started = await fetch(`${url}/auth/email/start`, { method: 'POST', headers, body: JSON.stringify({ email: 'cli@example.com' }) })
      expect(started.status).toBe(200)
      expect(started.headers.get('access-control-allow-origin')).toBe(origin)
      const { mails } = (await (await fetch(`${url}/auth/dev/mailbox?to=cli@example.com`)).json()) as { mails: Array<{ code: string }> }
      const code = mails.at(-1)!.code
      const verified = await fetch(`${url}/auth/email/verify`, { method: 'POST', headers, body: JSON.stringify({ email: 'cli@example.com', code }) })
      expect(verified.status).toBe(200)
      const tokens = (await verified.json()) as Required<TokenResponse>
      expect((await fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })).status).toBe(200)

      const preflight = await fetch(`${url}/auth/refresh`, {
        method: 'OPTIONS',
        headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'POST' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example.com')
      expect((await fetch(`${url}/auth/refresh`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status).toBe(403)

      // The request log: one JSON line per request, never a token or a code.
      await child.waitFor((line) => line.msg === 'request' && line.method === 'OPTIONS' && line.status === 403)
      const requests = child.lines.filter((line) => line.msg === 'request')
      expect(requests.map((line) => `${String(line.method)} ${String(line.path)} ${String(line.status)}`)).toEqual([
        'GET /health 200',
        'POST /auth/email/start 200',
        'GET /auth/dev/mailbox 200',
        'POST /auth/email/verify 200',
        'GET /auth/me 200',
        'OPTIONS /auth/refresh 204',
        'OPTIONS /auth/refresh 403',
      ])
      for (const line of requests) {
        expect(Object.keys(line).sort()).toEqual(['ip', 'level', 'method', 'ms', 'msg', 'path', 'status', 'time'])
        expect(typeof line.ms).toBe('number')
      }
      const secretLines = child.raw.filter((line) => line.includes(tokens.accessToken) || line.includes(tokens.refreshToken) || line.includes(code))
      // Only the development console mailer prints the code (no --smtp-url given).
      expect(secretLines).toHaveLength(1)
      expect(secretLines[0]).toMatch(/dev sign-in code \(console mailer\)/)

      // Graceful stop: a request whose body is still arriving finishes; new connections are refused.
      const inFlight = new Promise<{ status: number; body: string }>((done, fail) => {
        const req = httpRequest(`${url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-latchkey': '1' } }, (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => done({ status: res.statusCode!, body }))
        })
        req.on('error', fail)
        req.write('{"refreshToken":')
        void child.waitFor((line) => line.msg === 'SIGTERM: stopping').then(() => {
          req.end(JSON.stringify(tokens.refreshToken) + '}')
        })
      })
      // The request is in: its headers reached the server before the signal.
      await new Promise<void>((done) => setImmediate(done))
      await fetch(`${url}/health`) // one round trip: the in-flight request's headers are surely read
      child.process.kill('SIGTERM')
      await child.waitFor((line) => line.msg === 'SIGTERM: stopping')
      const answer = await inFlight
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.body)).toMatchObject({ session: { id: tokens.session.id } })
      expect(await child.exited).toBe(0)
      await expect(fetch(`${url}/health`)).rejects.toThrow()
      expect(child.lines.some((line) => line.msg === 'latchkey auth server stopped')).toBe(true)
      expect(child.lines.filter((line) => line.level === 'error')).toEqual([])
    } finally {
      if (child.process.exitCode === null) child.process.kill('SIGKILL')
    }
  }, 90_000)
})
