/**
 * Runs `latchkey-server` as real OS processes for the multi-instance tests: the CLI is bundled
 * from the current source (Vite, SSR mode, dependencies left to node_modules) into
 * node_modules/.cache, then started with `node`, one process per server.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = fileURLToPath(new URL('../../node_modules/.cache/latchkey-multi-instance', import.meta.url))

/** Bundles src/server/cli.ts and returns the path of the script to run. */
export async function buildCli(): Promise<string> {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: 'src/server/cli.ts',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      rolldownOptions: { output: { entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' } },
    },
  })
  return `${outDir}/cli.mjs`
}

export interface ServerProcess {
  /** `http://127.0.0.1:port` */
  url: string
  process: ChildProcess
  /** Everything the process printed. */
  output(): string
  /** SIGTERM, then waits for the exit (graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>
}

/** Starts `node <script> ...args` and resolves once it prints the URL it listens on. */
export function startServerProcess(script: string, args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise<ServerProcess>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output)
      if (!match) return
      child.stdout!.off('data', onData)
      child.stdout!.on('data', (more: Buffer) => (output += more.toString('utf8')))
      resolve({
        url: match[1]!,
        process: child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          return exited
        },
      })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    void exited.then((code) => reject(new Error(`latchkey-server exited (${code}) before listening:\n${output}`)))
  })
}
