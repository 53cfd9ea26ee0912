/**
 * What `POST /wallet/verify` and `POST /link/wallet` share: read the body, verify the signed
 * message (EIP-4361 or SIWS) against this server's expectations, THEN consume its nonce in one
 * atomic store step. Verifying first means a forged or malformed message never burns a nonce.
 * @internal
 */
import type { WalletChain } from '../../core/protocol.js'
import { WALLET_NAME_MAX_LENGTH, MAX_BODY_BYTES } from '../constants.js'
import type { RouteContext } from '../context.js'
import { randomId } from '../crypto.js'
import { AuthServerError, invalidField } from '../errors.js'
import { optionalStringField } from '../http.js'
import type { NewCredential, NoncePurpose } from '../store.js'
import { WalletVerificationError } from './errors.js'

/**
 * The verifiers load on the first wallet message: viem (for EVM) is an optional peer, so a
 * server that only ever sees email sign-ins never needs it installed.
 */
async function loadVerifier<T>(ctx: RouteContext, chain: WalletChain, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    ctx.logger.error(`latchkey: the ${chain} message verifier could not be loaded`, error)
    throw new AuthServerError(
      501,
      'unsupported_chain',
      chain === 'evm'
        ? 'This server cannot check Ethereum signatures: its operator must install `viem` beside latchkey.'
        : 'This server cannot check Solana signatures: its installation is missing a package latchkey needs.',
      { cause: error },
    )
  }
}

export interface WalletProof {
  chain: WalletChain
  /** The credential to find or add: `eip155` + checksummed address, or `solana` + base58. */
  credential: NewCredential
}

/** The message's second line is its address in both formats: enough to rate-limit on before verifying. */
function claimedAddress(chain: WalletChain, message: string): string | undefined {
  const line = message.split('\n', 2)[1]
  if (line === undefined || line.length > 64) return undefined
  return chain === 'evm' ? line.toLowerCase() : line
}

/** The domains a message may name: the configured list, else this request's host and its (CSRF-checked) Origin's. */
function expectedDomains(ctx: RouteContext): string[] {
  if (ctx.wallets.domains) return ctx.wallets.domains
  const domains = [ctx.url.host]
  const origin = ctx.request.headers.get('origin')
  if (origin !== null) {
    try {
      const host = new URL(origin).host
      if (host !== '' && !domains.includes(host)) domains.push(host)
    } catch {
      // Not a URL: CSRF has refused it already unless it was allowed as-is; ignore it here.
    }
  }
  return domains
}

export async function verifyWalletProof(
  ctx: RouteContext,
  body: Record<string, unknown>,
  nonce: { purpose: NoncePurpose; sessionId: string | null },
): Promise<WalletProof> {
  const chain = body.chain
  if (chain !== 'evm' && chain !== 'solana') throw invalidField('chain', "'evm' or 'solana'")
  // Size limits are the verifiers' (`malformed_message`, `invalid_signature`); the body cap bounds them here.
  if (typeof body.message !== 'string') throw invalidField('message', 'the signed message, as a string')
  if (typeof body.signature !== 'string') throw invalidField('signature', chain === 'evm' ? 'a 0x-prefixed hex string' : 'a base58 string')
  const walletName = optionalStringField(body, 'walletName', MAX_BODY_BYTES)?.trim().slice(0, WALLET_NAME_MAX_LENGTH) || null
  const { message, signature } = body as { message: string; signature: string }

  const address = claimedAddress(chain, message)
  if (address !== undefined) await ctx.limitIdentifier(`${chain}:${address}`)

  const now = ctx.now()
  const common = { domains: expectedDomains(ctx), ...(ctx.wallets.uris ? { uris: ctx.wallets.uris } : {}), now }
  let verified: { address: string; nonce: string }
  try {
    verified =
      chain === 'evm'
        ? await (await loadVerifier(ctx, chain, () => import('./siwe.js'))).verifySiwe({ message, signature }, { ...common, chainIds: ctx.wallets.evmChainIds, ...(ctx.wallets.rpcUrl ? { rpcUrl: ctx.wallets.rpcUrl } : {}) })
        : (await loadVerifier(ctx, chain, () => import('./siws.js'))).verifySiws({ message, signature }, { ...common, chainIds: ctx.wallets.solanaChains })
  } catch (error) {
    if (error instanceof WalletVerificationError) throw new AuthServerError(error.status, error.code, error.message, { cause: error })
    throw error
  }

  const consumed = await ctx.store.consumeNonce({ nonce: verified.nonce, ...nonce, now })
  switch (consumed.status) {
    case 'consumed':
      break
    case 'unknown':
      throw new AuthServerError(400, 'nonce_unknown', 'This server did not issue the nonce in the message: request a new nonce and sign again.')
    case 'expired':
      throw new AuthServerError(400, 'nonce_expired', 'The nonce in the message has expired: request a new nonce and sign again.')
    case 'used':
      throw new AuthServerError(400, 'nonce_reused', 'The nonce in the message was already used: request a new nonce and sign again.')
    case 'purpose_mismatch':
      throw new AuthServerError(
        400,
        'nonce_purpose_mismatch',
        consumed.nonce.purpose !== nonce.purpose
          ? `The nonce was issued for ${consumed.nonce.purpose === 'link' ? 'linking a wallet' : 'signing in'}, not for this: request a nonce with purpose '${nonce.purpose}'.`
          : 'The nonce was issued for another session: request a new link nonce from this session.',
      )
    default:
      consumed satisfies never
  }

  const credential: NewCredential =
    chain === 'evm'
      ? { id: randomId('cred'), format: 'blockchain', key: `eip155:${verified.address.toLowerCase()}`, chain: 'eip155', address: verified.address, walletName }
      : { id: randomId('cred'), format: 'blockchain', key: `solana:${verified.address}`, chain: 'solana', address: verified.address, walletName }
  return { chain, credential }
}
