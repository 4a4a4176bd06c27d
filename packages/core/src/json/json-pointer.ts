/** Splits an RFC 6901 JSON pointer into unescaped segments (`~1` is `/`, `~0` is `~`); undefined if malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const segments = pointer.slice(1).split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    if (/~(?![01])/.test(segment)) return undefined;
    segments[i] = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  }
  return segments;
}

/** Escapes one segment for use in a JSON pointer. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds an RFC 6901 JSON pointer from segments. */
export function formatPointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) out += `/${escapePointerSegment(String(segment))}`;
  return out;
}
