export { ProviderRpcError } from './errors.js'
export { createTestWallet, type CreateTestWalletParameters, type EIP6963ProviderInfo, type TestWallet } from './evmTestWallet.js'
export type { WalletIcon } from './icons.js'
export {
  createTestSolanaWallet,
  type CreateTestSolanaWalletParameters,
  type SolanaSignInInput,
  type SolanaSignInOutput,
  type SolanaSignMessageOutput,
  type TestSolanaWallet,
  type TestSolanaWalletAccount,
  type TestSolanaWalletFeatures,
} from './solanaTestWallet.js'
