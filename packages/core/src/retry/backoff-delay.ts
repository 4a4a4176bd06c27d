/** Backoff settings: the first wait and the longest. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Default backoff: 2 s doubling, at most one hour. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, maxMs: 60 * 60 * 1000 };

/** A `random` for `backoffDelayMs` that always waits the whole step (for hosts that keep their retries deterministic). */
export const NO_JITTER = (): number => 1;

/**
 * The wait before retrying after failed attempt `attempt` (1-based): exponential with "equal jitter"
 * — half the exponential step fixed, half drawn from `random()` in [0, 1] — so retries of many
 * actions that failed together spread out instead of hitting the downstream at once.
 * `random` is the host's (core draws no random numbers); `NO_JITTER` gives the whole step.
 */
export function backoffDelayMs(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
