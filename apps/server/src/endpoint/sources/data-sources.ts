import type { BookResult, CalendarStore } from '../calendar/calendar-store.js';
import { parseSlotId, type CalendarResource, type Slot } from '../calendar/calendar-resource.js';
import { isSlotStart, listSlots } from '../calendar/list-slots.js';
import type { LookupRow, LookupStore } from '../stores/lookup-store.js';
import type { FetchJson } from './fetch-json.js';

/** Options of a calendar slot listing. */
export interface SlotQuery {
  /** Resource ids to include (default: all). */
  readonly resources?: readonly string[];
  /** Days ahead, starting today (default 7). */
  readonly days?: number;
  readonly limit?: number;
}

/** The data a handler can reach without writing I/O code: lookup tables, the slot calendar, HTTP GET. */
export interface DataSources {
  /** Rows of a lookup table kept in Flowline; an unknown table throws. */
  lookup(table: string): Promise<readonly LookupRow[]>;
  /** The calendar's resources. */
  resources(): Promise<readonly CalendarResource[]>;
  /** Free slots of the built-in calendar, soonest first. */
  slots(query?: SlotQuery): Promise<Slot[]>;
  /** Books a slot by id; fails as a value when the slot is full or not a real future slot. */
  book(slotId: unknown, reference: string): Promise<BookResult | { readonly ok: false; readonly reason: 'invalid-slot' }>;
  /** HTTP GET of a JSON document from an internal system. */
  httpGet(url: string): Promise<unknown>;
}

/** What data sources are built from. */
export interface DataSourceDeps {
  readonly lookups: LookupStore;
  readonly calendar: CalendarStore;
  readonly fetchJson: FetchJson;
  readonly now: () => Date;
}

/**
 * Creates the data sources for one request (the signal aborts outbound calls at the deadline; given as
 * a function, it is asked for only when an outbound call is made). In
 * preview mode (a studio preview or a CLI simulation) the same real sources are read, but bookings go
 * to the preview calendar: held for previews for a while, never seen by customers.
 */
export function createDataSources(deps: DataSourceDeps, signal: AbortSignal | (() => AbortSignal), preview = false): DataSources {
  return {
    async lookup(table) {
      const rows = await deps.lookups.rows(table);
      if (rows === undefined) throw new Error(`unknown lookup table '${table}'`);
      return rows;
    },
    resources: () => deps.calendar.resources(),
    async slots(query = {}) {
      const now = deps.now();
      const resources = (await deps.calendar.resources()).filter((r) => query.resources === undefined || query.resources.includes(r.id));
      const all: Slot[] = [];
      for (const resource of resources) {
        const booked = await deps.calendar.bookingCounts(resource.id, preview);
        all.push(...listSlots(resource, booked, { now, days: query.days ?? 7, limit: query.limit ?? 200 }));
      }
      all.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.resourceId.localeCompare(b.resourceId)));
      return all.slice(0, query.limit ?? 200);
    },
    async book(slotId, reference) {
      const parsed = parseSlotId(slotId);
      if (parsed === undefined) return { ok: false, reason: 'invalid-slot' };
      const now = deps.now();
      const resource = (await deps.calendar.resources()).find((r) => r.id === parsed.resourceId);
      if (resource === undefined || !isSlotStart(resource, parsed.start, now)) return { ok: false, reason: 'invalid-slot' };
      return deps.calendar.book(parsed.resourceId, parsed.start, reference, now.getTime(), preview);
    },
    httpGet: (url) => deps.fetchJson(url, typeof signal === 'function' ? signal() : signal),
  };
}
