/** One arm of an A/B split and its share of the audience. */
export interface ArmWeight {
  readonly key: string;
  /** A positive relative weight (1 and 1 split evenly). */
  readonly weight: number;
}

/**
 * A 53-bit string hash (two interleaved 32-bit multiply–xorshift lanes), spread well enough that the
 * recipients of a seeded split fall into arms in the proportions of the weights.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A number in [0, 1) fixed by the seed and the text: the same pair always gives the same number. */
export function seededUniform(seed: string, text: string): number {
  return hash53(`${seed}\u0000${text}`) / 2 ** 53;
}

/**
 * The arm a recipient falls into: a draw fixed by the campaign's seed and the recipient (so a restart, or a
 * second look, puts them in the same arm), weighted by the arms' weights. The randomness is the seed's,
 * chosen by the host; the core only spreads it.
 */
export function assignArm(seed: string, recipientKey: string, arms: readonly ArmWeight[]): string {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  if (arms.length === 0 || !(total > 0) || arms.some((arm) => !(arm.weight > 0))) throw new RangeError('an A/B split needs at least one arm, each with a positive weight');
  let draw = seededUniform(seed, recipientKey) * total;
  for (const arm of arms) {
    if (draw < arm.weight) return arm.key;
    draw -= arm.weight;
  }
  return arms[arms.length - 1]?.key ?? '';
}
