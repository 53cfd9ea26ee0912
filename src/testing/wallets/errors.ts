/**
 * An EIP-1193 provider error: `code` 4001 (user rejected), 4100 (unauthorized),
 * 4200 (unsupported method), 4900 (disconnected), 4902 (unknown chain), -32602 (bad params).
 * The test Solana wallet rejects with code 4001 too, as Phantom and Solflare do.
 */
export class ProviderRpcError extends Error {
  override name = 'ProviderRpcError'
  readonly code: number
  readonly data: unknown

  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    this.data = data
  }
}

/** The error a test wallet throws when the test asked it to refuse (`rejectNext()`). */
export const userRejected = () => new ProviderRpcError(4001, 'User rejected the request.')
