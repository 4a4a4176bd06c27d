/** Units for relative times, largest first: [seconds per unit, unit word]. */
const UNITS: readonly (readonly [number, string])[] = [[86_400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];

/**
 * A moment relative to now in words, worded by its direction: "3 min ago" for the past, "in 3 min"
 * for the future, "now" within a second. Epoch milliseconds in, text out.
 */
export function formatRelative(ms: number, now: number): string {
  const seconds = Math.round((ms - now) / 1000);
  if (seconds === 0) return 'now';
  const size = Math.abs(seconds);
  const [unit, word] = UNITS.find(([s]) => size >= s) ?? [1, 's'];
  const amount = `${Math.round(size / unit)} ${word}`;
  return seconds < 0 ? `${amount} ago` : `in ${amount}`;
}
