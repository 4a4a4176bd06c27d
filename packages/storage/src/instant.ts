import { StorageError } from './storage-error.js';

/** A point in time passed in by the caller: epoch milliseconds, an ISO 8601 string or a Date. */
export type Instant = number | string | Date;

/** Converts an instant to epoch milliseconds; repositories never read a clock themselves. */
export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new StorageError('ERR_STORAGE_INVALID_TIME', 'a time value is not a valid instant');
  return Math.trunc(ms);
}
