import { integer, optional, string, type JsonSchema, type Schema } from './schema.js';

/** The pagination query parameters every list route accepts. */
export const pageQuery = {
  limit: optional(integer({ minimum: 1, maximum: 200, fromString: true, description: 'page size (default 50)' })),
  cursor: optional(string({ maxLength: 200, description: 'the `nextCursor` of the previous page' })),
};

/** A page of a list: its items and the cursor of the next page (null on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** The JSON Schema of a page of items. */
export function pageOf(item: Schema<unknown>): JsonSchema {
  return { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: item.json }, nextCursor: { type: ['string', 'null'] } } };
}
