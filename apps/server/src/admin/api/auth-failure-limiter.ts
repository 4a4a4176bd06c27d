/** How many failures an address may have within a window, and how many addresses are tracked at most. */
export interface AuthFailureLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly maxAddresses: number;
}

/** Defaults of the authentication-failure limit (docs/api.md, "Limits"). */
export const AUTH_FAILURE_DEFAULTS: AuthFailureLimits = { maxFailures: 20, windowMs: 60_000, maxAddresses: 10_000 };

/** Counts failed authentications per client address and says when an address must wait. */
export interface AuthFailureLimiter {
  /** Seconds the address must wait before trying again, or undefined when it may try now. */
  retryAfterSeconds(address: string, nowMs: number): number | undefined;
  /** Counts one failed authentication of the address. */
  recordFailure(address: string, nowMs: number): void;
  /** Addresses tracked now (at most `maxAddresses`). */
  readonly size: number;
}

/**
 * A fixed window per address: after `maxFailures` failures within `windowMs`, the address is refused
 * until its window ends. The table is bounded: past `maxAddresses` the least recently failing address
 * is forgotten (an attacker rotating addresses then only ever loses its own oldest counts).
 */
export function createAuthFailureLimiter(options: Partial<AuthFailureLimits> = {}): AuthFailureLimiter {
  const { maxFailures, windowMs, maxAddresses } = { ...AUTH_FAILURE_DEFAULTS, ...options };
  // Insertion order is recency: an address is re-inserted at each failure, so the first key is the stalest.
  const windows = new Map<string, { start: number; failures: number }>();
  return {
    retryAfterSeconds(address, nowMs) {
      const window = windows.get(address);
      if (window === undefined) return undefined;
      const ends = window.start + windowMs;
      if (nowMs >= ends) {
        windows.delete(address);
        return undefined;
      }
      return window.failures >= maxFailures ? Math.max(1, Math.ceil((ends - nowMs) / 1000)) : undefined;
    },
    recordFailure(address, nowMs) {
      const current = windows.get(address);
      const window = current === undefined || nowMs >= current.start + windowMs ? { start: nowMs, failures: 0 } : current;
      window.failures += 1;
      windows.delete(address);
      windows.set(address, window);
      while (windows.size > maxAddresses) {
        const stalest = windows.keys().next();
        if (stalest.done === true) break;
        windows.delete(stalest.value);
      }
    },
    get size() {
      return windows.size;
    },
  };
}
