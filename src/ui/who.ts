import type { User } from '../core/index.js'

/** @internal `0x1234…abcd`: enough to recognise, short enough for a button. */
export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`
}

/**
 * @internal How a signed-in user is named in the UI: their email, else the short
 * address of their first wallet, else their alias or name; `null` when none is known.
 */
export function who(user: User): string | null {
  if (user.email) return user.email
  const wallet = user.verifiedCredentials.find((credential) => credential.address)
  if (wallet?.address) return shortAddress(wallet.address)
  return user.alias ?? user.name ?? null
}
