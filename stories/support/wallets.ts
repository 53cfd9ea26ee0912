import { createTestWalletAdapter, type CreateTestAuthOptions, type TestWalletAdapter } from 'latchkey/testing'
import { testAuthLoader, type Loaded } from './testAuth.js'

/** Fixed keys, so screenshots show the same addresses every run. */
export const walletKeys = {
  first: `0x${'11'.repeat(32)}`,
  second: `0x${'22'.repeat(32)}`,
  stranger: `0x${'5a'.repeat(32)}`,
} as const

/**
 * A fresh server and client with one test wallet adapter (EIP-4361, signed for real by a
 * viem account; the in-page server's domain is `localhost`), optionally driven somewhere first.
 */
export function walletAuthLoader(prepare?: (loaded: Loaded & { adapter: TestWalletAdapter }) => Promise<unknown>, client: Omit<NonNullable<CreateTestAuthOptions['client']>, 'wallets'> = {}) {
  const adapter = () =>
    createTestWalletAdapter({
      privateKey: walletKeys.first,
      wallets: [
        { id: 'dev.latchkey.testwallet', name: 'Dev wallet' },
        { id: 'io.metamask', name: 'MetaMask', installed: false },
      ],
    })
  // A new adapter per load: a wallet connected by one story must not leak into the next.
  return () =>
    testAuthLoader(
      async (loaded) => prepare?.({ ...loaded, adapter: loaded.auth.client.wallets[0] as TestWalletAdapter }),
      { client: { ...walletMessage, ...client, wallets: [adapter()] } },
    )()
}

/** The in-page server answers as `http://localhost`. */
export const walletMessage = { walletMessage: { domain: 'localhost', uri: 'http://localhost' } }

export const adapterOf = (loaded: unknown) => (loaded as Loaded).auth.client.wallets[0] as TestWalletAdapter

/** Holds every request to a path ending in `path` until `release()`: a pending state, for real. */
export function holdRequests(auth: Loaded['auth'], path: string): () => void {
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const inner = auth.fetch
  auth.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (new URL(url, auth.baseUrl).pathname.endsWith(path)) await gate
    return inner(input, init)
  }
  return release
}
