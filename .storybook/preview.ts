import type { Preview } from '@storybook/react-vite'
import '../src/ui/styles.css'

// Themes: each component takes `theme` ('light' | 'dark' | 'auto') and sets its own
// `data-latchkey-theme`, so stories switch it with the `theme` control.
const preview: Preview = {
  parameters: {
    // Accessibility violations fail the story's test (vitest.storybook.config.ts), not just a panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
}

export default preview
