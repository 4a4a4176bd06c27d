import { normalCdf } from './normal-distribution.js';

/** The Mann–Whitney U test of two independent samples, by the normal approximation. */
export interface MannWhitneyResult {
  /** U of the first sample: how many (a, b) pairs have a > b, ties counting one half. */
  readonly u: number;
  readonly z: number;
  /** Two-sided p-value; 1 when either sample is empty or every value is tied. */
  readonly pValue: number;
  /** U / (n1·n2): the chance that a value drawn from the first sample exceeds one from the second. */
  readonly probabilityGreater: number;
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) with midranks for ties, the tie-corrected variance
 * n1·n2/12·((n+1) − Σ(t³−t)/(n(n−1))) and, by default, a continuity correction of ½ (as R's
 * `wilcox.test(exact = FALSE)`). Used to compare times to complete between arms, whose distributions are skewed.
 */
export function mannWhitneyU(first: readonly number[], second: readonly number[], options: { continuityCorrection?: boolean } = {}): MannWhitneyResult {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1, probabilityGreater: 0.5 };
  const all = [...first.map((value) => ({ value, firstSample: true })), ...second.map((value) => ({ value, firstSample: false }))];
  for (const { value } of all) if (!Number.isFinite(value)) throw new RangeError('Mann–Whitney needs finite numbers');
  all.sort((a, b) => a.value - b.value);
  const n = all.length;
  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]?.value === all[i]?.value) j++;
    const midrank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k]?.firstSample === true) rankSumFirst += midrank;
    i = j + 1;
  }
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pValue: 1, probabilityGreater: u / (n1 * n2) };
  const distance = Math.abs(u - mean) - (options.continuityCorrection === false ? 0 : 0.5);
  const z = (Math.sign(u - mean) * Math.max(0, distance)) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { u, z, pValue, probabilityGreater: u / (n1 * n2) };
}

/** The median of a sample (the mean of the two middle values for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}
