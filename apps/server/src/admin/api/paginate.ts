import type { Page } from '@flowline/api-contract';

/** The most items a list can page through (the lists are read in a window of this size). */
export const MAX_PAGE_WINDOW = 10_000;

/** Where a page starts and how many items to read from storage to know whether another follows. */
export type PageWindow = { readonly ok: true; readonly offset: number; readonly limit: number; readonly fetch: number } | { readonly ok: false; readonly message: string };

/** Decodes the cursor (an opaque offset) and the page size. */
export function toPageWindow(query: { readonly limit?: number; readonly cursor?: string }): PageWindow {
  const limit = query.limit ?? 50;
  let offset = 0;
  if (query.cursor !== undefined) {
    const decoded = /^o(\d{1,6})$/.exec(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (decoded === null) return { ok: false, message: 'cursor is not one this API issued' };
    offset = Number(decoded[1]);
  }
  if (offset + limit > MAX_PAGE_WINDOW) return { ok: false, message: `lists page through at most ${MAX_PAGE_WINDOW} items; narrow the filters` };
  return { ok: true, offset, limit, fetch: offset + limit + 1 };
}

/** Cuts one page out of a list read with `window.fetch` items (newest first or whatever order storage gives). */
export function toPage<T>(all: readonly T[], window: { readonly offset: number; readonly limit: number }): Page<T> {
  const items = all.slice(window.offset, window.offset + window.limit);
  const more = all.length > window.offset + window.limit;
  return { items, nextCursor: more ? Buffer.from(`o${window.offset + window.limit}`, 'utf8').toString('base64url') : null };
}
