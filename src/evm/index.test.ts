import { expect, test } from 'vitest'
import * as evm from './index.js'

test('exports', () => {
  expect(Object.keys(evm).sort()).toMatchInlineSnapshot(`
    [
      "evmWallets",
    ]
  `)
})
