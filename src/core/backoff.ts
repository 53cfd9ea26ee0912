/** Retry schedule for transient failures (network errors, timeouts, 5xx, 429). */
export interface RetryOptions {
  /** First delay, ms. Default 1 000. */
  base?: number
  /** Longest delay, ms. Default 60 000. */
  cap?: number
}

/** @internal */
export const DEFAULT_RETRY = { base: 1_000, cap: 60_000 } as const

/**
 * @internal Delay before retry number `attempt` (0-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that many tabs or devices that failed
 * together do not retry in lockstep, while no retry comes sooner than half the step.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(attempt: number, random: () => number, options: RetryOptions = {}): number {
  const base = options.base ?? DEFAULT_RETRY.base
  const cap = options.cap ?? DEFAULT_RETRY.cap
  const step = Math.min(cap, base * 2 ** Math.min(attempt, 30))
  return step / 2 + random() * (step / 2)
}
