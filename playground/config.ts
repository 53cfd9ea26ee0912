import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { UserConfig } from 'vite'
import { latchkeyDevServer } from '../src/server/vite.js'
import type { LatchkeyDevServerOptions } from '../src/server/vite.js'
import { latchkeyAliases } from './aliases.js'

export interface PlaygroundOptions {
  /** Where PGlite keeps users, sessions and keys. Default: `.latchkey-data/` at the repo root. */
  dataDir?: string
  /**
   * Where tokens travel, for the server and the page's client alike: `'app'` (default) or
   * `'cookie'` (HttpOnly cookies). `npm run dev` reads it from `LATCHKEY_STORAGE`.
   */
  storage?: 'app' | 'cookie'
  /** More auth-server options (token lifetimes, idle timeout, a store of your own…). */
  server?: Omit<LatchkeyDevServerOptions, 'dataDir' | 'storage'>
}

/** The playground's Vite config; `playground/vite.config.ts` and the e2e test both use it. */
export function playgroundConfig(options: PlaygroundOptions = {}): UserConfig {
  const dataDir = options.dataDir ?? fileURLToPath(new URL('../.latchkey-data', import.meta.url))
  const storage = options.storage ?? 'app'
  if (storage !== 'app' && storage !== 'cookie') throw new TypeError(`playground: storage must be 'app' or 'cookie'; got ${JSON.stringify(storage)}.`)
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    // The repo's .env files, if any, not playground/'s.
    envDir: fileURLToPath(new URL('..', import.meta.url)),
    plugins: [react(), latchkeyDevServer({ dev: true, ...options.server, dataDir, storage })],
    // The page's client uses the server's storage mode (see src/main.tsx).
    define: { 'import.meta.env.VITE_LATCHKEY_STORAGE': JSON.stringify(storage) },
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
        // wallets (issue 4): latchkey/evm and the Dev wallet
        '@wagmi/core',
        'viem',
        'viem/accounts',
        'viem/chains',
        'viem/siwe',
        // Solana (issue 5): latchkey/solana and the Dev Solana wallet
        '@wallet-standard/app',
        '@noble/curves/ed25519.js',
        '@scure/base',
      ],
    },
    clearScreen: false,
  }
}
