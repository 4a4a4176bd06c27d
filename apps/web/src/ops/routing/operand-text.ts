/**
 * How condition operands are typed in the editor: `42`, `true`, `null`, `"quoted"` and JSON arrays or
 * objects are JSON; anything else is the text itself. Lists are comma-separated or a JSON array.
 */
export function parseOperand(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  if (/^(true|false|null)$/.test(trimmed) || /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed) || /^["[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

/** Writes an operand so that `parseOperand` reads it back as the same value (a string that looks like a number is quoted). */
export function formatOperand(value: unknown): string {
  if (typeof value === 'string') {
    const plain = parseOperand(value);
    return plain === value && value.trim() === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? '';
}

/** Reads a list operand; undefined when a JSON array was meant but does not parse. */
export function parseList(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return trimmed.split(',').map((part) => parseOperand(part));
}

/** Writes a list so that `parseList` reads it back (JSON when an item holds a comma or is not a plain value). */
export function formatList(values: readonly unknown[]): string {
  const plain = values.every((v) => (typeof v === 'string' && !v.includes(',') && !v.includes('"')) || typeof v === 'number' || typeof v === 'boolean');
  const text = values.map(formatOperand).join(', ');
  return plain && parseList(text)?.every((v, i) => v === values[i]) === true ? text : JSON.stringify(values);
}
