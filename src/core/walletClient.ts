import { connectWallet } from './actions/connectWallet.js'
import { disconnectWallet } from './actions/disconnectWallet.js'
import { linkWallet } from './actions/linkWallet.js'
import { signInWithWallet } from './actions/signInWithWallet.js'
import type { Engine } from './engine.js'
import type { AuthClient } from './types.js'
import { createWalletRuntime } from './walletRuntime.js'
import type { WalletConfig, WalletRuntime } from './walletRuntime.js'

/** @internal The wallet half of the client, bound. */
export interface WalletClient extends Pick<AuthClient, 'signInWithWallet' | 'connectWallet' | 'disconnectWallet' | 'linkWallet'> {
  runtime: WalletRuntime
}

/**
 * @internal Loaded with `import()` by `createAuthClient`, and only for a client with wallet
 * adapters: an email-only app downloads none of the wallet runtime or its actions.
 */
export function createWalletClient(engine: Engine, config: WalletConfig): WalletClient {
  const runtime = createWalletRuntime(() => engine, config)
  return {
    runtime,
    signInWithWallet: (parameters) => signInWithWallet(runtime, parameters),
    connectWallet: (parameters) => connectWallet(runtime, parameters),
    disconnectWallet: (parameters) => disconnectWallet(runtime, parameters),
    linkWallet: (parameters) => linkWallet(runtime, parameters),
  }
}
