// @vitest-environment node
import { createServer } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { serve, toNodeListener } from './node.js'
import { createAuthServer } from './server.js'

describe('toNodeListener', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  async function listen(listener: Parameters<typeof createServer>[1]) {
    const server = createServer(listener)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        }),
    )
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  test('behavior: as middleware, paths outside the base path go to next()', async () => {
    const auth = createAuthServer()
    const listener = toNodeListener(auth)
    const url = await listen((req, res) =>
      listener(req, res, () => {
        res.statusCode = 299
        res.end('app')
      }),
    )
    const outside = await fetch(`${url}/`)
    expect(outside.status).toBe(299)
    expect(await outside.text()).toBe('app')
    expect((await fetch(`${url}/authentic`)).status).toBe(299)
    expect((await fetch(`${url}/auth/.well-known/jwks.json`)).status).toBe(200)
    // Inside the base path, unknown routes are the server's 404, not the app's.
    expect((await fetch(`${url}/auth/unknown`)).status).toBe(404)
  })

  test('behavior: a Connect mount prefix (originalUrl) is kept', async () => {
    const listener = toNodeListener(createAuthServer())
    const url = await listen((req, res) => {
      // What Connect does for app.use('/auth', listener).
      Object.assign(req, { originalUrl: req.url, url: req.url!.replace(/^\/auth/, '') || '/' })
      listener(req, res, () => res.end('next'))
    })
    expect((await fetch(`${url}/auth/.well-known/jwks.json`)).status).toBe(200)
  })

  test('parameters: a bare fetch handler, status, headers, several cookies and a streamed body', async () => {
    const listener = toNodeListener(
      async (request) => {
        const headers = new Headers({ 'x-method': request.method, 'x-url': request.url })
        headers.append('set-cookie', 'a=1; Path=/')
        headers.append('set-cookie', 'b=2; Path=/')
        return new Response(request.body ? await request.text() : 'no body', { status: 201, headers })
      },
      { basePath: '/x' },
    )
    const url = await listen((req, res) => listener(req, res))
    const response = await fetch(`${url}/x/echo?q=1`, { method: 'POST', body: 'hello' })
    expect(response.status).toBe(201)
    expect(await response.text()).toBe('hello')
    expect(response.headers.get('x-method')).toBe('POST')
    expect(response.headers.get('x-url')).toBe(`${url}/x/echo?q=1`)
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  })

  test('behavior: a handler that throws is a JSON 500 without details', async () => {
    const listener = toNodeListener(async () => {
      throw new Error('secret detail')
    })
    const url = await listen((req, res) => listener(req, res))
    const response = await fetch(`${url}/auth/x`)
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ error: 'internal_error' })
    expect(text).not.toContain('secret detail')
  })

  test('behavior: a request target that is not a path is 400, not a crash', async () => {
    const url = await listen((req, res) => toNodeListener(createAuthServer())(req, res))
    const { port } = new URL(url)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
      let text = ''
      socket.on('data', (d: Buffer) => (text += d.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 400/)
    expect(answer).toContain('"error":"invalid_request"')
  })

  test('parameters: trustProxy takes the public origin from X-Forwarded-*', async () => {
    const seen: string[] = []
    const handler = async (request: Request) => {
      seen.push(request.url)
      return new Response('ok')
    }
    const trusting = await listen((req, res) => toNodeListener(handler, { trustProxy: true })(req, res))
    const plain = await listen((req, res) => toNodeListener(handler)(req, res))
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.com' }
    await fetch(`${trusting}/auth/me`, { headers })
    await fetch(`${plain}/auth/me`, { headers })
    expect(seen).toEqual(['https://app.example.com/auth/me', `${plain}/auth/me`])
  })
})

describe('serve', () => {
  test('default: serves on a free loopback port until closed', async () => {
    const running = await serve({ server: createAuthServer() })
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await fetch(`${running.url}/auth/.well-known/jwks.json`)).status).toBe(200)
    await running.close()
    await expect(fetch(`${running.url}/auth/.well-known/jwks.json`)).rejects.toThrow()
  })

  test('parameters: needs a server or a handler', async () => {
    await expect(serve({})).rejects.toThrow(TypeError)
  })
})
