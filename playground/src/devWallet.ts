import type { Hex } from 'viem'
import { createTestWallet } from 'latchkey/testing'
import type { TestWallet } from 'latchkey/testing'

const KEY = 'latchkey.playground.devWallet'

/**
 * The "Dev wallet": latchkey's EIP-1193 test wallet (it really signs, with a key kept in
 * this browser's localStorage), announced through EIP-6963 so the login modal lists it
 * like any extension. Development only: never ship a private key in a page.
 *
 * `window.devWallet` is the control a wallet extension's UI would be:
 * `devWallet.switchAccount(1)`, `devWallet.switchAccount('0x…key')`, `devWallet.switchChain(8453)`.
 */
export function installDevWallet(): TestWallet {
  let privateKey = localStorage.getItem(KEY) as Hex | null
  if (privateKey === null || !/^0x[0-9a-f]{64}$/i.test(privateKey)) {
    const bytes = crypto.getRandomValues(new Uint8Array(32))
    privateKey = `0x${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}` as Hex
    localStorage.setItem(KEY, privateKey)
  }
  const wallet = createTestWallet({ privateKey })
  wallet.announce(window)
  ;(window as unknown as { devWallet: TestWallet }).devWallet = wallet
  return wallet
}
