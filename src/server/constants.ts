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
export const SIGNING_KEY_SECRET = 'signing_key:es256:1'
export const CODE_HMAC_SECRET = 'email_code_hmac:1'

/** Seconds a JWKS answer may be cached. */
export const JWKS_MAX_AGE = 300
