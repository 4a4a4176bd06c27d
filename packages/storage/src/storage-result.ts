/** The outcome of a write that can meet an expected conflict: a value, or a coded reason. */
export type StorageResult<T, C extends string> =
  | { ok: true; value: T }
  | { ok: false; code: C; message: string };

/** Wraps a successful value. */
export function succeed<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a coded failure. */
export function fail<C extends string>(code: C, message: string): { ok: false; code: C; message: string } {
  return { ok: false, code, message };
}
