import { createConfig, http, injected } from '@wagmi/core'
import { mainnet } from 'viem/chains'
import { expect, test } from 'vitest'
import { createTestAuth } from '../testing/createTestAuth.js'
import { createTestWallet } from '../testing/wallets/index.js'
import { evmWallets } from './index.js'

// The whole chain below the UI: wagmi actions → the EIP-1193 test wallet (real secp256k1
// signatures) → the core client → the real server's EIP-4361 parser and verifier.

test('behavior: sign in with an injected wallet through wagmi, then refuse a declined signature', async () => {
  const wallet = createTestWallet()
  const config = createConfig({
    chains: [mainnet],
    connectors: [injected({ target: () => ({ id: 'dev.latchkey.testwallet', name: 'Dev wallet', provider: wallet }) })],
    multiInjectedProviderDiscovery: false,
    storage: null,
    transports: { [mainnet.id]: http() },
  })
  const auth = createTestAuth({ client: { wallets: [evmWallets(config)], walletMessage: { domain: 'localhost', uri: 'http://localhost' } } })
  const user = await auth.client.signInWithWallet({ walletId: 'dev.latchkey.testwallet' })
  expect(user.verifiedCredentials).toEqual([expect.objectContaining({ chain: 'eip155', address: wallet.address, walletName: 'Dev wallet' })])

  await auth.client.signOut()
  wallet.rejectNext('personal_sign')
  await expect(auth.client.signInWithWallet()).rejects.toMatchObject({ code: 'user_rejected' })
  expect(auth.client.getState().status).toBe('unauthenticated')
})
