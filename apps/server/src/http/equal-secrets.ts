import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the expected one in time independent of where they differ (and of
 * their lengths: both are hashed to 32 bytes first), so a caller cannot find the secret byte by byte.
 */
export function equalSecrets(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
