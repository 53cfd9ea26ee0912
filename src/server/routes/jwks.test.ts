// @vitest-environment node
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterEach, describe, expect, test } from 'vitest'
import { createMemoryStore } from '../stores/memory.js'
import { startTestServer } from '../server.testkit.js'

describe('GET /.well-known/jwks.json', () => {
  const servers: Array<Awaited<ReturnType<typeof startTestServer>>> = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close()
  })

  test('default: public keys only; a backend verifies issued tokens with jose', async () => {
    const t = await startTestServer()
    servers.push(t)
    const response = await t.get('/.well-known/jwks.json')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> }
    expect(keys).toEqual([{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' }])
    expect(keys[0]).not.toHaveProperty('d')

    const signedIn = await t.signIn('backend@example.com')
    const { payload, protectedHeader } = await jwtVerify(signedIn.accessToken, createRemoteJWKSet(new URL(`${t.base}/.well-known/jwks.json`)), {
      issuer: 'latchkey',
      audience: 'latchkey',
      algorithms: ['ES256'],
      currentDate: new Date(t.clock.now()),
    })
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: keys[0]!.kid })
    expect(payload.sub).toBe(signedIn.session.user.id)
  })

  test('behavior: a second server on the same store uses the same keys', async () => {
    const store = createMemoryStore()
    const a = await startTestServer({ store })
    const b = await startTestServer({ store })
    servers.push(a, b)
    const jwksA = await (await a.get('/.well-known/jwks.json')).json()
    expect(await (await b.get('/.well-known/jwks.json')).json()).toEqual(jwksA)
    // A token from A works on B, a code sent by A verifies on B.
    const signedIn = await a.signIn('shared@example.com')
    expect((await b.get('/me', { authorization: `Bearer ${signedIn.accessToken}` })).status).toBe(200)
    const code = await a.requestCode('cross@example.com')
    expect((await b.post('/email/verify', { email: 'cross@example.com', code })).status).toBe(200)
  })

  test('behavior: servers on different stores have different keys', async () => {
    const a = await startTestServer()
    const b = await startTestServer()
    servers.push(a, b)
    const signedIn = await a.signIn()
    expect((await b.get('/me', { authorization: `Bearer ${signedIn.accessToken}` })).status).toBe(401)
  })
})
