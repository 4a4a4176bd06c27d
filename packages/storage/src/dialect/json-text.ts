/** Serialises a JSON value for a text column. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Reads a JSON text column back; columns are only ever written by toJsonText. */
export function fromJsonText(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** Reads an optional JSON text column back. */
export function fromOptionalJsonText(text: string | null): unknown {
  return text === null ? undefined : fromJsonText(text);
}
