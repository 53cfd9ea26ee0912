import { defineConfig } from 'vite'
import { latchkeyAliases } from '../playground/aliases.js'

// Storybook's own Vite config (react-vite adds the React plugin itself).
export default defineConfig({
  resolve: { alias: latchkeyAliases },
})
