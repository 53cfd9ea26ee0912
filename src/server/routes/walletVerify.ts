import type { RouteHandler } from '../context.js'
import { randomId } from '../crypto.js'
import { readJson } from '../http.js'
import { startSession } from '../tokens.js'
import { verifyWalletProof } from '../wallet/proof.js'

/**
 * `POST /wallet/verify` `{ chain, message, signature, walletName? }`: signs in with a wallet.
 * The message (EIP-4361 for `evm`, SIWS for `solana`) is verified first, then its sign-in
 * nonce is consumed atomically; the first success creates the user with a `blockchain`
 * credential (`eip155` + checksummed address, or `solana` + base58).
 */
export const walletVerify: RouteHandler = async (ctx) => {
  const body = await readJson(ctx.request)
  const { chain, credential } = await verifyWalletProof(ctx, body, { purpose: 'sign-in', sessionId: null })
  const now = ctx.now()
  const { user, created } = await ctx.store.findOrCreateUser({
    user: { id: randomId('usr'), email: null, alias: null, name: null, createdAt: now },
    credential,
  })
  return startSession(ctx, user, { method: chain, created })
}
