import { wilsonInterval, type Interval } from './wilson-interval.js';

/** The difference of two proportions with its confidence interval. */
export interface ProportionDifference extends Interval {
  /** p1 − p2. */
  readonly difference: number;
}

/**
 * The difference p1 − p2 of two independent proportions with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998, "Interval estimation for the difference between independent proportions: comparison of
 * eleven methods", Statistics in Medicine 17:873–890), built from the two Wilson intervals. It behaves well
 * for small samples and proportions near 0 or 1, where the plain Wald interval does not.
 */
export function differenceInterval(successes1: number, trials1: number, successes2: number, trials2: number, confidence = 0.95): ProportionDifference {
  const one = wilsonInterval(successes1, trials1, confidence);
  const two = wilsonInterval(successes2, trials2, confidence);
  const p1 = trials1 === 0 ? 0 : successes1 / trials1;
  const p2 = trials2 === 0 ? 0 : successes2 / trials2;
  const difference = p1 - p2;
  const below = Math.sqrt((p1 - one.lower) ** 2 + (two.upper - p2) ** 2);
  const above = Math.sqrt((one.upper - p1) ** 2 + (p2 - two.lower) ** 2);
  return { difference, lower: Math.max(-1, difference - below), upper: Math.min(1, difference + above) };
}
