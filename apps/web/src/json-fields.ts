// Small readers shared by the studio's API answer readers (flows, WhatsApp): tolerant, never throwing.

/** A string field, or a number shown as text; anything else is undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
