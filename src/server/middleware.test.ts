// @vitest-environment node
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { requireAuth, withAuth } from './middleware.js'
import type { NodeRequestLike } from './middleware.js'
import { errorOf, startTestServer } from './server.testkit.js'

describe('requireAuth (Node http / Express style)', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  let close: () => Promise<void>
  afterEach(async () => {
    await close()
    await t.close()
  })

  /** An app backend on loopback: `GET /api/whoami` behind `requireAuth`. */
  async function appBackend(options: Partial<Parameters<typeof requireAuth>[0]> = {}) {
    const auth = requireAuth({ jwksUrl: `${t.base}/.well-known/jwks.json`, now: t.clock.now, ...options })
    const server = createServer((req, res) => {
      auth(req, res, (error) => {
        if (error) {
          res.statusCode = 500
          res.end('next(error)')
          return
        }
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ sub: (req as NodeRequestLike).auth!.sub, sid: (req as NodeRequestLike).auth!.sid }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    close = () => new Promise((resolve) => server.close(() => resolve()))
    return `http://localhost:${(server.address() as AddressInfo).port}/api/whoami`
  }

  test('default: a bearer token gets through with req.auth set', async () => {
    t = await startTestServer()
    const url = await appBackend()
    const signedIn = await t.signIn()
    const response = await fetch(url, { headers: { authorization: `Bearer ${signedIn.accessToken}` } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: signedIn.session.user.id, sid: signedIn.session.id })
  })

  test('behavior: the access cookie works when there is no Authorization header (localhost name)', async () => {
    t = await startTestServer()
    const url = await appBackend()
    const signedIn = await t.signIn()
    const response = await fetch(url, { headers: { cookie: `other=1; latchkey_access=${signedIn.accessToken}` } })
    expect(response.status).toBe(200)
    // The prefixed name is for secure origins; on http://localhost it is not read.
    expect((await fetch(url, { headers: { cookie: `__Host-latchkey_access=${signedIn.accessToken}` } })).status).toBe(401)
  })

  test('parameters: cookie: false reads only the header', async () => {
    t = await startTestServer()
    const url = await appBackend({ cookie: false })
    const signedIn = await t.signIn()
    expect((await fetch(url, { headers: { cookie: `latchkey_access=${signedIn.accessToken}` } })).status).toBe(401)
  })

  test('behavior: missing, garbage and expired tokens are 401 JSON with a code', async () => {
    t = await startTestServer()
    const url = await appBackend()
    const signedIn = await t.signIn()
    const missing = await fetch(url)
    expect(await errorOf(missing)).toMatchObject({ status: 401, error: 'unauthorized' })
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(await errorOf(await fetch(url, { headers: { authorization: 'Bearer nope' } }))).toMatchObject({ status: 401, error: 'invalid_token' })
    expect(await errorOf(await fetch(url, { headers: { authorization: 'Basic abc' } }))).toMatchObject({ status: 401, error: 'invalid_token' })
    t.clock.advance(900_000)
    expect(await errorOf(await fetch(url, { headers: { authorization: `Bearer ${signedIn.accessToken}` } }))).toMatchObject({
      status: 401,
      error: 'token_expired',
    })
  })

  test('parameters: checkSession refuses a signed-out session at once', async () => {
    t = await startTestServer()
    const url = await appBackend({ checkSession: { url: t.base } })
    const signedIn = await t.signIn()
    const headers = { authorization: `Bearer ${signedIn.accessToken}` }
    expect((await fetch(url, { headers })).status).toBe(200)
    expect((await t.post('/logout', {}, headers)).status).toBe(200)
    expect(await errorOf(await fetch(url, { headers }))).toMatchObject({ status: 401, error: 'session_revoked' })
  })

  test('behavior: unreachable keys are 503, not 401', async () => {
    t = await startTestServer()
    const errors: unknown[] = []
    const url = await appBackend({ jwksUrl: `${t.url}/nowhere/jwks.json`, logger: { error: (...args) => errors.push(args) } })
    const signedIn = await t.signIn()
    const response = await fetch(url, { headers: { authorization: `Bearer ${signedIn.accessToken}` } })
    expect(await errorOf(response)).toMatchObject({ status: 503, error: 'internal_error' })
    expect(errors).toHaveLength(1)
  })
})

describe('withAuth (fetch style)', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>
  afterEach(() => t.close())

  const handler = (jwksUrl: string, now: () => number) =>
    withAuth(async (_request, auth, context: { params: { id: string } }) => Response.json({ sub: auth.sub, id: context.params.id }), { jwksUrl, now })

  test('default: the claims are the second argument; extra arguments pass through', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const get = handler(`${t.base}/.well-known/jwks.json`, t.clock.now)
    const response = await get(new Request('https://app.example.com/api/orders/7', { headers: { authorization: `Bearer ${signedIn.accessToken}` } }), {
      params: { id: '7' },
    })
    expect(await response.json()).toEqual({ sub: signedIn.session.user.id, id: '7' })
  })

  test('behavior: on https the __Host- cookie is read, and the plain name is not', async () => {
    t = await startTestServer()
    const signedIn = await t.signIn()
    const get = handler(`${t.base}/.well-known/jwks.json`, t.clock.now)
    const withCookie = (cookie: string) => get(new Request('https://app.example.com/api/orders/7', { headers: { cookie } }), { params: { id: '7' } })
    expect((await withCookie(`__Host-latchkey_access=${signedIn.accessToken}`)).status).toBe(200)
    expect(await errorOf(await withCookie(`latchkey_access=${signedIn.accessToken}`))).toMatchObject({ status: 401, error: 'unauthorized' })
  })
})

test('parameters: exactly one of jwks and jwksUrl, or a TypeError at construction', () => {
  expect(() => withAuth(async () => new Response(), {} as never)).toThrow(TypeError)
  expect(() => requireAuth({ jwks: { keys: [] }, jwksUrl: 'https://x.example/jwks.json' })).toThrow(TypeError)
})
