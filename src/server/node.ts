/**
 * `latchkey/server/node`: run the fetch handler on Node's `http` server, or as Connect/Express
 * middleware (Vite dev server included).
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { DEFAULT_BASE_PATH } from './constants.js'
import type { AuthServer } from './server.js'

/** Any Web fetch handler. `info.ip` is the client socket's address (for rate limits). */
export type FetchHandler = (request: Request, info?: { ip?: string }) => Promise<Response>

/** A Node listener that also works as Connect/Express middleware. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

export interface NodeListenerOptions {
  /**
   * Paths this handler answers. With `next` (middleware use), others go to `next()`.
   * Default: the server's `basePath`, or `'/auth'` for a bare handler.
   */
  basePath?: string
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-Host` (only behind your own proxy). Default false. */
  trustProxy?: boolean
}

const isAuthServer = (value: AuthServer | FetchHandler): value is AuthServer => typeof value !== 'function'

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Builds a Web `Request` from Node's request, streaming the body (never buffered here). */
function toRequest(req: IncomingMessage, path: string, trustProxy: boolean, signal: AbortSignal): Request {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
  const protocol = (trustProxy && header(req, 'x-forwarded-proto')?.split(',')[0]?.trim()) || (encrypted ? 'https' : 'http')
  const host = (trustProxy && header(req, 'x-forwarded-host')) || header(req, 'host') || 'localhost'
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(`${protocol}://${host}${path}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit)
}

async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.statusCode = response.status
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue
    res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  // The handler answered without reading the whole body (e.g. 413): close the connection
  // rather than keep reading a body nobody wants.
  if (!req.complete) res.setHeader('connection', 'close')
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve))
    }
  } finally {
    res.end()
  }
}

/**
 * Turns a fetch handler (or an `AuthServer`) into a Node request listener. As middleware
 * (`next` given), requests outside the base path go to `next()`.
 *
 * @example
 * import express from 'express'
 * app.use(toNodeListener(createAuthServer()))
 */
export function toNodeListener(handler: AuthServer | FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  const fetchHandler: FetchHandler = isAuthServer(handler) ? (request, info) => handler.fetch(request, info) : handler
  const basePath = (options.basePath ?? (isAuthServer(handler) ? handler.basePath : DEFAULT_BASE_PATH)).replace(/\/+$/, '')
  return (req, res, next) => {
    // Connect strips a mount prefix from `url`; `originalUrl` keeps it.
    const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'
    const pathname = path.split('?')[0]!
    if (next && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
      next()
      return
    }
    if (!path.startsWith('/')) {
      // Absolute-form or `*` targets are for proxies; this is an origin server.
      res.statusCode = 400
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.end(JSON.stringify({ error: 'invalid_request', message: 'Send an origin-form request target (a path starting with "/").' }))
      return
    }
    const aborter = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) aborter.abort()
    })
    void (async () => {
      try {
        const request = toRequest(req, path, options.trustProxy ?? false, aborter.signal)
        const ip = req.socket.remoteAddress
        await writeResponse(await fetchHandler(request, ip === undefined ? {} : { ip }), req, res)
      } catch (error) {
        if (next) {
          next(error)
        } else if (!res.headersSent) {
          res.statusCode = 500
          res.setHeader('content-type', 'application/json; charset=utf-8')
          res.end(JSON.stringify({ error: 'internal_error', message: 'Something went wrong on the server. Try again in a moment.' }))
        } else {
          res.destroy()
        }
      }
    })()
  }
}

export interface ServeOptions extends NodeListenerOptions {
  /** An `AuthServer`, or `handler` for any fetch handler. */
  server?: AuthServer
  handler?: FetchHandler
  /** Default 0: a free port. */
  port?: number
  /** Default `'127.0.0.1'`. */
  hostname?: string
}

export interface RunningServer {
  /** `http://host:port`, without the base path. */
  url: string
  /** The Node server, for anything else you need. */
  httpServer: Server
  /** Stops listening and closes open connections. Does not close the `AuthServer`'s store. */
  close(): Promise<void>
}

/**
 * Serves a fetch handler over HTTP.
 *
 * @example
 * const { url, close } = await serve({ server: createAuthServer(), port: 3000 })
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const target = options.server ?? options.handler
  if (!target) throw new TypeError('latchkey: serve() needs `server` (an AuthServer) or `handler` (a fetch handler).')
  const hostname = options.hostname ?? '127.0.0.1'
  const listener = toNodeListener(target, options)
  const httpServer = createServer((req, res) => listener(req, res))
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(options.port ?? 0, hostname, () => {
      httpServer.off('error', reject)
      resolve()
    })
  })
  const { port } = httpServer.address() as AddressInfo
  const host = hostname.includes(':') ? `[${hostname}]` : hostname
  return {
    url: `http://${host}:${port}`,
    httpServer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.close((error) => (error ? reject(error) : resolve()))
        httpServer.closeAllConnections()
      }),
  }
}
