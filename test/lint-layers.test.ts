// @vitest-environment node
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, test } from 'vitest'

// The layer table of DESIGN.md, checked through ESLint's Node API on in-memory
// snippets linted as if they lived at the given paths (the files need not exist, so
// the few type-aware rules, which need a file TypeScript knows, are switched off).
const cwd = fileURLToPath(new URL('..', import.meta.url))
const eslint = new ESLint({
  cwd,
  overrideConfigFile: 'eslint.config.js',
  overrideConfig: [tseslint.configs.disableTypeChecked],
})

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {}\n`, { filePath })
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`)
  const fatal = result.messages.filter((message) => message.fatal)
  if (fatal.length > 0) throw new Error(`Could not parse ${filePath}: ${fatal[0]?.message}`)
  return result.messages
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message)
}

type Case = [path: string, code: string]

const forbidden: Case[] = [
  // src/core: framework-free, browser-safe, imports nothing above it
  ['src/core/client.ts', `import { useState } from 'react'`],
  ['src/core/client.ts', `import { createRoot } from 'react-dom/client'`],
  ['src/core/client.ts', `import { QueryClient } from '@tanstack/query-core'`],
  ['src/core/client.ts', `import * as Dialog from '@radix-ui/react-dialog'`],
  ['src/core/client.ts', `import { createConfig } from 'wagmi'`],
  ['src/core/client.ts', `import { verifyMessage } from 'viem'`],
  ['src/core/client.ts', `import { PublicKey } from '@solana/web3.js'`],
  ['src/core/client.ts', `import { PGlite } from '@electric-sql/pglite'`],
  ['src/core/client.ts', `import pg from 'pg'`],
  ['src/core/client.ts', `import { randomBytes } from 'node:crypto'`],
  ['src/core/client.ts', `import { EventEmitter } from 'events'`],
  ['src/core/client.ts', `import { AuthProvider } from '../react/index.js'`],
  ['src/core/client.ts', `import { AuthButton } from '../ui/index.js'`],
  ['src/core/client.ts', `import { createAuthServer } from '../server/index.js'`],
  ['src/core/client.ts', `import type { AuthServer } from '../server/index.js'`],
  ['src/core/client.ts', `import { evmWallets } from '../evm/index.js'`],
  ['src/core/client.ts', `import { solanaWallets } from '../solana/index.js'`],
  ['src/core/client.ts', `import { createTestAuth } from '../testing/index.js'`],
  ['src/core/actions/signOut.ts', `import { useUser } from '../../react/useUser.js'`],
  ['src/core/client.ts', `import { AuthProvider } from 'latchkey/react'`],
  ['src/core/client.test.ts', `import { render } from '@testing-library/react'\nimport { useState } from 'react'`],
  // src/react: no Radix, wallets, server or UI
  ['src/react/AuthProvider.tsx', `import * as Dialog from '@radix-ui/react-dialog'`],
  ['src/react/AuthProvider.tsx', `import { useAccount } from 'wagmi'`],
  ['src/react/AuthProvider.tsx', `import { useWallet } from '@solana/wallet-adapter-react'`],
  ['src/react/AuthProvider.tsx', `import { createAuthServer } from '../server/index.js'`],
  ['src/react/hooks/useUser.ts', `import { AuthButton } from '../../ui/AuthButton.js'`],
  ['src/react/AuthProvider.tsx', `import { createAuthClient } from 'latchkey'`],
  // src/ui: no wallet libraries, server, evm or solana
  ['src/ui/LoginModal.tsx', `import { useConnect } from 'wagmi'`],
  ['src/ui/LoginModal.tsx', `import { createWalletClient } from 'viem'`],
  ['src/ui/LoginModal.tsx', `import { Connection } from '@solana/web3.js'`],
  ['src/ui/LoginModal.tsx', `import { createAuthServer } from '../server/index.js'`],
  ['src/ui/LoginModal.tsx', `import { evmWallets } from '../evm/index.js'`],
  ['src/ui/LoginModal.tsx', `import { solanaWallets } from '../solana/index.js'`],
  // src/server: no React world, and only types from the client (plus the protocol constants)
  ['src/server/createAuthServer.ts', `import { useState } from 'react'`],
  ['src/server/createAuthServer.ts', `import * as Dialog from '@radix-ui/react-dialog'`],
  ['src/server/createAuthServer.ts', `import { QueryClient } from '@tanstack/react-query'`],
  ['src/server/createAuthServer.ts', `import { AuthProvider } from '../react/index.js'`],
  ['src/server/createAuthServer.ts', `import { AuthButton } from '../ui/index.js'`],
  ['src/server/createAuthServer.ts', `import { createAuthClient } from '../core/index.js'`],
  ['src/server/routes/emailVerify.ts', `import { LatchkeyError } from '../../core/errors.js'`],
  ['src/server/createAuthServer.ts', `import { CSRF_HEADER } from '../core/protocol.js'`],
  ['src/server/createAuthServer.ts', `import { type User, CSRF_HEADER } from '../core/protocol.js'`],
  // ...and the handler, its routes and the memory store run in browsers: nothing Node-only
  ['src/server/index.ts', `import { createServer } from 'node:http'`],
  ['src/server/createAuthServer.ts', `import { randomBytes } from 'node:crypto'`],
  ['src/server/routes/emailStart.ts', `import { Buffer } from 'node:buffer'`],
  ['src/server/routes/emailStart.ts', `import { createHmac } from 'crypto'`],
  ['src/server/stores/memory.ts', `import { readFile } from 'node:fs/promises'`],
  ['src/server/mailers/console.ts', `import { inspect } from 'node:util'`],
  // src/evm and src/solana: no React, and neither pulls the other's libraries
  ['src/evm/adapter.ts', `import { useState } from 'react'`],
  ['src/evm/adapter.ts', `import { PublicKey } from '@solana/web3.js'`],
  ['src/solana/adapter.ts', `import { useState } from 'react'`],
  ['src/solana/adapter.ts', `import { verifyMessage } from 'viem'`],
  // Wallet Standard discovery is latchkey/solana's alone (issue 5)
  ['src/ui/LoginModal.tsx', `import { getWallets } from '@wallet-standard/app'`],
  ['src/core/client.ts', `import type { Wallet } from '@wallet-standard/base'`],
  ['src/evm/adapter.ts', `import { getWallets } from '@wallet-standard/app'`],
]

const allowed: Case[] = [
  ['src/solana/adapter.ts', `import { getWallets } from '@wallet-standard/app'\nimport type { Wallet } from '@wallet-standard/base'`],
  ['src/core/client.ts', `import { decodeJwt } from 'jose'`],
  ['src/core/client.ts', `import { LatchkeyError } from './errors.js'\nimport type { User } from './protocol.js'`],
  ['src/core/actions/signOut.ts', `import type { AuthClient } from '../types.js'`],
  ['src/core/client.test.ts', `import { createFakeTransport } from '../testing/index.js'\nimport { setTimeout } from 'node:timers'`],
  ['src/react/AuthProvider.tsx', `import { createContext } from 'react'\nimport { useQuery } from '@tanstack/react-query'`],
  ['src/react/AuthProvider.tsx', `import { createAuthClient } from '../core/index.js'`],
  ['src/ui/LoginModal.tsx', `import * as Dialog from '@radix-ui/react-dialog'\nimport { useId } from 'react'`],
  ['src/ui/LoginModal.tsx', `import { useEmailSignIn } from '../react/index.js'\nimport { LatchkeyError } from '../core/index.js'`],
  ['src/server/createAuthServer.ts', `import { SignJWT } from 'jose'`],
  ['src/server/createAuthServer.ts', `import type { SessionBody, User } from '../core/protocol.js'`],
  ['src/server/routes/emailVerify.ts', `import type { ErrorCode } from '../../core/protocol.js'`],
  ['src/server/routes/emailVerify.ts', `import type { LatchkeyError } from '../../core/errors.js'`],
  ['src/server/node.ts', `import { createServer } from 'node:http'`],
  ['src/server/vite.ts', `import { mkdirSync } from 'node:fs'\nimport type { Plugin } from 'vite'`],
  ['src/server/stores/pglite.ts', `import { PGlite } from '@electric-sql/pglite'\nimport { mkdir } from 'node:fs/promises'`],
  ['src/server/routes/emailVerify.test.ts', `import { createServer } from 'node:http'`],
  ['src/testing/createTestAuth.ts', `import { createAuthServer } from '../server/index.js'\nimport { AuthProvider } from '../react/index.js'`],
  ['playground/main.tsx', `import { AuthProvider } from 'latchkey/react'\nimport { AuthButton } from 'latchkey/ui'`],
  ['stories/AuthButton.stories.tsx', `import { createTestAuth } from 'latchkey/testing'`],
]

describe('layer rule (DESIGN.md, "Layers and folders")', () => {
  test.each(forbidden)('behavior: %s may not `%s`', async (path, code) => {
    const errors = await layerErrors(path, code)
    expect(errors.length, `expected a layer error for ${path}`).toBeGreaterThan(0)
  })

  test.each(allowed)('behavior: %s may `%s`', async (path, code) => {
    expect(await layerErrors(path, code)).toEqual([])
  })

  test('behavior: the message says what to do', async () => {
    const [message] = await layerErrors('src/core/client.ts', `import { useState } from 'react'`)
    expect(message).toMatch(/framework-free/)
    const [nodeMessage] = await layerErrors('src/server/routes/emailStart.ts', `import { randomBytes } from 'node:crypto'`)
    expect(nodeMessage).toMatch(/src\/server\/node\.ts/)
  })
})
