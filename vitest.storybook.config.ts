import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { latchkeyAliases } from './playground/aliases.js'
import { chromiumLaunch } from './vite.config.js'

// `npm run test:storybook`: every story in stories/ rendered in Debian's Chromium,
// its play function run, and axe (addon-a11y, `a11y.test: 'error'` in preview.ts)
// failing the story on any violation. Kept apart from vite.config.ts so the library
// build and the other test projects do not load Storybook.
export default defineConfig({
  resolve: { alias: latchkeyAliases },
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            // Reduced motion: the dialogs' 160 ms enter animation (opacity 0 at first) would race
            // every visibility check right after a dialog opens. Storybook itself still animates.
            provider: playwright({ launchOptions: chromiumLaunch, contextOptions: { reducedMotion: 'reduce' } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
