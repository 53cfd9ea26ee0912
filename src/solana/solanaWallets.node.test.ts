// @vitest-environment node
import { expect, test } from 'vitest'
import { solanaWallets } from './index.js'

test('behavior: on a server (no window, no storage) it lists nothing, has no account, and reconnects nothing', async () => {
  const adapter = solanaWallets()
  expect(adapter.listWallets()).toEqual([])
  expect(adapter.getAccount()).toBeNull()
  expect(await adapter.reconnect?.()).toBeNull()
  adapter.subscribe(() => {})()
})
