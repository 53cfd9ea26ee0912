import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { AuthServerError } from '../errors.js'
import { readJson } from '../http.js'
import { sessionUpdate } from '../sessionUpdate.js'
import { verifyWalletProof } from '../wallet/proof.js'

/**
 * `POST /link/wallet` `{ chain, message, signature, walletName? }` (signed in): adds a further
 * wallet to the user. The message must carry a `link` nonce issued to THIS session. Answers a
 * new access token for the same session. A wallet another user owns is `409
 * credential_in_use` (the session is untouched); linking the same wallet again succeeds.
 */
export const linkWallet: RouteHandler = async (ctx) => {
  const { session, user } = await authenticate(ctx)
  const body = await readJson(ctx.request)
  const { credential } = await verifyWalletProof(ctx, body, { purpose: 'link', sessionId: session.id })
  const result = await ctx.store.addCredential({ userId: user.id, credential, now: ctx.now() })
  if (result.status === 'in_use') throw new AuthServerError(409, 'credential_in_use', 'This wallet belongs to another account. Sign in with it there, or link another wallet.')
  return sessionUpdate(ctx, result.user, session)
}
