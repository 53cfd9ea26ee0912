/**
 * Why a wallet sign-in message was refused. Each maps one-to-one onto an error body
 * code of `POST /wallet/verify` and `POST /link/wallet`.
 */
export type WalletVerificationCode =
  /** The message is not a well-formed EIP-4361 / SIWS message, or is too large. */
  | 'malformed_message'
  /** The message's domain (or scheme) is not one the server accepts. */
  | 'domain_mismatch'
  /** The message's `URI:` is not one the server accepts. */
  | 'uri_mismatch'
  /** The message's `Chain ID:` is not on the server's allowlist. */
  | 'chain_not_allowed'
  /** The message's nonce is not the one the server issued. */
  | 'nonce_mismatch'
  /** `Expiration Time:` has passed (beyond the leeway). */
  | 'message_expired'
  /** `Not Before:` (or `Issued At:`) is still in the future (beyond the leeway). */
  | 'message_not_yet_valid'
  /** The signature is malformed, has the wrong length, or was not made by the message's address. */
  | 'invalid_signature'
  /** A smart-contract (EIP-1271 / EIP-6492) signature, and no RPC is configured to check it. */
  | 'unsupported_signer'
  /** An RPC was needed to check a smart-contract signature and did not answer. Not the user's fault: retry. */
  | 'rpc_unavailable'

/**
 * Thrown by `verifySiwe` and `verifySiws` when a message or signature is refused.
 * `code` is stable; `message` says what to do.
 *
 * @example
 * try { await verifySiwe(input, expected) }
 * catch (error) { if (error instanceof WalletVerificationError) return json({ error: error.code, message: error.message }, error.status) }
 */
export class WalletVerificationError extends Error {
  override name = 'WalletVerificationError'
  readonly code: WalletVerificationCode

  constructor(code: WalletVerificationCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.code = code
  }

  /** The HTTP status a route should answer with: 503 when the RPC failed (retry later), else 400. */
  get status(): 400 | 503 {
    return this.code === 'rpc_unavailable' ? 503 : 400
  }
}
