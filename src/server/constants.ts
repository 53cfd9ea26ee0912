/**
 * Named defaults of the reference server. One place, so a reader sees every policy number at once.
 * @internal
 */

/** Path under which the routes are mounted. Same value as core's `DEFAULT_BASE_PATH`. */
export const DEFAULT_BASE_PATH = '/auth'

/** Header every non-GET request must carry (value `1`). Same value as core's `CSRF_HEADER`. */
export const CSRF_HEADER = 'x-latchkey'

export const DEFAULT_ISSUER = 'latchkey'
export const DEFAULT_AUDIENCE = 'latchkey'

/** Access-token lifetime, seconds (15 minutes). */
export const DEFAULT_ACCESS_TOKEN_TTL = 15 * 60
/** Absolute session lifetime, seconds (7 days). */
export const DEFAULT_SESSION_TTL = 7 * 24 * 60 * 60
/** Longest session lifetime a server accepts, seconds (30 days). */
export const MAX_SESSION_TTL = 30 * 24 * 60 * 60
/** Seconds in which re-presenting the parent of the live refresh token returns the same child. */
export const DEFAULT_REFRESH_REUSE_GRACE = 10

/** Email codes: digits, lifetime, attempts and resend cooldown. */
export const EMAIL_CODE_LENGTH = 6
export const EMAIL_CODE_TTL = 10 * 60
export const EMAIL_CODE_MAX_ATTEMPTS = 5
export const EMAIL_RESEND_COOLDOWN = 30
/**
 * Codes one address may get per hour. With 5 attempts each, that bounds guessing at 50 tries
 * an hour against 10^6 codes; without it the cooldown alone would allow 600.
 */
export const DEFAULT_EMAIL_CODES_PER_HOUR = 10
export const EMAIL_RATE_WINDOW = 60 * 60
/** RFC 5321 path limit. */
export const EMAIL_MAX_LENGTH = 254

/** Largest request body the server reads, bytes. */
export const MAX_BODY_BYTES = 64 * 1024

/** How many mails the dev mailbox keeps. */
export const DEV_MAILBOX_SIZE = 20

/** Refresh tokens: bytes of randomness (256 bits). */
export const REFRESH_TOKEN_BYTES = 32

/** Secret names in the store. */
/** Where schemas 1–3 kept the signing key; migration 4 moves it to `latchkey_signing_keys`. */
export const SIGNING_KEY_SECRET = 'signing_key:es256:1'
export const CODE_HMAC_SECRET = 'email_code_hmac:1'

/** Seconds a JWKS answer may be cached. */
export const JWKS_MAX_AGE = 300

// --- Operations (issue 7: rate limits, hooks, standalone server) -------------------------------

/**
 * Default rate limits of the routes callable without a session, per client IP and per
 * identifier (email or wallet address), sliding windows in seconds. Per IP is loose enough for
 * an office behind one NAT; per identifier stops a focused attack on one account. Sending
 * codes per address is already capped by `emailCodesPerHour` (and the resend cooldown), so
 * `/email/start` has no identifier limit of its own.
 */
export const DEFAULT_RATE_LIMITS = {
  '/email/start': { perIp: { limit: 30, window: 10 * 60 } },
  '/email/verify': { perIp: { limit: 60, window: 10 * 60 }, perIdentifier: { limit: 30, window: 10 * 60 } },
  '/nonce': { perIp: { limit: 60, window: 60 } },
  '/wallet/verify': { perIp: { limit: 30, window: 60 }, perIdentifier: { limit: 10, window: 60 } },
} as const

/**
 * `verifyAccessToken` with `jwksUrl`: an unknown `kid` refetches the JWKS at most this often, ms.
 * jose's default is 30 s; after a key rotation that would refuse new tokens for up to 30 s on a
 * backend that fetched just before. One fetch per 5 s is still no load on the auth server, even
 * when a flood of tokens with made-up `kid`s tries to make it one.
 */
export const JWKS_REFETCH_COOLDOWN_MS = 5_000

/** Keys the in-memory rate limiter keeps at most (oldest dropped first). */
export const RATE_LIMITER_MAX_KEYS = 100_000

/** Largest JSON size of the custom claims an app may add to access tokens, bytes (tokens travel in cookies, 4 KB max). */
export const MAX_CUSTOM_CLAIMS_BYTES = 1024

/** Claims latchkey sets itself; `customClaims` may not override them. */
export const RESERVED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sid', 'session_exp', 'verified_credentials'] as const

// --- Wallets and linking (issues 4 and 5, wallet-server) ----------------------------------------

/** Wallet-message nonces: lifetime, seconds (10 minutes), and random characters (base62). */
export const NONCE_TTL = 10 * 60
/** 22 base62 characters carry 130 bits: more than the 128 asked for, and EIP-4361's ≥ 8 alphanumerics. */
export const NONCE_LENGTH = 22
/** Expired nonces are forgotten this long after they expire (until then they answer `nonce_expired`). */
export const NONCE_KEEP_EXPIRED = 60 * 60

/**
 * EVM chains accepted in sign-in messages when `wallets.evm.chainIds` is not set: Ethereum,
 * OP Mainnet, Polygon, Base, Arbitrum One, Sepolia and the local dev chain (Anvil/Hardhat).
 * An address is the same account on every EVM chain; the list only refuses messages made for
 * chains an app never meant to serve.
 */
export const DEFAULT_EVM_CHAIN_IDS: readonly number[] = [1, 10, 137, 8453, 42161, 11155111, 31337]
/** Solana clusters accepted when `wallets.solana.chains` is not set (Wallet Standard form). */
export const DEFAULT_SOLANA_CHAINS: readonly string[] = ['solana:mainnet', 'solana:devnet', 'solana:testnet', 'solana:localnet']

/** Longest `walletName` kept on a credential, characters. */
export const WALLET_NAME_MAX_LENGTH = 64
/** Longest `alias` and `name` of `PATCH /me`, characters. */
export const ALIAS_MAX_LENGTH = 64
export const NAME_MAX_LENGTH = 128

// --- Signing keys (issue 7, server-scale: key rotation) ----------------------------------------

/**
 * Seconds a server trusts its cached signing keys before reading them from the store again: a
 * rotation made elsewhere (another instance, `latchkey-server rotate-keys`) is used for signing
 * within this time. A token naming a `kid` the cache lacks reloads at once (see below).
 */
export const KEY_CACHE_TTL = 60
/** Seconds between two reloads forced by an unknown `kid` or a JWKS request: forged `kid`s cost at most one store read per this. */
export const KEY_RELOAD_COOLDOWN = 1
/**
 * Seconds a retired key stays published beyond `accessTokenTtl`: another instance may sign with
 * it for `KEY_CACHE_TTL` after the rotation, plus a minute of clock difference between machines.
 */
export const SIGNING_KEY_LEEWAY = KEY_CACHE_TTL + 60
/**
 * Seconds a rotated-in key is published before it signs: longer than any copy of the JWKS taken
 * just before the rotation may live (an HTTP cache honouring its `max-age`, `JWKS_MAX_AGE`; a
 * JOSE library's refetch cooldown, 30 s for jose's `createRemoteJWKSet`), plus a minute of clock
 * difference. Every instance reads it well before (`KEY_CACHE_TTL`).
 */
export const KEY_PREPUBLISH = JWKS_MAX_AGE + 60
