// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'vite'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { latchkeyDevServer } from './vite.js'

describe('latchkeyDevServer', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'latchkey-vite-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  async function start(logs: string[]) {
    const vite = await createServer({
      root,
      configFile: false,
      logLevel: 'info',
      customLogger: {
        info: (msg: string) => logs.push(msg),
        warn: (msg: string) => logs.push(msg),
        warnOnce: (msg: string) => logs.push(msg),
        error: (msg: string) => logs.push(msg),
        clearScreen: () => {},
        hasErrorLogged: () => false,
        hasWarned: false,
      },
      server: { port: 0, host: '127.0.0.1', hmr: false, ws: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
      plugins: [latchkeyDevServer()],
    })
    await vite.listen()
    const url = vite.resolvedUrls!.local[0]!.replace(/\/$/, '')
    return { vite, url }
  }

  const post = (url: string, path: string, body: unknown) =>
    fetch(`${url}/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-latchkey': '1', origin: url },
      body: JSON.stringify(body),
    })

  test('behavior: signs in through the dev server; data and keys survive a restart', async () => {
    const logs: string[] = []
    let vite: ViteDevServer | undefined
    try {
      const first = await start(logs)
      vite = first.vite
      await expect.poll(() => logs.join('\n')).toContain(`latchkey auth server: ${first.url}/auth`)
      // The SPA fallback still serves the app; the auth routes are ours.
      expect((await fetch(`${first.url}/auth/nope`)).status).toBe(404)
      const jwks = await (await fetch(`${first.url}/auth/.well-known/jwks.json`)).json()

      expect((await post(first.url, '/email/start', { email: 'dev@example.com' })).status).toBe(200)
      const { mails } = (await (await fetch(`${first.url}/auth/dev/mailbox`)).json()) as { mails: Array<{ to: string; code: string }> }
      const code = mails.find((mail) => mail.to === 'dev@example.com')!.code
      expect(logs.join('\n')).toContain(code) // printed in the terminal too
      const verified = await post(first.url, '/email/verify', { email: 'dev@example.com', code })
      expect(verified.status).toBe(200)
      const tokens = (await verified.json()) as Required<TokenResponse>
      await vite.close()
      vite = undefined

      const second = await start(logs)
      vite = second.vite
      expect(await (await fetch(`${second.url}/auth/.well-known/jwks.json`)).json()).toEqual(jwks)
      const me = await fetch(`${second.url}/auth/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })
      expect(await me.json()).toEqual(tokens.session.user)
      const refreshed = (await (await post(second.url, '/refresh', { refreshToken: tokens.refreshToken })).json()) as Required<TokenResponse>

      // Vite's own restart (config change) builds the new server before closing the old one.
      await vite.restart()
      const afterRestart = await fetch(`${second.url}/auth/me`, { headers: { authorization: `Bearer ${refreshed.accessToken}` } })
      expect(afterRestart.status).toBe(200)
      expect((await post(second.url, '/refresh', { refreshToken: refreshed.refreshToken })).status).toBe(200)
    } finally {
      await vite?.close()
    }
  }, 60_000)
})
