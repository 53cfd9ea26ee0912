import { DEFAULT_EVM_CHAIN_IDS, DEFAULT_SOLANA_CHAINS } from '../constants.js'

/** `createAuthServer({ wallets })`: what wallet sign-in messages the server accepts. */
export interface WalletOptions {
  /**
   * Accepted message domains: authorities (`app.example.com`, `localhost:5173`) or origins
   * (`https://app.example.com`, which also checks the message's scheme). Default: the host the
   * request was sent to, and the host of its `Origin` (already checked against `allowedOrigins`).
   */
  domains?: string[]
  /** Accepted `URI:` values, exactly. Default: any. */
  uris?: string[]
  evm?: {
    /** Accepted chain ids. Default `[1, 10, 137, 8453, 42161, 11155111, 31337]`. */
    chainIds?: number[]
    /**
     * A JSON-RPC URL (or one per chain id) to check smart-contract wallet signatures (EIP-1271,
     * EIP-6492). Without one, such signatures are refused as `unsupported_signer`.
     */
    rpcUrl?: string | Record<number, string>
  }
  solana?: {
    /** Accepted clusters (`solana:mainnet` or `mainnet`). Default: mainnet, devnet, testnet, localnet. */
    chains?: string[]
  }
}

/** @internal */
export interface ResolvedWalletOptions {
  domains: string[] | undefined
  uris: string[] | undefined
  evmChainIds: number[]
  rpcUrl: string | Record<number, string> | undefined
  solanaChains: string[]
}

const fail = (what: string, got: unknown): never => {
  throw new TypeError(`latchkey: \`wallets.${what}\`; got ${JSON.stringify(got)}.`)
}
const stringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')

/** Checks `wallets` at construction: misuse is a `TypeError` there, never a refusal of a user. @internal */
export function resolveWalletOptions(options: WalletOptions | undefined): ResolvedWalletOptions {
  const o = options ?? {}
  if (typeof o !== 'object' || o === null) throw new TypeError(`latchkey: \`wallets\` must be an object; got ${JSON.stringify(o)}.`)
  if (o.domains !== undefined && !stringList(o.domains)) fail('domains` must list at least one domain like "app.example.com"', o.domains)
  if (o.uris !== undefined && !stringList(o.uris)) fail('uris` must list at least one URI like "https://app.example.com"', o.uris)
  const chainIds = o.evm?.chainIds ?? DEFAULT_EVM_CHAIN_IDS
  if (!Array.isArray(chainIds) || chainIds.length === 0 || !chainIds.every((id) => Number.isSafeInteger(id) && id > 0))
    fail('evm.chainIds` must list positive whole chain ids like [1, 8453]', chainIds)
  const rpcUrl = o.evm?.rpcUrl
  if (rpcUrl !== undefined && typeof rpcUrl !== 'string' && (typeof rpcUrl !== 'object' || rpcUrl === null || !Object.values(rpcUrl).every((u) => typeof u === 'string')))
    fail('evm.rpcUrl` must be a URL or an object of URLs by chain id', rpcUrl)
  const chains = o.solana?.chains ?? DEFAULT_SOLANA_CHAINS
  if (!stringList(chains)) fail('solana.chains` must list clusters like "solana:mainnet"', chains)
  return {
    domains: o.domains ? [...o.domains] : undefined,
    uris: o.uris ? [...o.uris] : undefined,
    evmChainIds: [...chainIds],
    rpcUrl,
    solanaChains: chains.map((c) => (c.startsWith('solana:') ? c : `solana:${c}`)),
  }
}
