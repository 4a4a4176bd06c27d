/** A place in a source text: 1-based line and column (UTF-16 units, as editors count) and 0-based offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Converts a 0-based offset into a line and column; `\r\n`, `\n` and a lone `\r` each end a line. */
export function toSourcePosition(text: string, offset: number): SourcePosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  const cr = text.indexOf('\r');
  if (cr !== -1 && cr < end && /\r(?!\n)/.test(text.slice(cr, end))) {
    for (let j = 0; j < end; j++) {
      const code = text.charCodeAt(j);
      if (code === 10 || (code === 13 && text.charCodeAt(j + 1) !== 10)) {
        line++;
        lineStart = j + 1;
      }
    }
    return { line, column: end - lineStart + 1, offset: end };
  }
  let i = text.indexOf('\n');
  while (i !== -1 && i < end) {
    line++;
    lineStart = i + 1;
    i = text.indexOf('\n', lineStart);
  }
  return { line, column: end - lineStart + 1, offset: end };
}
