import { expect, test } from 'vitest'
import * as wallets from './index.js'

test('exports', () => {
  expect(Object.keys(wallets).sort()).toMatchInlineSnapshot(`
    [
      "ProviderRpcError",
      "createTestSolanaWallet",
      "createTestWallet",
    ]
  `)
})
