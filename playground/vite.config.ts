import { defineConfig } from 'vite'
import { playgroundConfig } from './config.js'

// `npm run dev`: the playground app and the reference auth server in one process.
// LATCHKEY_DATA_DIR moves the database (default: .latchkey-data/ at the repo root);
// LATCHKEY_STORAGE=cookie runs the server and the page in cookie mode.
const storage = process.env.LATCHKEY_STORAGE === 'cookie' ? 'cookie' : 'app'
export default defineConfig(
  playgroundConfig({ storage, ...(process.env.LATCHKEY_DATA_DIR ? { dataDir: process.env.LATCHKEY_DATA_DIR } : {}) }),
)
