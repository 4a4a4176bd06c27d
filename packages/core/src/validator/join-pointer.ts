/** Appends reference tokens to an RFC 6901 JSON pointer, escaping `~` and `/`. */
export function joinPointer(base: string, ...tokens: ReadonlyArray<string | number>): string {
  let out = base;
  for (const token of tokens) {
    out += '/' + String(token).replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return out;
}
