/**
 * Named defaults of wallet message verification.
 * @internal
 */

/** Largest sign-in message accepted, in UTF-8 bytes. A real EIP-4361 / SIWS message is well under 1 KB. */
export const MAX_MESSAGE_BYTES = 4096

/** Largest signature accepted, in characters (hex or base58). Smart-contract signatures can be long, not unbounded. */
export const MAX_SIGNATURE_CHARS = 4096

/** Default tolerance for clock differences between the wallet's device and the server. */
export const DEFAULT_LEEWAY_MS = 60_000
