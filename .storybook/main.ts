import type { StorybookConfig } from '@storybook/react-vite'

/**
 * Storybook 10 for latchkey's components. The stories import the kit only through
 * `latchkey/*` (aliased to src/ in .storybook/vite.config.ts) and take every state
 * from the real engine and an in-browser server (`createTestAuth` from `latchkey/testing`).
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: {
    name: '@storybook/react-vite',
    // Not the repo's vite.config.ts: that one builds the library (lib mode) and runs Vitest.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  core: { disableTelemetry: true },
  typescript: { reactDocgen: 'react-docgen' },
}

export default config
