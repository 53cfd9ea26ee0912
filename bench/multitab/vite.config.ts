// The playground as `bench/multitab/run.mjs` runs it: its own data folder and access-token
// lifetime, from the environment the script sets before starting Vite.
import { defineConfig } from 'vite'
import { playgroundConfig } from '../../playground/config.js'

const dataDir = process.env.LATCHKEY_BENCH_DATA_DIR
const accessTokenTtl = Number(process.env.LATCHKEY_BENCH_TOKEN_TTL)
if (!dataDir || !Number.isFinite(accessTokenTtl)) throw new Error('bench/multitab: run it through `npm run bench:multitab`.')

export default defineConfig(playgroundConfig({ dataDir, server: { accessTokenTtl } }))
