// @vitest-environment node
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { main } from './cli.js'
import { createTestSchema, describePostgres, schemaUrl } from './stores/pg.testkit.js'
import type { TestSchema } from './stores/pg.testkit.js'

// `latchkey-server rotate-keys` and `--pg`: the CLI's part of key rotation and PostgreSQL.

const quiet = () => {}
const kidOf = (token: string) => decodeProtectedHeader(token).kid

async function signIn(url: string, email: string): Promise<Required<TokenResponse>> {
  const post = (path: string, body: unknown) =>
    fetch(`${url}/auth${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-latchkey': '1' }, body: JSON.stringify(body) })
  expect((await post('/email/start', { email })).status).toBe(200)
  const { mails } = (await (await fetch(`${url}/auth/dev/mailbox?to=${encodeURIComponent(email)}`)).json()) as { mails: Array<{ code: string }> }
  const response = await post('/email/verify', { email, code: mails.at(-1)!.code })
  expect(response.status).toBe(200)
  return (await response.json()) as Required<TokenResponse>
}
const jwksKids = async (url: string) =>
  ((await (await fetch(`${url}/auth/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)
const me = (url: string, token: string) => fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${token}` } })

describe('latchkey-server rotate-keys', () => {
  test('parameters: --help; exactly one store; a folder that is missing or open is refused', async () => {
    const lines: string[] = []
    expect(await main(['rotate-keys', '--help'], (line) => lines.push(line), {})).toBeUndefined()
    expect(lines[0]).toMatch(/^Usage: latchkey-server rotate-keys/)
    await expect(main(['rotate-keys'], quiet, {})).rejects.toThrow(/--data <dir> \(PGlite\) or --pg <url>/)
    await expect(main(['rotate-keys', '--data', 'x', '--pg', 'postgres://localhost/x'], quiet, {})).rejects.toThrow(/one of them/)
    await expect(main(['rotate-keys', '--nope'], quiet, {})).rejects.toThrow(/Usage: latchkey-server rotate-keys/)
    await expect(main(['rotate-keys', '--data', join(tmpdir(), 'latchkey-no-such-folder')], quiet, {})).rejects.toThrow(/does not exist/)
    await expect(main(['rotate-keys', '--pg', 'mysql://root:secret@db/app'], quiet, {})).rejects.toThrow(/PostgreSQL URL/)
    await expect(main(['rotate-keys', '--pg', 'mysql://root:secret@db/app'], quiet, {})).rejects.not.toThrow(/secret/)

    const busy = await mkdtemp(join(tmpdir(), 'latchkey-rotate-busy-'))
    try {
      await writeFile(join(busy, 'postmaster.pid'), '-42\n')
      await expect(main(['rotate-keys', '--data', busy], quiet, {})).rejects.toThrow(/open in a running server/)
    } finally {
      await rm(busy, { recursive: true, force: true })
    }
  })

  test('behavior: on a stopped PGlite folder: the restarted server signs with the new key and still accepts the old one', async () => {
    const data = await mkdtemp(join(tmpdir(), 'latchkey-rotate-'))
    try {
      const first = (await main(['--port', '0', '--data', data, '--dev', '--no-rate-limits'], quiet, {}))!
      const before = await signIn(first.url, 'rotate-cli@example.com')
      const oldKid = kidOf(before.accessToken)
      await first.close()

      // The default: published now, signing two minutes later; the old key signs until then.
      const lines: string[] = []
      await main(['rotate-keys', '--data', data], (line) => lines.push(line), {})
      const nextKid = /new signing key (\S+) is published now and signs from \S+Z\./.exec(lines.join('\n'))?.[1]
      expect(nextKid).toBeDefined()
      expect(lines.join('\n')).toMatch(new RegExp(`previous key ${oldKid} signs until \\S+Z; servers keep it`))
      const second = (await main(['--port', '0', '--data', data, '--dev', '--no-rate-limits'], quiet, {}))!
      try {
        expect(await jwksKids(second.url)).toEqual([oldKid, nextKid])
        expect(kidOf((await signIn(second.url, 'rotate-cli-2@example.com')).accessToken)).toBe(oldKid)
      } finally {
        await second.close()
      }

      // --now: the new key signs at once (the old one may have leaked).
      lines.length = 0
      await main(['rotate-keys', '--data', data, '--now'], (line) => lines.push(line), {})
      const newKid = /new signing key (\S+) signs now/.exec(lines.join('\n'))?.[1]
      expect(newKid).toBeDefined()
      expect([oldKid, nextKid]).not.toContain(newKid)
      const third = (await main(['--port', '0', '--data', data, '--dev', '--no-rate-limits'], quiet, {}))!
      try {
        expect((await jwksKids(third.url))[0]).toBe(newKid)
        expect(await jwksKids(third.url)).toEqual(expect.arrayContaining([oldKid, nextKid]))
        expect((await me(third.url, before.accessToken)).status).toBe(200)
        expect(kidOf((await signIn(third.url, 'rotate-cli-3@example.com')).accessToken)).toBe(newKid)
      } finally {
        await third.close()
      }
    } finally {
      await rm(data, { recursive: true, force: true })
    }
  }, 60_000)
})

describePostgres('latchkey-server --pg', (url) => {
  let schema: TestSchema
  beforeAll(async () => {
    schema = await createTestSchema(url, 'latchkey_cli')
  })
  afterAll(() => schema.drop())

  test('behavior: serves from PostgreSQL; rotate-keys on the database while the server runs breaks no token', async () => {
    const pg = schemaUrl(url, schema.name)
    const lines: string[] = []
    const running = (await main(['--port', '0', '--pg', pg, '--dev', '--no-rate-limits'], (line) => lines.push(line), {}))!
    try {
      expect(lines.join('\n')).toContain('(data in PostgreSQL postgres://postgres@')
      const before = await signIn(running.url, 'pg-cli@example.com')
      const oldKid = kidOf(before.accessToken)
      expect((await schema.pool.query('SELECT count(*)::int AS n FROM latchkey_users')).rows).toEqual([{ n: 1 }])

      const rotated: string[] = []
      await main(['rotate-keys', '--pg', pg, '--now'], (line) => rotated.push(line), {})
      const newKid = /new signing key (\S+) signs now/.exec(rotated.join('\n'))?.[1]
      expect(rotated.join('\n')).toContain('running servers switch to the new key within 60 s')
      const { rows } = await schema.pool.query<{ kid: string; retired: boolean }>(
        'SELECT kid, retired_at IS NOT NULL AS retired FROM latchkey_signing_keys ORDER BY retired_at DESC NULLS FIRST',
      )
      expect(rows).toEqual([
        { kid: newKid, retired: false },
        { kid: oldKid, retired: true },
      ])
      // The running server keeps accepting the old key's tokens. (When it switches to the new
      // key, by its clock, is tested with a test clock in keys.test.ts.)
      expect((await me(running.url, before.accessToken)).status).toBe(200)
      expect(await jwksKids(running.url)).toContain(oldKid)
    } finally {
      await running.close()
    }
  }, 60_000)

  test('parameters: --pg and --data together are refused; LATCHKEY_PG_URL is read', async () => {
    await expect(main(['--port', '0', '--pg', url, '--data', 'x'], quiet, {})).rejects.toThrow(/not both/)
    const lines: string[] = []
    const running = (await main(['--port', '0'], (line) => lines.push(line), { LATCHKEY_PG_URL: schemaUrl(url, schema.name) }))!
    try {
      expect(lines.join('\n')).toContain('(data in PostgreSQL')
      expect((await fetch(`${running.url}/health`)).status).toBe(200)
    } finally {
      await running.close()
    }
  })
})
