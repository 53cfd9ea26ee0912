// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createAuthServer } from '../server.js'
import { migrations } from './migrations.js'
import { createSqlStore, migrate } from './sql.js'

// Migration 4 (key rotation) on a database made before it: the signing key that schemas 1–3
// kept among the secrets becomes the current key, so tokens issued before the upgrade verify.
let db: PGlite
beforeAll(async () => {
  db = await PGlite.create()
}, 60_000)
afterAll(() => db.close())

test('behavior: migration 4 moves the old signing key into the keys table; its tokens keep verifying', async () => {
  await migrate(db, migrations.filter((m) => m.id < 4))
  // What the server before migration 4 stored on first start (keys.ts `newSigningKey`).
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const { d: _private, ...publicJwk } = privateJwk
  const kid = await calculateJwkThumbprint(publicJwk)
  await db.query(`INSERT INTO latchkey_secrets (name, value, created_at) VALUES ('signing_key:es256:1', $1, 1000)`, [
    JSON.stringify({ kid, privateJwk }),
  ])
  const now = Math.floor(Date.now() / 1000)
  const oldToken = await new SignJWT({ sid: 'ses_old', session_exp: now + 3600, verified_credentials: [] })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer('latchkey')
    .setAudience('latchkey')
    .setSubject('usr_old')
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(privateKey)

  const server = createAuthServer({ store: createSqlStore(db), mailer: { send: async () => {} } })
  await expect(server.verifyAccessToken(oldToken)).resolves.toMatchObject({ sub: 'usr_old', sid: 'ses_old' })
  const jwks = (await (await server.fetch(new Request('http://localhost/auth/.well-known/jwks.json'))).json()) as { keys: unknown[] }
  expect(jwks.keys).toEqual([{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }])

  const { rows } = await db.query<{ kid: string; created_at: number; activates_at: number; retired_at: number | null }>(
    'SELECT kid, created_at, activates_at, retired_at FROM latchkey_signing_keys',
  )
  // Migration 6: a key from before signed from the moment it was made.
  expect(rows).toEqual([{ kid, created_at: 1000, activates_at: 1000, retired_at: null }])
  // The secret row (a private key) is gone.
  expect((await db.query(`SELECT name FROM latchkey_secrets WHERE name = 'signing_key:es256:1'`)).rows).toEqual([])

  // After a rotation the old key still verifies its tokens, and the database holds its public half only.
  await server.rotateKeys({ immediate: true })
  await expect(server.verifyAccessToken(oldToken)).resolves.toMatchObject({ sub: 'usr_old' })
  const old = await db.query<{ private_jwk: string | null }>('SELECT private_jwk FROM latchkey_signing_keys WHERE kid = $1', [kid])
  expect(old.rows).toEqual([{ private_jwk: null }])
}, 60_000)

test('behavior: the database refuses a second newest key and a newest key without its private half', async () => {
  // Constraints, not only store code: a hand-written query or another store cannot break them.
  const insert = (kid: string, retiredAt: number | null, privateJwk: string | null) =>
    db.query(
      `INSERT INTO latchkey_signing_keys (kid, alg, public_jwk, private_jwk, created_at, activates_at, retired_at) VALUES ($1, 'ES256', '{}', $2, 1, 1, $3)`,
      [kid, privateJwk, retiredAt],
    )
  await expect(insert('second-newest', null, '{}')).rejects.toMatchObject({ code: '23505' })
  await expect(insert('newest-without-private', null, null)).rejects.toMatchObject({ code: '23514' })
  await expect(
    db.query(`INSERT INTO latchkey_signing_keys (kid, alg, public_jwk, private_jwk, created_at, retired_at) VALUES ('no-activation', 'ES256', '{}', NULL, 1, 5)`),
  ).rejects.toMatchObject({ code: '23502' })
  // A key that signs until a pre-published key takes over keeps its private half until then (migration 6).
  await expect(insert('retiring-later', 5, '{}').catch(() => 'refused')).resolves.not.toBe('refused')
})
