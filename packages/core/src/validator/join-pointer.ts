/** Appends reference tokens to an RFC 6901 JSON pointer, escaping `~` and `/`. */
export function joinPointer(base: string, ...tokens: ReadonlyArray<string | number>): string {
  let out = base;
  for (const token of tokens) {
    const text = String(token);
    // Escaping is rare; skip the two regex passes for plain tokens (hot path on large Flows).
    out += '/' + (text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text);
  }
  return out;
}
