// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

/*
 * The layer table from DESIGN.md ("Layers and folders"), enforced with
 * `@typescript-eslint/no-restricted-imports` (it knows `import type`, which the
 * server needs). Flat config does not merge the options of one rule across
 * config objects (the last match wins), so each folder's entry below lists the
 * *whole* set of restrictions for its files; `layer()` composes them.
 */

/** @typedef {{ group?: string[], regex?: string, message: string, allowTypeImports?: boolean }} Pattern */

const up = '^(?:\\.\\.?/)*\\.\\./' // one or more `../` (optionally after `./`)

/** @param {string[]} folders @param {string} message @returns {Pattern} */
const sibling = (folders, message) => ({ regex: `${up}(?:${folders.join('|')})(?:/|$)`, message })

/** @param {string[]} names @param {string} message @returns {Pattern} */
const packages = (names, message) => ({
  regex: `^(?:${names.map((name) => name.replace(/[.*/]/g, (c) => (c === '*' ? '[^/]+' : `\\${c}`))).join('|')})(?:/|$)`,
  message,
})

const rule = {
  publicNames: packages(
    ['latchkey'],
    'Inside src, import other layers relatively (`../core/index.js`); `latchkey/*` is for playground/, stories/, bench/ and docs.',
  ),
  react: packages(['react', 'react-dom'], 'This layer is framework-free: no React (DESIGN.md, layer table).'),
  tanstack: packages(['@tanstack/*'], 'TanStack Query belongs to src/react only (DESIGN.md, layer table).'),
  radix: packages(['@radix-ui/*'], 'Radix belongs to src/ui only (DESIGN.md, layer table).'),
  wallets: packages(
    ['wagmi', 'viem', '@wagmi/*', '@solana/*', '@solana-mobile/*', '@wallet-standard/*'],
    'Wallet libraries live in src/evm and src/solana adapters; other layers get them through `WalletAuthAdapter` (DESIGN.md, "Wallets plug in").',
  ),
  databases: packages(
    ['@electric-sql/*', 'pg'],
    'Database drivers belong to the server store modules only (DESIGN.md, layer table).',
  ),
  nodeOnly: {
    regex: `^(?:node:.*|${builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(?:/.*)?$`,
    message:
      'This module must run in browsers too: no Node-only imports. Node code goes in src/server/node.ts, src/server/vite.ts or src/server/stores/pglite.ts.',
  },
  upward: (/** @type {string[]} */ folders) =>
    sibling(folders, 'Layers import downward only (DESIGN.md, layer table): this folder may not import that one.'),
  serverFromCore: {
    // The wire types are shared (`import type` of ../core/protocol.js and friends); no
    // runtime code crosses, so the server bundle carries nothing of the client.
    regex: `${up}core(?:/|$)`,
    allowTypeImports: true,
    message:
      'src/server shares only types with src/core: use `import type`, and keep runtime values (constants included) in src/server/constants.ts.',
  },
}

/**
 * One folder's full restriction set.
 * @param {Pattern[]} patterns
 */
const layer = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [rule.publicNames, ...patterns] }],
})

/**
 * DESIGN.md's table, as what each folder may NOT import. `nodeOnly: true`: the folder
 * runs in browsers too. `nodeModules`: the files of the folder that may use Node.
 * @type {Record<string, { libraries: Pattern[], folders: string[], nodeOnly: boolean, nodeModules?: string[] }>}
 */
const layers = {
  core: {
    libraries: [rule.react, rule.tanstack, rule.radix, rule.wallets, rule.databases],
    folders: ['react', 'ui', 'server', 'evm', 'solana', 'testing'],
    nodeOnly: true,
  },
  react: {
    libraries: [rule.radix, rule.wallets, rule.databases],
    folders: ['ui', 'server', 'evm', 'solana', 'testing'],
    nodeOnly: true,
  },
  ui: {
    libraries: [rule.wallets, rule.databases],
    folders: ['server', 'evm', 'solana', 'testing'],
    nodeOnly: true,
  },
  server: {
    libraries: [rule.react, rule.tanstack, rule.radix, rule.serverFromCore],
    folders: ['react', 'ui', 'evm', 'solana', 'testing'],
    // The fetch handler, routes and the memory store run in browsers too (Storybook, tests).
    nodeOnly: true,
    nodeModules: ['node.ts', 'vite.ts', 'cli.ts', 'stores/pglite.ts', 'stores/pg.ts', 'mailers/smtp.ts'],
  },
  evm: {
    libraries: [
      rule.react,
      rule.tanstack,
      rule.radix,
      rule.databases,
      packages(['@solana/*', '@solana-mobile/*', '@wallet-standard/*'], 'A Solana library in src/evm: an EVM app must download no Solana code.'),
    ],
    folders: ['react', 'ui', 'server', 'solana', 'testing'],
    nodeOnly: true,
  },
  solana: {
    libraries: [
      rule.react,
      rule.tanstack,
      rule.radix,
      rule.databases,
      packages(['wagmi', 'viem', '@wagmi/*'], 'An EVM library in src/solana: a Solana app must download no EVM code.'),
    ],
    folders: ['react', 'ui', 'server', 'evm', 'testing'],
    nodeOnly: true,
  },
}

const layerRules = [
  // Everywhere in src, including src/testing (which may import anything else).
  { name: 'latchkey/layers/src', files: ['src/**/*.{ts,tsx}'], rules: layer() },
  ...Object.entries(layers).flatMap(([folder, { libraries, folders, nodeOnly, nodeModules = [] }]) => [
    {
      name: `latchkey/layers/${folder}`,
      files: [`src/${folder}/**/*.{ts,tsx}`],
      rules: layer(...libraries, ...(nodeOnly ? [rule.nodeOnly] : []), rule.upward(folders)),
    },
    ...(nodeModules.length === 0
      ? []
      : [
          {
            name: `latchkey/layers/${folder}/node`,
            files: nodeModules.map((file) => `src/${folder}/${file}`),
            rules: layer(...libraries, rule.upward(folders)),
          },
        ]),
    // Tests run in Node or a test browser: they may use node:* (real HTTP on loopback)
    // and the shared fakes of src/testing; their layer's library rules still hold.
    {
      name: `latchkey/layers/${folder}/tests`,
      files: [`src/${folder}/**/*.test.{ts,tsx}`, `src/${folder}/**/*.test-d.{ts,tsx}`],
      rules: layer(...libraries, rule.upward(folders.filter((name) => name !== 'testing'))),
    },
  ]),
]

export default defineConfig(
  {
    name: 'latchkey/ignores',
    ignores: ['dist/', 'storybook-static/', 'node_modules/', '.latchkey-data/', 'coverage/', 'bench/out/', 'bench/apps/*/dist/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    name: 'latchkey/base',
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
      // Type information for the three type-aware rules below; it triples lint time
      // (measured 14 s → 46 s on the shared 2-core machine). The whole
      // recommendedTypeChecked set would add ~120 findings, mostly require-await and
      // no-unnecessary-type-assertion, for little gain over `tsc --noEmit`.
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // An un-awaited refresh or sign-out loses its error; a promise passed where a
      // void callback is expected (onClick={signOut}) drops a rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    name: 'latchkey/plain-js',
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  ...layerRules,
)
