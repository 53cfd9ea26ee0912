#!/usr/bin/env node
/**
 * `latchkey-server`: the reference auth server on its own, for apps whose backend is not
 * JavaScript. Data in PGlite on disk; codes printed in the terminal unless you plug in a
 * mailer through the API.
 *
 *   latchkey-server --port 3000 --data .latchkey-data --origin https://app.example.com
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { consoleMailer } from './mailers.js'
import { serve } from './node.js'
import type { RunningServer } from './node.js'
import { createAuthServer } from './server.js'
import { createPGliteStore } from './stores/pglite.js'

const USAGE = `Usage: latchkey-server [options]

  --port <n>          port to listen on (default 3000)
  --host <name>       address to bind (default 127.0.0.1)
  --data <dir>        PGlite data folder (default .latchkey-data)
  --base-path <path>  where the routes live (default /auth)
  --origin <origin>   an allowed browser origin; repeat for several (default: same origin)
  --storage <mode>    app | cookie (default app)
  --dev               turn on GET <base>/dev/mailbox (never in production)
  --help              show this help`

/** Parses the arguments and starts the server. Throws a `TypeError` with the usage on bad input. */
export async function main(argv: string[], log: (line: string) => void = (line) => console.info(line)): Promise<RunningServer | undefined> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', default: '.latchkey-data' },
        'base-path': { type: 'string' },
        origin: { type: 'string', multiple: true },
        storage: { type: 'string', default: 'app' },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw new TypeError(`${(error as Error).message}\n\n${USAGE}`, { cause: error })
  }
  if (values.help) {
    log(USAGE)
    return undefined
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`--port must be a port number; got ${values.port}.\n\n${USAGE}`)
  const auth = createAuthServer({
    store: createPGliteStore({ dataDir: values.data }),
    mailer: consoleMailer({ log }),
    dev: values.dev,
    storage: values.storage as 'app' | 'cookie',
    ...(values['base-path'] === undefined ? {} : { basePath: values['base-path'] }),
    ...(values.origin === undefined ? {} : { allowedOrigins: values.origin }),
  })
  const running = await serve({ server: auth, port, hostname: values.host })
  log(`latchkey auth server: ${running.url}${auth.basePath} (data in ${values.data})`)
  return {
    ...running,
    close: async () => {
      await running.close()
      await auth.close()
    },
  }
}

// Run when executed directly (`node dist/server-cli.js`), not when imported.
const invokedDirectly = typeof process !== 'undefined' && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (running) => {
      if (!running) return
      const stop = () => void running.close().then(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    },
    (error: unknown) => {
      console.error(error instanceof TypeError ? error.message : error)
      process.exit(1)
    },
  )
}
