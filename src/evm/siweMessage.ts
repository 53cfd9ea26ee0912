import type { Hex } from 'viem'
import { createSiweMessage } from 'viem/siwe'
import type { WalletAuthAdapter } from '../core/index.js'

/**
 * The EIP-4361 message for the fields core asks a wallet adapter to sign (version 1, the
 * server's nonce and clock). Shared by `evmWallets` and the test adapter in `latchkey/testing`.
 */
export const createEvmSignInMessage: WalletAuthAdapter['createMessage'] = ({
  nonce,
  address,
  chainId,
  domain,
  uri,
  issuedAt,
  expirationTime,
  statement,
}) =>
  createSiweMessage({
    address: address as Hex,
    chainId: Number(chainId),
    domain,
    uri,
    nonce,
    version: '1',
    issuedAt,
    expirationTime,
    ...(statement === undefined ? {} : { statement }),
  })
