import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { UserConfig } from 'vite'
import { latchkeyDevServer } from '../src/server/vite.js'
import { latchkeyAliases } from './aliases.js'

export interface PlaygroundOptions {
  /** Where PGlite keeps users, sessions and keys. Default: `.latchkey-data/` at the repo root. */
  dataDir?: string
}

/** The playground's Vite config; `playground/vite.config.ts` and the e2e test both use it. */
export function playgroundConfig(options: PlaygroundOptions = {}): UserConfig {
  const dataDir = options.dataDir ?? fileURLToPath(new URL('../.latchkey-data', import.meta.url))
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    // The repo's .env files, if any, not playground/'s.
    envDir: fileURLToPath(new URL('..', import.meta.url)),
    plugins: [react(), latchkeyDevServer({ dataDir, dev: true })],
    resolve: { alias: latchkeyAliases },
    server: { port: 5173 },
    // Pre-bundle the kit's dependencies at start-up: a dependency discovered on the
    // first page load would make Vite reload the page under the user (and the e2e test).
    optimizeDeps: {
      include: [
        'react',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        'react-dom',
        'react-dom/client',
        '@radix-ui/react-dialog',
        '@tanstack/react-query',
        'jose',
      ],
    },
    clearScreen: false,
  }
}
