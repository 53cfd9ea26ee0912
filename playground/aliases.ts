import { fileURLToPath } from 'node:url'
import type { Alias } from 'vite'

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

/**
 * `latchkey/*` resolved to the sources, so the playground and Storybook use the kit
 * only through its public names while an edit in src/ reloads at once.
 * Exact matches, so `latchkey` does not swallow `latchkey/react`.
 */
export const latchkeyAliases: Alias[] = [
  { find: /^latchkey\/styles\.css$/, replacement: src('ui/styles.css') },
  { find: /^latchkey\/react$/, replacement: src('react/index.ts') },
  { find: /^latchkey\/ui$/, replacement: src('ui/index.ts') },
  { find: /^latchkey\/testing$/, replacement: src('testing/index.ts') },
  { find: /^latchkey\/testing\/playwright$/, replacement: src('testing/playwright.ts') },
  { find: /^latchkey\/locales\/fr$/, replacement: src('core/locales/fr.ts') },
  { find: /^latchkey\/evm$/, replacement: src('evm/index.ts') },
  { find: /^latchkey\/solana$/, replacement: src('solana/index.ts') },
  { find: /^latchkey\/server$/, replacement: src('server/index.ts') },
  { find: /^latchkey$/, replacement: src('core/index.ts') },
]
