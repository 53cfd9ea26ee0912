import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { enqueueRevocation, flushRevocations } from '../revocations.js'
import type { WalletActionParameters } from '../types.js'
import { parseTokenResponse } from '../validate.js'
import { signWalletMessage } from '../walletMessage.js'
import type { WalletRuntime } from '../walletRuntime.js'

export type SignInWithWalletParameters = WalletActionParameters

export type SignInWithWalletReturnType = User

/**
 * `wallet_not_found`, `user_rejected`, `wallet_error`, `wallet_not_connected`, and the
 * server's refusals (`invalid_signature`, `nonce_expired`, `domain_mismatch`,
 * `chain_not_allowed`, …), `network_error`, `timeout`, `invalid_response`.
 */
export type SignInWithWalletErrorType = LatchkeyError

/**
 * Signs in with a wallet: a sign-in nonce (`POST /nonce`), the wallet connected if it is
 * not, a sign-in message (domain = the page's host, uri = its origin, times by the server's
 * clock) signed in the wallet, then `POST /wallet/verify`. Emits `SIGNED_IN`; a visitor
 * becomes a signed-in user. A session it replaces is revoked on the server.
 */
export async function signInWithWallet(
  wallets: WalletRuntime,
  parameters?: SignInWithWalletParameters,
): Promise<SignInWithWalletReturnType> {
  const engine = wallets.engine
  engine.ensureInitialized()
  const signed = await signWalletMessage(wallets, parameters, (body) => engine.transport.request('POST', '/nonce', { body }), 'sign-in')
  const sentAt = engine.now()
  const raw = await engine.transport.request('POST', '/wallet/verify', { body: signed.body })
  const response = parseTokenResponse(raw, engine.config.mode)
  if (response === null) {
    throw new LatchkeyError('invalid_response', 'POST /wallet/verify answered without a `session` body (and, in app mode, both tokens).')
  }
  wallets.setDisconnected(false)
  const { user, replaced } = engine.acceptSignIn(response, sentAt)
  if (replaced !== null && engine.config.mode === 'app') {
    enqueueRevocation(engine, replaced)
    void flushRevocations(engine)
  }
  wallets.evaluate()
  return user
}
