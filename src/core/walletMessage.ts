import type { Engine } from './engine.js'
import { LatchkeyError } from './errors.js'
import type { NonceResponse } from './protocol.js'
import type { WalletActionParameters } from './types.js'
import type { WalletAccount, WalletAuthAdapter } from './wallet.js'
import type { WalletRuntime } from './walletRuntime.js'

/** @internal What a wallet signed, ready for `POST /wallet/verify` or `POST /link/wallet`. */
export interface SignedWalletMessage {
  adapter: WalletAuthAdapter
  account: WalletAccount
  body: { chain: WalletAuthAdapter['chain']; message: string; signature: string; walletName: string }
}

/** @internal Anything a wallet throws becomes a `LatchkeyError` (`user_rejected` for EIP-1193 4001 and friends). */
export function walletError(error: unknown, doing: string): LatchkeyError {
  if (error instanceof LatchkeyError) return error
  const code = (error as { code?: unknown } | null)?.code
  const name = (error as { name?: unknown } | null)?.name
  const text = String((error as { message?: unknown } | null)?.message ?? error)
  if (code === 4001 || code === 'ACTION_REJECTED' || name === 'UserRejectedRequestError' || /reject|denied|cancel/i.test(text)) {
    return new LatchkeyError('user_rejected', `The wallet request to ${doing} was declined by the user.`, { cause: error })
  }
  return new LatchkeyError('wallet_error', `The wallet failed to ${doing}: ${text}`, { cause: error })
}

function parseNonce(value: unknown): NonceResponse | null {
  if (typeof value !== 'object' || value === null) return null
  const { nonce, expiresAt, serverNow } = value as Record<string, unknown>
  if (typeof nonce !== 'string' || nonce === '' || typeof expiresAt !== 'number' || typeof serverNow !== 'number') return null
  return { nonce, expiresAt, serverNow }
}

/** @internal The connected account of `walletId` (connecting when it is another wallet or none). */
export async function ensureConnected(runtime: WalletRuntime, adapter: WalletAuthAdapter, walletId: string | undefined): Promise<WalletAccount> {
  const current = adapter.getAccount()
  if (current !== null && (walletId === undefined || current.walletId === walletId)) return current
  const target = walletId ?? adapter.listWallets().find((wallet) => wallet.installed)?.id
  if (target === undefined) {
    throw new LatchkeyError('wallet_not_found', `No ${adapter.chain} wallet is installed in this browser. Install one, or choose another way to sign in.`)
  }
  try {
    await adapter.connect(target)
  } catch (error) {
    throw walletError(error, 'connect')
  }
  runtime.setDisconnected(false)
  const account = adapter.getAccount()
  if (account === null) throw new LatchkeyError('wallet_not_connected', 'The wallet connected but reports no account. Unlock it and try again.')
  return account
}

/**
 * @internal Nonce → connect if needed → message (domain and uri from the page, times from
 * the server's clock) → signature. `request` fetches the nonce (plain for sign-in, with the
 * session for a link nonce).
 */
export async function signWalletMessage(
  runtime: WalletRuntime,
  parameters: WalletActionParameters | undefined,
  request: (body: { purpose: 'sign-in' | 'link' }) => Promise<unknown>,
  purpose: 'sign-in' | 'link',
): Promise<SignedWalletMessage> {
  const engine: Engine = runtime.engine
  const adapter = runtime.adapterFor(parameters)
  const raw = await request({ purpose })
  const receivedAt = engine.now()
  const nonce = parseNonce(raw)
  if (nonce === null) throw new LatchkeyError('invalid_response', 'POST /nonce answered without `nonce`, `expiresAt` and `serverNow`. Is `baseUrl` pointing at the latchkey server?')
  // Server time at receipt minus local time at receipt: issuedAt can only come out early, never in the future.
  const skew = nonce.serverNow - receivedAt
  const account = await ensureConnected(runtime, adapter, parameters?.walletId)
  const fields = {
    nonce: nonce.nonce,
    address: account.address,
    chainId: account.chainId,
    domain: runtime.config.domain(),
    uri: runtime.config.uri(),
    issuedAt: new Date(engine.now() + skew),
    expirationTime: new Date(nonce.expiresAt),
    statement: runtime.config.statement,
  }
  let signed: { message: string; signature: string } | null
  try {
    // A wallet that writes the message itself (solana:signIn) shows the user a sign-in prompt, not raw text.
    signed = (await adapter.signIn?.(fields)) ?? null
  } catch (error) {
    throw walletError(error, 'sign in')
  }
  if (signed === null) {
    const message = adapter.createMessage(fields)
    try {
      signed = { message, signature: await adapter.signMessage(message) }
    } catch (error) {
      throw walletError(error, 'sign the message')
    }
  }
  // The wallet may have signed with another of its accounts (solana:signIn lets the user pick): report that one.
  const signer = adapter.getAccount() ?? account
  return { adapter, account: signer, body: { chain: adapter.chain, message: signed.message, signature: signed.signature, walletName: signer.walletName } }
}
