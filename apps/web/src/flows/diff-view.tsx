/** One line of a diff as drawn: added, removed, unchanged or a hunk header. */
export interface DiffLine {
  readonly kind: 'add' | 'del' | 'same' | 'hunk';
  readonly text: string;
}

/** Reads the API's diff body: a unified text, or a list of `{op|type|kind, text|line|value}` lines. */
export function toDiffLines(body: unknown): DiffLine[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  const text = record['unified'] ?? record['text'] ?? record['patch'];
  if (typeof text === 'string') return text.split('\n').map(fromPrefixed);
  const lines = record['lines'] ?? record['diff'];
  if (typeof lines === 'string') return lines.split('\n').map(fromPrefixed);
  if (!Array.isArray(lines)) return [];
  return lines.map((line): DiffLine => {
    if (typeof line === 'string') return fromPrefixed(line);
    if (typeof line !== 'object' || line === null) return { kind: 'same', text: '' };
    const l = line as Record<string, unknown>;
    const op = String(l['op'] ?? l['type'] ?? l['kind'] ?? ' ');
    const value = String(l['text'] ?? l['line'] ?? l['value'] ?? '');
    const kind = op === '+' || op === 'add' || op === 'added' || op === 'insert' ? 'add'
      : op === '-' || op === 'del' || op === 'remove' || op === 'removed' || op === 'delete' ? 'del'
      : op === 'hunk' || op === '@@' ? 'hunk' : 'same';
    return { kind, text: value };
  });
}

function fromPrefixed(line: string): DiffLine {
  if (line.startsWith('@@') || line.startsWith('+++') || line.startsWith('---')) return { kind: 'hunk', text: line };
  if (line.startsWith('+')) return { kind: 'add', text: line.slice(1) };
  if (line.startsWith('-')) return { kind: 'del', text: line.slice(1) };
  return { kind: 'same', text: line.startsWith(' ') ? line.slice(1) : line };
}

/** Reads the structural summary (`{summary: [...]}` of strings, or `{screens: {added: []…}}`) as sentences. */
export function toDiffSummary(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const summary = (body as Record<string, unknown>)['summary'] ?? (body as Record<string, unknown>)['structural'];
  if (Array.isArray(summary)) return summary.map((s) => (typeof s === 'string' ? s : JSON.stringify(s)));
  if (typeof summary !== 'object' || summary === null) return [];
  const out: string[] = [];
  const name = (i: unknown) => {
    if (typeof i === 'string') return i;
    if (typeof i === 'object' && i !== null && 'screen' in i && 'key' in i) return `${String(i.screen)} › ${String(i.key)}`;
    return JSON.stringify(i);
  };
  for (const [what, changes] of Object.entries(summary)) {
    if (Array.isArray(changes)) {
      if (changes.length > 0) out.push(`${what} changed: ${changes.map(name).join(', ')}`);
      continue;
    }
    if (typeof changes !== 'object' || changes === null) continue;
    for (const [how, items] of Object.entries(changes)) {
      if (Array.isArray(items) && items.length > 0) out.push(`${what} ${how}: ${items.map(name).join(', ')}`);
    }
  }
  return out;
}

/** A readable line diff with + and − marks (not colour alone). */
export function DiffView({ lines }: { lines: readonly DiffLine[] }) {
  if (lines.every((l) => l.text.trim() === '')) return <p className="muted">No differences.</p>;
  return (
    <pre className="diff" aria-label="Line diff">
      {lines.map((line, i) => (
        <div key={i} className={line.kind}>
          {line.kind === 'add' ? '+ ' : line.kind === 'del' ? '− ' : line.kind === 'hunk' ? '' : '  '}
          {line.text}
        </div>
      ))}
    </pre>
  );
}
