/**
 * A small seeded pseudo-random generator (mulberry32) for the hostile-input generators: the same seed
 * gives the same request sequence, so a failing run is reproduced by its printed seed.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` random bytes. */
  bytes(length: number): Buffer;
}

/** Creates a generator from a 32-bit seed. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed: seed >>> 0,
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    bytes: (length) => {
      const out = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) out[i] = int(0, 255);
      return out;
    },
  };
}

/** The seed of a run: FLOWLINE_HOSTILE_SEED when set (to reproduce a failure), else a fresh one. */
export function hostileSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const given = env['FLOWLINE_HOSTILE_SEED'];
  if (given !== undefined && /^\d+$/.test(given.trim())) return Number(given.trim()) >>> 0;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
