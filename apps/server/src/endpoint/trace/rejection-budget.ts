import type { TraceRecord } from './trace-record.js';

/** What the budget held back in one window: logged once when the next window starts. */
export interface SampledRejections {
  readonly windowStart: number;
  readonly suppressed: number;
  /** Held-back records per error code (codes are a small fixed set; at most 32 kept). */
  readonly byCode: Readonly<Record<string, number>>;
}

/** Decides which rejected requests reach the durable trace. */
export interface RejectionBudget {
  /** True when the record may be stored; false when this window's budget is spent (it is counted). */
  admit(entry: TraceRecord): boolean;
}

const WINDOW_MS = 60_000;
const MAX_CODES = 32;

/**
 * A per-minute budget for the trace rows of rejected requests (unknown Flows, bad signatures,
 * undecryptable or malformed bodies): anyone can send those, so only the first `perMinute` of each
 * minute are stored; the rest are counted by error code and reported to `onSampled` when the next
 * minute's first record arrives. O(1) per record, no timer.
 */
export function createRejectionBudget(perMinute: number, onSampled: (summary: SampledRejections) => void): RejectionBudget {
  let windowStart = Number.NEGATIVE_INFINITY;
  let admitted = 0;
  let suppressed = 0;
  let byCode: Record<string, number> = {};
  return {
    admit(entry) {
      if (entry.at - windowStart >= WINDOW_MS || entry.at < windowStart) {
        if (suppressed > 0) onSampled({ windowStart, suppressed, byCode });
        windowStart = entry.at;
        admitted = 0;
        suppressed = 0;
        byCode = {};
      }
      if (admitted < perMinute) {
        admitted++;
        return true;
      }
      suppressed++;
      const code = entry.errorCode ?? 'unknown';
      if (Object.hasOwn(byCode, code) || Object.keys(byCode).length < MAX_CODES) byCode[code] = (byCode[code] ?? 0) + 1;
      return false;
    },
  };
}
