/**
 * The 1-based line and column of the character at `offset` (0-based, in the decoded string) inside
 * the JSON string literal whose opening quote is at `quoteIndex`; undefined if no string starts there.
 * Escapes count as the source characters they take (`\n` is two columns, `\u00e9` six).
 */
export function positionInString(
  text: string,
  lineStarts: readonly number[],
  quoteIndex: number,
  offset: number,
): { line: number; column: number } | undefined {
  if (text.charCodeAt(quoteIndex) !== 34) return undefined;
  let i = quoteIndex + 1;
  for (let decoded = 0; decoded < offset && i < text.length; decoded += 1) {
    const c = text.charCodeAt(i);
    if (c === 34) break;
    i += c === 92 ? (text.charCodeAt(i + 1) === 117 ? 6 : 2) : 1;
  }
  let line = 0;
  let low = 0;
  let high = lineStarts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((lineStarts[mid] ?? 0) <= i) {
      line = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return { line: line + 1, column: i - (lineStarts[line] ?? 0) + 1 };
}
