/** A parsed JSON object (not an array, not null); its values are unknown until checked. */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether a parsed JSON value is an object (not an array, not null): the one such guard of every package. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
