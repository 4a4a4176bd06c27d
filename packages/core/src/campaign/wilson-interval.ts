import { zForConfidence } from './normal-distribution.js';

/** A confidence interval: the bounds, as proportions (0–1) or as differences of proportions (−1–1). */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The Wilson score interval for a proportion `successes / trials` (Wilson 1927; method 3 of Newcombe 1998,
 * "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857–872), without
 * continuity correction. With no trials it is the whole range 0–1: nothing is known.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  assertCounts(successes, trials);
  if (trials === 0) return { lower: 0, upper: 1 };
  const z = zForConfidence(confidence);
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  const denominator = 1 + z2 / trials;
  // The bounds are exact at the edges (0 successes → lower 0, all successes → upper 1); clamp rounding.
  const lower = successes === 0 ? 0 : Math.max(0, (centre - spread) / denominator);
  const upper = successes === trials ? 1 : Math.min(1, (centre + spread) / denominator);
  return { lower, upper };
}

/** Throws unless the counts are whole numbers with 0 ≤ successes ≤ trials. */
export function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`counts must be whole numbers with 0 ≤ successes ≤ trials, got ${successes}/${trials}`);
  }
}
