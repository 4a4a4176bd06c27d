const MAX_WIDTH = 120;

/**
 * Renders the source line of a position and a caret under its column, like a compiler.
 * Very long lines (inline base64 images) are cut to a window around the column.
 */
export function formatSourceExcerpt(lines: readonly string[], line: number, column: number): string {
  const source = lines[line - 1];
  if (source === undefined) return '';
  const text = source.endsWith('\r') ? source.slice(0, -1) : source;
  let start = 0;
  let prefix = '';
  let suffix = '';
  if (text.length > MAX_WIDTH) {
    start = Math.max(0, Math.min(column - 1 - MAX_WIDTH / 2, text.length - MAX_WIDTH));
    if (start > 0) prefix = '…';
    if (start + MAX_WIDTH < text.length) suffix = '…';
  }
  const shown = text.slice(start, start + MAX_WIDTH);
  const gutter = `${String(line).padStart(5)} | `;
  const caretOffset = Math.max(0, Math.min(column - 1 - start, shown.length));
  // Keep tabs so the caret lines up with the source in the terminal.
  const pad = shown.slice(0, caretOffset).replace(/[^\t]/g, ' ');
  return `${gutter}${prefix}${shown}${suffix}\n${' '.repeat(gutter.length - 2)}| ${' '.repeat(prefix.length)}${pad}^\n`;
}
