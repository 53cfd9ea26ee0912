import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { latchkeyAliases } from './playground/aliases.js'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}
const externalNames = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
]
const isExternal = (id: string) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  externalNames.some((name) => id === name || id.startsWith(`${name}/`))

/** Debian's chromium, launched with the flags this machine's closed network needs. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'latchkey:styles',
      apply: 'build',
      generateBundle() {
        this.emitFile({
          type: 'asset',
          fileName: 'styles.css',
          source: readFileSync(new URL('./src/ui/styles.css', import.meta.url), 'utf8'),
        })
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      formats: ['es'],
      entry: {
        core: 'src/core/index.ts',
        react: 'src/react/index.ts',
        ui: 'src/ui/index.ts',
        server: 'src/server/index.ts',
        'server-node': 'src/server/node.ts',
        'server-pglite': 'src/server/stores/pglite.ts',
        'server-pg': 'src/server/stores/pg.ts',
        'server-vite': 'src/server/vite.ts',
        'server-cli': 'src/server/cli.ts',
        'server-smtp': 'src/server/mailers/smtp.ts',
        testing: 'src/testing/index.ts',
        'testing-playwright': 'src/testing/playwright.ts',
        'locales-fr': 'src/core/locales/fr.ts',
        evm: 'src/evm/index.ts',
        solana: 'src/solana/index.ts',
      },
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        // Small modules that the `ui` entry needs at once must not share a chunk with code
        // that only lazy chunks use (the wallet list): an app's bundler keeps a shared chunk
        // whole, so the lazy code would land in the app's first download.
        advancedChunks: {
          groups: [{ name: 'ui-shared', test: /src[\\/]ui[\\/](appearance|address|who|fields)\.tsx?$/ }],
        },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        // test/examples import the kit by its public names, as docs/testing.md shows.
        resolve: { alias: latchkeyAliases },
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}', 'test/e2e/**'],
          environment: 'happy-dom',
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunch }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
