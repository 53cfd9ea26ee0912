import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createAuthClient } from 'latchkey'
import { AuthProvider } from 'latchkey/react'
import 'latchkey/styles.css'
import './playground.css'
import { App } from './App.js'
import { evmWallets } from 'latchkey/evm'
import type { WalletMismatchPolicy } from 'latchkey'
import { installDevWallet } from './devWallet.js'
import { solanaWallets } from 'latchkey/solana'
import { installDevSolanaWallet } from './devSolanaWallet.js'

// One client for the page; the Vite plugin serves the auth routes on the same origin, in the
// storage mode playground/config.ts chose (LATCHKEY_STORAGE=cookie for cookie mode).
// Wallets (issue 4): EVM wallets found through EIP-6963, plus the Dev wallet in development.
// `?walletMismatch=signOut|ignore` and `?mode=connect-only` try the other wallet policies.
const query = new URLSearchParams(location.search)
if (import.meta.env.DEV) installDevWallet()
// Solana (issue 5): Wallet Standard wallets (Phantom, Solflare, Backpack, …), plus the Dev Solana
// wallet in development (`?solanaSignIn=off`: one without solana:signIn, that only signs messages).
if (import.meta.env.DEV) installDevSolanaWallet({ withoutSignIn: query.get('solanaSignIn') === 'off' })
const walletPolicy = query.get('walletMismatch')
const client = createAuthClient({
  baseUrl: '/auth',
  storage: import.meta.env.VITE_LATCHKEY_STORAGE === 'cookie' ? 'cookie' : 'app',
  wallets: [evmWallets(), solanaWallets()],
  mode: query.get('mode') === 'connect-only' ? 'connect-only' : 'sign-in',
  onWalletMismatch: walletPolicy === 'signOut' || walletPolicy === 'ignore' ? (walletPolicy as WalletMismatchPolicy) : 'prompt',
})
// For the browser console and the end-to-end tests: `latchkey.getState()`, `latchkey.onAuthStateChange(…)`.
;(window as unknown as { latchkey: typeof client }).latchkey = client

const root = document.getElementById('root')
if (!root) throw new Error('playground: #root is missing from index.html')

createRoot(root).render(
  <StrictMode>
    <AuthProvider client={client}>
      <App />
    </AuthProvider>
  </StrictMode>,
)
