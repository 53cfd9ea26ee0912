/** A Solana cluster, as `Chain ID:` names it in a Sign-In-With-Solana message. */
export type SolanaCluster = 'mainnet' | 'devnet' | 'testnet' | 'localnet'

/** The fields of a SIWS message latchkey writes. Times are the server's. */
export interface CreateSiwsMessageParameters {
  domain: string
  address: string
  statement?: string | undefined
  uri: string
  chainId: string
  nonce: string
  issuedAt: Date
  expirationTime: Date
}

/**
 * The Sign-In-With-Solana text for a wallet without `solana:signIn`, in the exact form that
 * feature produces (SIWS specification, "Maximal Message Template"), so the server parses
 * one format whichever way the wallet signed.
 * https://github.com/phantom/sign-in-with-solana#message-construction
 */
export function createSiwsMessage(parameters: CreateSiwsMessageParameters): string {
  const { domain, address, statement, uri, chainId, nonce, issuedAt, expirationTime } = parameters
  let message = `${domain} wants you to sign in with your Solana account:\n${address}`
  if (statement) message += `\n\n${statement}`
  const fields = [
    `URI: ${uri}`,
    'Version: 1',
    `Chain ID: ${chainId}`,
    `Nonce: ${nonce}`,
    `Issued At: ${issuedAt.toISOString()}`,
    `Expiration Time: ${expirationTime.toISOString()}`,
  ]
  return `${message}\n\n${fields.join('\n')}`
}
