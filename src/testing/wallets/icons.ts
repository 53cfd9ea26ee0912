/** `data:image/svg+xml;base64,…`: the icon form both EIP-6963 and the Wallet Standard accept. */
export type WalletIcon = `data:image/svg+xml;base64,${string}`

function svgIcon(svg: string): WalletIcon {
  return `data:image/svg+xml;base64,${btoa(svg)}`
}

/** A 96×96 key on an indigo square: the EVM dev wallet. */
export const evmTestWalletIcon: WalletIcon = svgIcon(
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#4f46e5"/><circle cx="38" cy="48" r="14" fill="none" stroke="#fff" stroke-width="8"/><path d="M52 48h28M70 48v12M80 48v8" stroke="#fff" stroke-width="8" stroke-linecap="round"/></svg>',
)

/** The same key on a teal square: the Solana dev wallet. */
export const solanaTestWalletIcon: WalletIcon = svgIcon(
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#0d9488"/><circle cx="38" cy="48" r="14" fill="none" stroke="#fff" stroke-width="8"/><path d="M52 48h28M70 48v12M80 48v8" stroke="#fff" stroke-width="8" stroke-linecap="round"/></svg>',
)
