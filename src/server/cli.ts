#!/usr/bin/env node
/**
 * `latchkey-server`: the reference auth server on its own, for apps whose backend is not
 * JavaScript. Data in PGlite on disk; codes printed in the terminal unless SMTP is configured.
 * Flags win over environment variables. One JSON line per request on stdout (method, path,
 * status, ms: never a token or a code), `GET /health` outside the base path, and a graceful
 * stop on SIGTERM/SIGINT (stop accepting, finish what is in flight, close the store).
 *
 *   latchkey-server --port 3000 --data .latchkey-data --origin https://app.example.com
 */
import { existsSync, realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_BASE_PATH, KEY_CACHE_TTL, KEY_PREPUBLISH, SIGNING_KEY_LEEWAY } from './constants.js'
import { rotateStoreKeys } from './keys.js'
import { consoleMailer } from './mailers.js'
import type { Mailer } from './mailers.js'
import { smtpMailer } from './mailers/smtp.js'
import { serve } from './node.js'
import type { RunningServer } from './node.js'
import { createAuthServer } from './server.js'
import type { AuthServer, AuthServerOptions, ClientInfo } from './server.js'
import type { AuthStore } from './store.js'
import type { createPostgresStore as CreatePostgresStore } from './stores/pg.js'
import { createPGliteStore } from './stores/pglite.js'

const USAGE = `Usage: latchkey-server [options]
       latchkey-server rotate-keys (--data <dir> | --pg <url>)   new signing key; see rotate-keys --help

  --port <n>            port to listen on (default 3000)             env LATCHKEY_PORT or PORT
  --host <name>         address to bind (default 127.0.0.1)          env LATCHKEY_HOST
  --data <dir>          PGlite data folder (default .latchkey-data)  env LATCHKEY_DATA_DIR
  --pg <url>            PostgreSQL instead of PGlite, for several instances on one database:
                        postgres://user:pass@host:5432/db            env LATCHKEY_PG_URL
  --base-path <path>    where the routes live (default /auth)        env LATCHKEY_BASE_PATH
  --origin <origin>     an allowed browser origin; repeat for several (default: same origin)
                                                                     env LATCHKEY_ORIGINS (comma-separated)
  --storage <mode>      app | cookie (default app)                   env LATCHKEY_STORAGE
  --issuer <iss>        iss of access tokens (default latchkey)      env LATCHKEY_ISSUER
  --audience <aud>      aud of access tokens (default latchkey)      env LATCHKEY_AUDIENCE
  --smtp-url <url>      send codes by SMTP: smtp://user:pass@host:587 or smtps://…:465
                        (default: print them, development only)      env LATCHKEY_SMTP_URL
  --mail-from <from>    sender of the code mails                     env LATCHKEY_MAIL_FROM
  --trust-proxy <n>     client IP from X-Forwarded-For, n proxies deep (default 0)
                                                                     env LATCHKEY_TRUST_PROXY
  --no-rate-limits      turn the rate limits off (tests only)        env LATCHKEY_RATE_LIMITS=off
  --dev                 turn on GET <base>/dev/mailbox (never in production)  env LATCHKEY_DEV=1
  --help                show this help

  GET /health answers 200 {"status":"ok"} when the store answers, else 503.`

/** How long a graceful stop waits for requests in flight before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000

type Env = Record<string, string | undefined>
type Log = (line: string) => void

/** The standalone server: `close()` is the graceful stop (in-flight requests finish first). */
export interface StandaloneServer extends RunningServer {
  auth: AuthServer
}

function usageError(message: string, cause?: unknown): TypeError {
  return new TypeError(`${message}\n\n${USAGE}`, { cause })
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim())
}

/** One structured log line. */
function jsonLine(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
}

function errorFields(args: unknown[]): Record<string, unknown> {
  const error = args.find((arg) => arg instanceof Error)
  const rest = args.filter((arg) => !(arg instanceof Error)).map(String)
  return {
    ...(rest.length > 1 ? { detail: rest.slice(1).join(' ') } : {}),
    ...(error ? { error: error.message, stack: error.stack } : {}),
  }
}

/** `smtp://user:pass@host:port` → an SMTP mailer. */
function mailerFromUrl(value: string, from: string | undefined): Mailer {
  let url: URL
  try {
    url = new URL(value)
  } catch (error) {
    throw usageError(`--smtp-url must be a URL like smtp://user:pass@smtp.example.com:587; got ${JSON.stringify(value)}.`, error)
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw usageError(`--smtp-url must start with smtp:// or smtps://; got ${url.protocol}//.`)
  if (from === undefined) throw usageError('--mail-from (or LATCHKEY_MAIL_FROM) is required with --smtp-url, e.g. "Acme <login@acme.example>".')
  const secure = url.protocol === 'smtps:'
  return smtpMailer({
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    from,
  })
}

/**
 * Parses the arguments (and environment) and starts the server. Throws a `TypeError` with the
 * usage on bad input; returns `undefined` after `--help`.
 */
export async function main(argv: string[], log: Log = (line) => console.info(line), env: Env = process.env): Promise<StandaloneServer | undefined> {
  if (argv[0] === 'rotate-keys') return rotateKeysCommand(argv.slice(1), log, env)
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        pg: { type: 'string' },
        'base-path': { type: 'string' },
        origin: { type: 'string', multiple: true },
        storage: { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        'smtp-url': { type: 'string' },
        'mail-from': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'no-rate-limits': { type: 'boolean', default: false },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw usageError((error as Error).message, error)
  }
  if (values.help) {
    log(USAGE)
    return undefined
  }
  const portText = values.port ?? env.LATCHKEY_PORT ?? env.PORT ?? '3000'
  const port = Number(portText)
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a port number; got ${portText}.`)
  const storage = values.storage ?? env.LATCHKEY_STORAGE ?? 'app'
  if (storage !== 'app' && storage !== 'cookie') throw usageError(`--storage must be app or cookie; got ${storage}.`)
  const trustText = values['trust-proxy'] ?? env.LATCHKEY_TRUST_PROXY ?? '0'
  const trustProxy = trustText === 'true' ? 1 : trustText === 'false' ? 0 : Number(trustText)
  if (!Number.isInteger(trustProxy) || trustProxy < 0) throw usageError(`--trust-proxy must be the number of proxies in front (0, 1, 2…); got ${trustText}.`)
  const origins = values.origin ?? env.LATCHKEY_ORIGINS?.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
  const dataDir = values.data ?? env.LATCHKEY_DATA_DIR ?? '.latchkey-data'
  const pgUrl = values.pg ?? (values.data === undefined ? env.LATCHKEY_PG_URL : undefined)
  if (pgUrl !== undefined && values.data !== undefined) throw usageError('Give --data (PGlite) or --pg (PostgreSQL), not both.')
  const host = values.host ?? env.LATCHKEY_HOST ?? '127.0.0.1'
  const basePath = values['base-path'] ?? env.LATCHKEY_BASE_PATH
  const issuer = values.issuer ?? env.LATCHKEY_ISSUER
  const audience = values.audience ?? env.LATCHKEY_AUDIENCE
  const smtpUrl = values['smtp-url'] ?? env.LATCHKEY_SMTP_URL
  const mailFrom = values['mail-from'] ?? env.LATCHKEY_MAIL_FROM
  const rateLimitsOff = values['no-rate-limits'] || env.LATCHKEY_RATE_LIMITS === 'off'
  const dev = values.dev || truthy(env.LATCHKEY_DEV)

  const mailer = smtpUrl === undefined ? consoleMailer({ log: (line) => log(jsonLine('warn', `dev sign-in code (console mailer): ${line.trim()}`)) }) : mailerFromUrl(smtpUrl, mailFrom)
  const logger = { error: (...args: unknown[]) => log(jsonLine('error', String(args[0]), errorFields(args))) }
  // Checks every option before the store opens a folder.
  const options: AuthServerOptions = {
    mailer,
    logger,
    dev,
    storage,
    trustProxy,
    ...(rateLimitsOff ? { rateLimits: false } : {}),
    ...(basePath === undefined ? {} : { basePath }),
    ...(origins === undefined ? {} : { allowedOrigins: origins }),
    ...(issuer === undefined ? {} : { issuer }),
    ...(audience === undefined ? {} : { audience }),
  }
  createAuthServer(options)
  const store = pgUrl === undefined ? createPGliteStore({ dataDir }) : await postgresStore(pgUrl)
  const auth = createAuthServer({ ...options, store })

  let stopping = false
  const handler = async (request: Request, info?: ClientInfo): Promise<Response> => {
    const started = performance.now()
    const url = new URL(request.url)
    const response = url.pathname === '/health' && request.method === 'GET' ? await health(auth) : await auth.fetch(request, info)
    // Stopping: no keep-alive, so the connection ends with this answer.
    if (stopping) {
      try {
        response.headers.set('connection', 'close')
      } catch {
        // Immutable headers: the connection is closed by the stop anyway.
      }
    }
    log(
      jsonLine('info', 'request', {
        method: request.method,
        // The path only: a query string may carry an address (dev mailbox); bodies and headers are never logged.
        path: url.pathname.slice(0, 200),
        status: response.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(info?.ip === undefined ? {} : { ip: info.ip }),
      }),
    )
    return response
  }

  const running = await serve({ handler, port, hostname: host, basePath: auth.basePath })
  log(jsonLine('info', `latchkey auth server: ${running.url}${auth.basePath} (data in ${pgUrl === undefined ? dataDir : `PostgreSQL ${redactUrl(pgUrl)}`})`, { url: running.url, basePath: auth.basePath || DEFAULT_BASE_PATH }))
  if (smtpUrl === undefined) log(jsonLine('warn', 'no --smtp-url: sign-in codes are printed here. Development only.'))

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      stopping = true
      // Stop accepting; idle keep-alive connections close now, busy ones once their answer is
      // written (it says `connection: close`). `close`'s callback runs when the last one is gone;
      // whatever is still open after the grace period is cut.
      const closed = new Promise<void>((resolve) => running.httpServer.close(() => resolve()))
      running.httpServer.closeIdleConnections()
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)))])
      clearTimeout(timer)
      running.httpServer.closeAllConnections()
      await closed
      await auth.close()
      await (mailer as { close?: () => Promise<void> }).close?.()
      log(jsonLine('info', 'latchkey auth server stopped'))
    })())
  return { ...running, auth, close }
}

/** `GET /health`: the store answers a read. */
async function health(auth: AuthServer): Promise<Response> {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
  try {
    await auth.store.getSession('ses_health_check')
    return new Response(JSON.stringify({ status: 'ok' }), { status: 200, headers })
  } catch {
    return new Response(JSON.stringify({ status: 'unavailable' }), { status: 503, headers })
  }
}

// --- PostgreSQL and key rotation (issue 7, server-scale) ------------------------------------------

/** The PostgreSQL store, loaded only when asked for (`pg` is an optional peer). */
async function postgresStore(url: string): Promise<AuthStore> {
  if (!/^postgres(?:ql)?:\/\//.test(url)) throw usageError(`--pg must be a PostgreSQL URL like postgres://user@localhost:5432/app; got ${JSON.stringify(redactUrl(url))}.`)
  let createPostgresStore: typeof CreatePostgresStore
  try {
    ;({ createPostgresStore } = await import('./stores/pg.js'))
  } catch (error) {
    throw usageError('--pg needs the `pg` package: npm install pg', error)
  }
  return createPostgresStore({ connectionString: url })
}

/** A URL without its password, for logs. */
function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
}

const ROTATE_USAGE = `Usage: latchkey-server rotate-keys (--data <dir> | --pg <url>) [--now]

  Adds a new signing key. It is published in the JWKS at once and signs from ${KEY_PREPUBLISH} s later, on
  every server at the same moment, so backends that cache the JWKS know it before its first token.
  The previous key then stops signing and stays in the JWKS (and keeps verifying) for the servers'
  accessTokenTtl plus ${SIGNING_KEY_LEEWAY} s, so no live token breaks. A PGlite folder must not be open:
  stop its server first (or call rotateKeys() on it).

  --data <dir>   the PGlite data folder                            env LATCHKEY_DATA_DIR
  --pg <url>     the PostgreSQL database                           env LATCHKEY_PG_URL
  --now          sign with the new key at once (the old key may have leaked); running servers
                 switch within ${KEY_CACHE_TTL} s and accept the new key's tokens at once
  --help         show this help`

async function rotateKeysCommand(argv: string[], log: Log, env: Env): Promise<undefined> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { data: { type: 'string' }, pg: { type: 'string' }, now: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
      strict: true,
    }))
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n\n${ROTATE_USAGE}`, { cause: error })
  }
  if (values.help) {
    log(ROTATE_USAGE)
    return undefined
  }
  const pgUrl = values.pg ?? (values.data === undefined ? env.LATCHKEY_PG_URL : undefined)
  const dataDir = values.data ?? (pgUrl === undefined ? env.LATCHKEY_DATA_DIR : undefined)
  if ((pgUrl === undefined) === (dataDir === undefined)) {
    throw new TypeError(`rotate-keys needs the store: --data <dir> (PGlite) or --pg <url> (PostgreSQL), one of them.\n\n${ROTATE_USAGE}`)
  }
  if (dataDir !== undefined) {
    if (!existsSync(dataDir)) throw new TypeError(`rotate-keys: ${dataDir} does not exist. Point --data at the server's PGlite folder.`)
    // PGlite writes postmaster.pid while a process has the folder open, and removes it on close.
    if (existsSync(`${dataDir}/postmaster.pid`)) {
      throw new TypeError(
        `rotate-keys: ${dataDir} is open in a running server (${dataDir}/postmaster.pid exists). Stop it first, or call rotateKeys() on it. If no server runs (it crashed), delete that file.`,
      )
    }
  }
  const store = pgUrl === undefined ? createPGliteStore({ dataDir: dataDir! }) : await postgresStore(pgUrl)
  try {
    const now = Date.now()
    const { current, upcoming, previous } = await rotateStoreKeys(store, now, DEFAULT_ACCESS_TOKEN_TTL, { immediate: values.now })
    const added = upcoming.at(-1) ?? current
    // The keys this rotation retires stop signing when the new key starts.
    const retiring = [current, ...upcoming, ...previous].filter((k) => k !== added && k.retiredAt === added.activatesAt)
    const at = (ms: number) => new Date(ms).toISOString()
    if (added === current) log(`latchkey: new signing key ${current.kid} signs now.`)
    else log(`latchkey: new signing key ${added.kid} is published now and signs from ${at(added.activatesAt)}.`)
    for (const key of retiring) {
      log(
        `latchkey: previous key ${key.kid} signs until ${at(key.retiredAt!)}; servers keep it in the JWKS for their accessTokenTtl + ${SIGNING_KEY_LEEWAY} s after that (until ${at(key.publishedUntil!)} with the default ${DEFAULT_ACCESS_TOKEN_TTL} s).`,
      )
    }
    if (pgUrl !== undefined && added === current) log(`latchkey: running servers switch to the new key within ${KEY_CACHE_TTL} s.`)
  } finally {
    await store.close()
  }
  return undefined
}
// --- end PostgreSQL and key rotation ---------------------------------------------------------------

// Run when executed directly (`node dist/server-cli.js`, `npx latchkey-server`), not when imported.
const invokedDirectly = typeof process !== 'undefined' && process.argv[1] !== undefined && isMain(process.argv[1])

function isMain(script: string): boolean {
  if (import.meta.url === pathToFileURL(script).href) return true
  // npx runs the bin through a symlink in node_modules/.bin.
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href
  } catch {
    return false
  }
}

if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (running) => {
      if (!running) return
      let signals = 0
      const stop = (signal: string) => {
        // A second signal: stop now.
        if (++signals > 1) process.exit(1)
        console.info(jsonLine('info', `${signal}: stopping`))
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(jsonLine('error', 'could not stop cleanly', errorFields([error])))
            process.exit(1)
          },
        )
      }
      process.on('SIGINT', () => stop('SIGINT'))
      process.on('SIGTERM', () => stop('SIGTERM'))
    },
    (error: unknown) => {
      console.error(error instanceof TypeError ? error.message : error)
      process.exit(1)
    },
  )
}
