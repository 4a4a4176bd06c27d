/** A parsed "major.minor" version; minors count independently (1.9 < 1.10). */
export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
}

const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Parses a "major.minor" string; undefined when the string is not in that form. */
export function parseVersion(value: string): ParsedVersion | undefined {
  const match = VERSION_PATTERN.exec(value);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

const ordinals = new Map<string, number>();

// A sortable number for a version (-1 when malformed), memoised: the validator compares versions per property.
function ordinal(version: string): number {
  let value = ordinals.get(version);
  if (value === undefined) {
    const parsed = parseVersion(version);
    value = parsed === undefined ? -1 : parsed.major * 1_000_000 + Math.min(parsed.minor, 999_999);
    if (ordinals.size < 1000) ordinals.set(version, value);
  }
  return value;
}

/**
 * Orders two "major.minor" versions: negative when a < b, 0 when equal, positive when a > b.
 * Malformed versions sort before every well-formed one (and equal to each other).
 */
export function compareVersions(a: string, b: string): number {
  return ordinal(a) - ordinal(b);
}

/** Whether `version` is `min` or later. */
export function isVersionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}
