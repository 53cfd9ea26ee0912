/** @internal `0x1234…abcd`: enough of an address to recognise it, short enough for a sentence. */
export function shortAddress(address: string): string {
  if (address.length <= 13) return address
  return address.startsWith('0x') ? `${address.slice(0, 6)}…${address.slice(-4)}` : `${address.slice(0, 4)}…${address.slice(-4)}`
}
