/**
 * `latchkey/testing`: test your app against a real latchkey, without mocking it — an
 * in-process server with a client wired to it, and deterministic stand-ins for the
 * browser edges the session engine uses.
 */

/** {@inheritDoc createTestAuth} */
export { createTestAuth } from './createTestAuth.js'
export type { CreateTestAuthOptions, TestAuth } from './createTestAuth.js'

/** Deterministic platform edges: time, Web Locks, tab channels, page lifecycle, and a scripted auth API. */
export {
  createFakeAuthApi,
  createFakeChannelHub,
  createFakeLockManager,
  createFakeTime,
  createFakeVisibility,
  createMemoryStorage,
} from './fakes.js'
export type {
  FakeAuthApi,
  FakeAuthApiOptions,
  FakeAuthRequest,
  FakeChannelHub,
  FakeFailure,
  FakeLockManager,
  FakeTime,
  FakeVisibility,
} from './fakes.js'

// --- wallets (issue 4, wallet-client) --------------------------------------------------
/** Test wallets that really sign: an EIP-1193 provider (EIP-6963) and a Wallet Standard wallet. */
export { ProviderRpcError, createTestSolanaWallet, createTestWallet } from './wallets/index.js'
export type { CreateTestSolanaWalletParameters, CreateTestWalletParameters, EIP6963ProviderInfo, TestSolanaWallet, TestWallet, WalletIcon } from './wallets/index.js'
/** {@inheritDoc createTestWalletAdapter} */
export { createTestWalletAdapter } from './walletAdapter.js'
export type { CreateTestWalletAdapterOptions, TestWalletAdapter } from './walletAdapter.js'

// --- test provider and fake clock (issue 6, kit) ----------------------------------------
/** {@inheritDoc TestAuthProvider} */
export { TestAuthProvider, prepareTestAuth, testAuthOptionsFor } from './TestAuthProvider.js'
export type { TestAuthProviderProps, TestAuthStateOptions, TestSignedInAs } from './TestAuthProvider.js'
