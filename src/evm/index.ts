/**
 * `latchkey/evm`: EVM wallets (wagmi, viem) behind latchkey's `WalletAuthAdapter`.
 * Register it with `<AuthProvider wallets={[evmWallets()]}>`; nothing else in latchkey
 * imports wagmi or viem, so apps without it download none of them.
 * @packageDocumentation
 */

/** {@inheritDoc evmWallets} */
export { evmWallets } from './evmWallets.js'
export type { EvmWalletsOptions } from './evmWallets.js'
