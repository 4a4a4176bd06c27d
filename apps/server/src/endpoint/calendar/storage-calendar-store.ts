import type { Storage } from '@flowline/storage';
import type { CalendarResource } from './calendar-resource.js';
import { PREVIEW_HOLD_MS, type BookResult, type CalendarStore } from './calendar-store.js';
import { fromStoredResource, toEpochOfLocal, toLocalStart } from './stored-resource.js';

const DAY_MS = 86_400_000;

/**
 * The slot calendar in storage: resources and bookings are shared by every worker and survive
 * restarts; `book` is the storage's atomic booking, so concurrent workers cannot overbook a slot.
 * Resources are cached for `ttlMs` (a handler asks for them several times per request).
 */
export function createStorageCalendarStore(storage: Storage, workspaceId: string, now: () => number, ttlMs = 1000): CalendarStore {
  let cached: { readonly at: number; readonly resources: readonly CalendarResource[] } | undefined;
  const resources = async (): Promise<readonly CalendarResource[]> => {
    const at = now();
    if (cached !== undefined && at - cached.at < ttlMs) return cached.resources;
    const stored = await storage.calendar.listResources(workspaceId);
    cached = { at, resources: stored.map((resource) => fromStoredResource(resource, at)) };
    return cached.resources;
  };
  const findResource = async (resourceId: string) => (await resources()).find((r) => r.id === resourceId);
  return {
    resources,
    async bookingCounts(resourceId, preview = false) {
      const resource = await findResource(resourceId);
      const counts = new Map<string, number>();
      if (resource === undefined) return counts;
      const at = now();
      const bookings = await storage.calendar.listBookings(workspaceId, resourceId, { from: at - DAY_MS, to: at + 400 * DAY_MS, ...(preview ? { previewAt: at } : {}) });
      for (const booking of bookings) {
        const start = toLocalStart(booking.slotStart, resource.utcOffsetMinutes);
        counts.set(start, (counts.get(start) ?? 0) + 1);
      }
      return counts;
    },
    async book(resourceId, start, reference, at, preview = false): Promise<BookResult> {
      const resource = await findResource(resourceId);
      if (resource === undefined) return { ok: false, reason: 'unknown-resource' };
      const slotStart = toEpochOfLocal(start, resource.utcOffsetMinutes);
      const result = await storage.calendar.book(workspaceId, { resourceId, slotStart, reference, at, ...(preview ? { preview: { holdUntil: at + PREVIEW_HOLD_MS } } : {}) });
      if (!result.ok) return { ok: false, reason: result.code === 'UNKNOWN_RESOURCE' ? 'unknown-resource' : result.code === 'SLOT_FULL' ? 'full' : 'invalid-slot' };
      const id = preview ? `preview-${result.value.id}` : result.value.id;
      return { ok: true, booking: { id, resourceId, start, reference, createdAt: result.value.createdAt, ...(preview ? { preview } : {}) } };
    },
  };
}
