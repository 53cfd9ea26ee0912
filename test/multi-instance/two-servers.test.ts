// @vitest-environment node
/**
 * Two `latchkey-server` processes on one PostgreSQL database, as two machines behind a load
 * balancer would run: a session made on one refreshes on the other, a refresh-token reuse seen
 * by one ends the session on both, and both sign with, and accept, the same keys.
 */
import { spawnSync } from 'node:child_process'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ErrorBody, TokenResponse } from '../../src/core/protocol.js'
import { createTestSchema, describePostgres, schemaUrl } from '../../src/server/stores/pg.testkit.js'
import type { TestSchema } from '../../src/server/stores/pg.testkit.js'
import { buildCli, startServerProcess } from './cli-process.js'
import type { ServerProcess } from './cli-process.js'

type Tokens = Required<TokenResponse>

const post = (server: ServerProcess, path: string, body: unknown) =>
  fetch(`${server.url}/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
    body: JSON.stringify(body),
  })
const me = (server: ServerProcess, accessToken: string) =>
  fetch(`${server.url}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })
const errorCode = async (response: Response) => ((await response.json()) as ErrorBody).error

/** Email sign-in on `server` (its dev mailbox holds the code it sent). */
async function signIn(server: ServerProcess, email: string): Promise<Tokens> {
  expect((await post(server, '/email/start', { email })).status).toBe(200)
  const mailbox = await fetch(`${server.url}/auth/dev/mailbox?to=${encodeURIComponent(email)}`)
  const { mails } = (await mailbox.json()) as { mails: Array<{ code: string }> }
  const response = await post(server, '/email/verify', { email, code: mails.at(-1)!.code })
  expect(response.status).toBe(200)
  return (await response.json()) as Tokens
}

async function refresh(server: ServerProcess, refreshToken: string): Promise<Tokens> {
  const response = await post(server, '/refresh', { refreshToken })
  expect(response.status).toBe(200)
  return (await response.json()) as Tokens
}

describePostgres('two latchkey-server processes on one PostgreSQL database', (url) => {
  let schema: TestSchema
  let script: string
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    schema = await createTestSchema(url, 'latchkey_multi')
    script = await buildCli()
    const args = ['--port', '0', '--pg', schemaUrl(url, schema.name), '--dev', '--no-rate-limits']
    // Started together: both migrate the empty schema at once (the advisory lock lets one do it).
    ;[a, b] = await Promise.all([startServerProcess(script, args), startServerProcess(script, args)])
    expect(a.process.pid).not.toBe(b.process.pid)
  }, 60_000)

  afterAll(async () => {
    // Graceful stop: both exit 0 (a failed close would exit 1).
    const codes = await Promise.all([a?.stop(), b?.stop()])
    await schema?.drop()
    expect(codes).toEqual([0, 0])
  }, 30_000)

  test('behavior: a session created on A refreshes on B, then on A again, with one session id throughout', async () => {
    const onA = await signIn(a, 'two-servers@example.com')
    const onB = await refresh(b, onA.refreshToken)
    expect(onB.session.id).toBe(onA.session.id)
    expect(onB.refreshToken).not.toBe(onA.refreshToken)
    // B's access token works on A and A's on B: they share the signing key.
    expect(decodeProtectedHeader(onB.accessToken).kid).toBe(decodeProtectedHeader(onA.accessToken).kid)
    expect((await me(a, onB.accessToken)).status).toBe(200)
    expect((await me(b, onA.accessToken)).status).toBe(200)
    const backOnA = await refresh(a, onB.refreshToken)
    expect(backOnA.session.id).toBe(onA.session.id)
    // Both list the same single session of the user.
    const sessions = await fetch(`${b.url}/auth/sessions`, { headers: { authorization: `Bearer ${backOnA.accessToken}` } })
    expect(sessions.status).toBe(200)
    expect(JSON.stringify(await sessions.json())).toContain(onA.session.id)
  })

  test('behavior: a refresh-token reuse detected on B revokes the session on A too', async () => {
    const first = await signIn(a, 'reuse@example.com')
    const second = await refresh(a, first.refreshToken)
    const third = await refresh(a, second.refreshToken)
    // A before the theft: all good.
    expect((await me(a, third.accessToken)).status).toBe(200)

    // A stolen, long-rotated token turns up on B (not the live token's parent: no grace applies).
    const reuse = await post(b, '/refresh', { refreshToken: first.refreshToken })
    expect(reuse.status).toBe(401)
    expect(await errorCode(reuse)).toBe('reuse_detected')

    // A refuses the live access token and the live refresh token of that session.
    const meOnA = await me(a, third.accessToken)
    expect(meOnA.status).toBe(401)
    expect(await errorCode(meOnA)).toMatch(/^(session_revoked|reuse_detected)$/)
    const refreshOnA = await post(a, '/refresh', { refreshToken: third.refreshToken })
    expect(refreshOnA.status).toBe(401)
    expect(await errorCode(refreshOnA)).toBe('reuse_detected')
    // And so does B.
    expect((await me(b, third.accessToken)).status).toBe(401)
  })

  test('behavior: parallel refreshes of one token across both processes fork nothing', async () => {
    const signedIn = await signIn(b, 'parallel@example.com')
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(i % 2 ? a : b, '/refresh', { refreshToken: signedIn.refreshToken })),
    )
    // One rotation wins; the others are retries inside the grace window and get the same child.
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200))
    const children = new Set((await Promise.all(responses.map((r) => r.json() as Promise<Tokens>))).map((t) => t.refreshToken))
    expect(children.size).toBe(1)
    const { rows } = await schema.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM latchkey_refresh_tokens WHERE session_id = $1',
      [signedIn.session.id],
    )
    expect(rows).toEqual([{ n: 2 }])
  })

  test('default: both processes answer their health check and publish the same JWKS', async () => {
    expect((await fetch(`${a.url}/health`)).status).toBe(200)
    expect((await fetch(`${b.url}/health`)).status).toBe(200)
    const jwksA = await (await fetch(`${a.url}/auth/.well-known/jwks.json`)).json()
    expect(await (await fetch(`${b.url}/auth/.well-known/jwks.json`)).json()).toEqual(jwksA)
  })

  test('behavior: `rotate-keys` run as a third process while both serve breaks no session', async () => {
    const before = await signIn(a, 'rotation@example.com')
    const oldKid = decodeProtectedHeader(before.accessToken).kid
    const rotate = spawnSync(process.execPath, [script, 'rotate-keys', '--pg', schemaUrl(url, schema.name), '--now'], { encoding: 'utf8' })
    expect(rotate.status).toBe(0)
    const newKid = /new signing key (\S+) signs now/.exec(rotate.stdout)?.[1]
    const { rows } = await schema.pool.query<{ kid: string; retired: boolean }>(
      'SELECT kid, retired_at IS NOT NULL AS retired FROM latchkey_signing_keys ORDER BY retired_at DESC NULLS FIRST',
    )
    expect(rows).toEqual([
      { kid: newKid, retired: false },
      { kid: oldKid, retired: true },
    ])
    // Tokens of the old key keep working on both, and the session refreshes on either.
    expect((await me(a, before.accessToken)).status).toBe(200)
    expect((await me(b, before.accessToken)).status).toBe(200)
    const refreshed = await refresh(b, before.refreshToken)
    expect((await me(a, refreshed.accessToken)).status).toBe(200)
  })
})
