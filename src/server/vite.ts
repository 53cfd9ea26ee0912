/**
 * `latchkey/server/vite`: the reference auth server inside the Vite dev (and preview) server.
 */
import { resolve } from 'node:path'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { consoleMailer } from './mailers.js'
import { toNodeListener } from './node.js'
import { createAuthServer } from './server.js'
import type { AuthServer, AuthServerOptions } from './server.js'
import { createPGliteStore } from './stores/pglite.js'

export interface LatchkeyDevServerOptions extends AuthServerOptions {
  /** PGlite data folder, relative to the Vite root. Default `.latchkey-data`. Ignored when `store` is given. */
  dataDir?: string
}

/**
 * A Vite plugin that mounts the auth server under its base path (default `/auth`) in
 * `vite dev` and `vite preview`, with data in PGlite on disk, the dev mailbox on, and codes
 * printed in the terminal.
 *
 * @example
 * // vite.config.ts
 * import { latchkeyDevServer } from 'latchkey/server/vite'
 * export default defineConfig({ plugins: [react(), latchkeyDevServer()] })
 */
export function latchkeyDevServer(options: LatchkeyDevServerOptions = {}): Plugin {
  const { dataDir, ...serverOptions } = options
  // Servers this plugin mounted and not yet closed, oldest first. On a restart Vite creates
  // the new server before closing the old one, so `closeBundle` closes the oldest.
  const open = new Set<() => Promise<void>>()

  const mount = (server: ViteDevServer | PreviewServer) => {
    const root = server.config.root
    const logger = server.config.logger
    const auth: AuthServer = createAuthServer({
      dev: true,
      mailer: consoleMailer({ log: (line) => logger.info(line) }),
      ...serverOptions,
      store: serverOptions.store ?? createPGliteStore({ dataDir: resolve(root, dataDir ?? '.latchkey-data') }),
    })
    let closing: Promise<void> | undefined
    const close = () =>
      (closing ??= (async () => {
        open.delete(close)
        await auth.close().catch((error: unknown) => logger.error(`latchkey: closing the auth store failed: ${String(error)}`))
      })())
    open.add(close)
    server.middlewares.use(toNodeListener(auth))
    server.httpServer?.once('listening', () => {
      // Open the database now (not at mount: on a restart the old server still holds it),
      // so the first sign-in is quick.
      void auth.store.getSession('').catch((error: unknown) => logger.error(`latchkey: cannot open the auth store: ${String(error)}`))
      // Vite resolves its URLs once listening; print ours after its banner.
      setTimeout(() => {
        const base = server.resolvedUrls?.local[0] ?? '/'
        logger.info(`  latchkey auth server: ${new URL(auth.basePath.slice(1), base).href}`)
      }, 0)
    })
    server.httpServer?.once('close', () => void close())
  }

  return {
    name: 'latchkey:dev-server',
    configureServer: mount,
    configurePreviewServer: mount,
    // `viteServer.close()` awaits this, so a restart on the same data folder never overlaps
    // with the old database still open.
    closeBundle: () => [...open][0]?.(),
  }
}
