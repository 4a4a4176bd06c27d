/** One line of a line diff. */
export interface LineChange {
  readonly kind: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

/** Beyond this many differing lines the diff gives up on alignment and replaces the changed block whole. */
const MAX_EDIT_DISTANCE = 3000;

/**
 * A shortest line diff (Myers' O(ND) algorithm) of two texts split into lines, after trimming the
 * common head and tail, which is what most version-to-version edits leave.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineChange[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > head && endB > head && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const equal = (text: string): LineChange => ({ kind: 'equal', text });
  const middle = shortestEdit(a.slice(head, endA), b.slice(head, endB));
  return [...a.slice(0, head).map(equal), ...middle, ...a.slice(endA).map(equal)];
}

function shortestEdit(a: readonly string[], b: readonly string[]): LineChange[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return replaceAll(a, b);
  // frontier[d] holds the furthest x reached on each diagonal k in [-d, d] after d edits (index k + d).
  const frontiers: Int32Array[] = [];
  let previous = new Int32Array(1);
  for (let d = 0; d <= Math.min(n + m, MAX_EDIT_DISTANCE); d += 1) {
    const current = new Int32Array(2 * d + 1);
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && at(previous, d - 1, k - 1) < at(previous, d - 1, k + 1));
      let x = d === 0 ? 0 : down ? at(previous, d - 1, k + 1) : at(previous, d - 1, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      current[k + d] = x;
      if (x >= n && y >= m) {
        frontiers.push(current);
        return backtrack(frontiers, a, b);
      }
    }
    frontiers.push(current);
    previous = current;
  }
  return replaceAll(a, b);
}

function at(frontier: Int32Array, d: number, k: number): number {
  return frontier[k + d] ?? -1;
}

function backtrack(frontiers: readonly Int32Array[], a: readonly string[], b: readonly string[]): LineChange[] {
  const out: LineChange[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = frontiers.length - 1; d > 0; d -= 1) {
    const previous = frontiers[d - 1] ?? new Int32Array(0);
    const k = x - y;
    const down = k === -d || (k !== d && at(previous, d - 1, k - 1) < at(previous, d - 1, k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(previous, d - 1, prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: 'equal', text: a[x - 1] ?? '' });
      x -= 1;
      y -= 1;
    }
    if (down) out.push({ kind: 'insert', text: b[prevY] ?? '' });
    else out.push({ kind: 'delete', text: a[prevX] ?? '' });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    out.push({ kind: 'equal', text: a[x - 1] ?? '' });
    x -= 1;
    y -= 1;
  }
  return out.reverse();
}

function replaceAll(a: readonly string[], b: readonly string[]): LineChange[] {
  return [...a.map((text): LineChange => ({ kind: 'delete', text })), ...b.map((text): LineChange => ({ kind: 'insert', text }))];
}

/** Renders a line diff as a unified diff with `context` lines around each change. */
export function toUnifiedDiff(changes: readonly LineChange[], labels: { from: string; to: string }, context = 3): string {
  const changed = changes.map((c) => c.kind !== 'equal');
  if (!changed.includes(true)) return '';
  const lines = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let i = 0;
  let lineA = 1;
  let lineB = 1;
  const positions = changes.map((c) => {
    const p = { a: lineA, b: lineB };
    if (c.kind !== 'insert') lineA += 1;
    if (c.kind !== 'delete') lineB += 1;
    return p;
  });
  while (i < changes.length) {
    if (!changed[i]) {
      i += 1;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2 × context equal lines.
    for (let j = i; j < changes.length; j += 1) {
      if (changed[j]) end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(changes.length, end + context + 1);
    const slice = changes.slice(start, stop);
    const first = positions[start] ?? { a: 1, b: 1 };
    const countA = slice.filter((c) => c.kind !== 'insert').length;
    const countB = slice.filter((c) => c.kind !== 'delete').length;
    lines.push(`@@ -${countA === 0 ? first.a - 1 : first.a},${countA} +${countB === 0 ? first.b - 1 : first.b},${countB} @@`);
    for (const c of slice) lines.push(`${c.kind === 'equal' ? ' ' : c.kind === 'insert' ? '+' : '-'}${c.text}`);
    i = stop;
  }
  return `${lines.join('\n')}\n`;
}
