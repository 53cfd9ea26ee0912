// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { main } from './cli.js'

describe('latchkey-server', () => {
  test('default: serves the auth routes from a PGlite folder and prints codes', async () => {
    const data = await mkdtemp(join(tmpdir(), 'latchkey-cli-'))
    const lines: string[] = []
    const running = await main(['--port', '0', '--data', data, '--dev', '--origin', 'https://app.example.com'], (line) => lines.push(line))
    try {
      expect(lines.join('\n')).toContain(`latchkey auth server: ${running!.url}/auth`)
      const started = await fetch(`${running!.url}/auth/email/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1', origin: 'https://app.example.com' },
        body: JSON.stringify({ email: 'cli@example.com' }),
      })
      expect(started.status).toBe(200)
      const { mails } = (await (await fetch(`${running!.url}/auth/dev/mailbox`)).json()) as { mails: Array<{ code: string }> }
      expect(lines.join('\n')).toContain(mails[0]!.code)
    } finally {
      await running?.close()
      await rm(data, { recursive: true, force: true })
    }
  }, 60_000)

  test('parameters: --help prints usage; bad arguments are TypeErrors with the usage', async () => {
    const lines: string[] = []
    expect(await main(['--help'], (line) => lines.push(line))).toBeUndefined()
    expect(lines[0]).toMatch(/^Usage: latchkey-server/)
    await expect(main(['--nope'])).rejects.toThrow(/Usage/)
    await expect(main(['--port', 'abc'])).rejects.toThrow(/--port/)
    await expect(main(['--storage', 'session', '--port', '0'])).rejects.toThrow(/storage/)
  })
})
