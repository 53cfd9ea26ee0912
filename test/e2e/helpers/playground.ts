/**
 * Shared end-to-end plumbing: the playground (Vite + the auth server plugin on PGlite) on a
 * free loopback port, with a server-side request log, and Debian's Chromium.
 */
import { createServer as createNetServer } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { createLogger, createServer, type Logger, type Plugin, type ViteDevServer } from 'vite'
import { playgroundConfig, type PlaygroundOptions } from '../../../playground/config.js'
import { chromiumLaunch } from '../../../vite.config.js'

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right after). */
export async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return address.port
}

/** One request as the server saw it: answered with `status`, `at` ms since the epoch. */
export interface LoggedRequest {
  at: number
  method: string
  path: string
  status: number
  /** The request's `Origin` header, if any. */
  origin: string | null
  /** Names of the cookies the request carried. */
  cookies: string[]
}

/**
 * A Vite plugin that logs every request under `/auth` as the server answered it. It sits in
 * front of the auth server's middleware, so it sees exactly what reached the server (a
 * request the browser blocked or aborted never appears).
 */
export function requestLog(entries: LoggedRequest[]): Plugin {
  return {
    name: 'latchkey-e2e:request-log',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!
        if (path === '/auth' || path.startsWith('/auth/')) {
          const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null
          const cookies = (req.headers.cookie ?? '')
            .split(';')
            .map((part) => part.split('=')[0]!.trim())
            .filter(Boolean)
          res.once('finish', () => entries.push({ at: Date.now(), method: req.method ?? 'GET', path, status: res.statusCode, origin, cookies }))
        }
        next()
      })
    },
  }
}

export interface StartPlaygroundOptions extends PlaygroundOptions {
  dataDir: string
  port: number
  /** Receives the server's request log (see `requestLog`). */
  log?: LoggedRequest[]
  /** Receives what the dev server printed at info level: the terminal a developer reads. */
  terminal?: string[]
}

export interface RunningPlayground {
  url: string
  vite: ViteDevServer
  close(): Promise<void>
}

function recordingLogger(terminal: string[] | undefined): Logger {
  const quiet = createLogger('warn')
  if (!terminal) return quiet
  return {
    ...quiet,
    info(message, options) {
      terminal.push(message)
      quiet.info(message, options)
    },
  }
}

/** Starts the playground on `127.0.0.1:port`; `close()` stops it (and closes its database). */
export async function startPlayground(options: StartPlaygroundOptions): Promise<RunningPlayground> {
  const { port, log, terminal, ...playground } = options
  const config = playgroundConfig(playground)
  const vite = await createServer({
    ...config,
    plugins: [...(log ? [requestLog(log)] : []), ...(config.plugins ?? [])],
    configFile: false,
    customLogger: recordingLogger(terminal),
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
  })
  await vite.listen()
  return { url: `http://127.0.0.1:${port}`, vite, close: () => vite.close() }
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunch, headless: true })
}
