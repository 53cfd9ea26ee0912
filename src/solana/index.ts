/**
 * `latchkey/solana`: Solana wallets (Wallet Standard) behind latchkey's `WalletAuthAdapter`.
 * Register it with `<AuthProvider wallets={[solanaWallets()]}>`; nothing else in latchkey
 * imports `@wallet-standard/*`, so apps without it download none of it.
 * @packageDocumentation
 */

/** {@inheritDoc solanaWallets} */
export { solanaWallets } from './solanaWallets.js'
export type { SolanaWalletsOptions } from './solanaWallets.js'
/** {@inheritDoc createSiwsMessage} */
export { createSiwsMessage } from './siwsMessage.js'
export type { CreateSiwsMessageParameters, SolanaCluster } from './siwsMessage.js'
