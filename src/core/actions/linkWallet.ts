import { authorizedRequest } from '../authorizedRequest.js'
import { LatchkeyError } from '../errors.js'
import type { User } from '../protocol.js'
import { applySessionUpdate } from '../sessionUpdate.js'
import type { WalletActionParameters } from '../types.js'
import { signWalletMessage } from '../walletMessage.js'
import type { WalletRuntime } from '../walletRuntime.js'

export type LinkWalletParameters = WalletActionParameters

export type LinkWalletReturnType = User

/** `not_signed_in`, `credential_in_use` (the wallet belongs to another user; nothing changes), the wallet and signature errors of `signInWithWallet`. */
export type LinkWalletErrorType = LatchkeyError

/**
 * Adds a wallet to the signed-in user: a link nonce bound to this session, the wallet
 * connected if it is not, a signature, then `POST /link/wallet`. The session stays (same
 * id, new access token with the new credential): `CREDENTIAL_LINKED` fires and `useUser()`
 * updates without a sign-out or a loading state.
 */
export async function linkWallet(wallets: WalletRuntime, parameters?: LinkWalletParameters): Promise<LinkWalletReturnType> {
  const engine = wallets.engine
  engine.ensureInitialized()
  const state = engine.getState()
  if (state.status !== 'authenticated') throw new LatchkeyError('not_signed_in', 'Linking a wallet needs a session: sign in first.')
  const sessionId = state.session.id
  // Connecting the further wallet shows an account that is not (yet) the user's: that is the point, not a mismatch.
  const end = wallets.beginLink()
  try {
    const signed = await signWalletMessage(wallets, parameters, (body) => authorizedRequest(engine, 'POST', '/nonce', body), 'link')
    const raw = await authorizedRequest(engine, 'POST', '/link/wallet', signed.body)
    return applySessionUpdate(engine, raw, 'POST /link/wallet', 'CREDENTIAL_LINKED', sessionId)
  } finally {
    end()
  }
}
