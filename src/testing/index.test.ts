import { expect, test } from 'vitest'
import * as testing from './index.js'

test('exports', () => {
  expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
    [
      "ProviderRpcError",
      "TestAuthProvider",
      "createFakeAuthApi",
      "createFakeChannelHub",
      "createFakeLockManager",
      "createFakeTime",
      "createFakeVisibility",
      "createMemoryStorage",
      "createTestAuth",
      "createTestSolanaWallet",
      "createTestWallet",
      "createTestWalletAdapter",
      "prepareTestAuth",
      "testAuthOptionsFor",
    ]
  `)
})
