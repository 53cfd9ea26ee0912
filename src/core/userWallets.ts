import type { User, VerifiedCredential } from './protocol.js'

const cache = new WeakMap<User, VerifiedCredential[]>()

/**
 * The user's wallet credentials (`format: 'blockchain'`), the primary wallet first. The
 * same array for the same user object, so it is safe in render and as a hook dependency.
 *
 * @example
 * const [primary, ...others] = getWallets(user)
 */
export function getWallets(user: User): VerifiedCredential[] {
  let wallets = cache.get(user)
  if (wallets === undefined) {
    wallets = user.verifiedCredentials.filter((credential) => credential.format === 'blockchain')
    const primary = wallets.findIndex((credential) => credential.id === user.primaryWalletId)
    if (primary > 0) wallets = [wallets[primary]!, ...wallets.slice(0, primary), ...wallets.slice(primary + 1)]
    cache.set(user, wallets)
  }
  return wallets
}
