import { parseSlotId, type Booking } from '../calendar/calendar-resource.js';
import { slotLabel } from '../calendar/list-slots.js';
import type { DataSources } from '../sources/data-sources.js';
import { mapFields, readPath } from '../sources/map-fields.js';
import type { SourceSpec } from './endpoint-config.js';

/** What value specs can read: the request's data, the booking just made, and the data sources. */
export interface ValueScope {
  readonly request: Readonly<Record<string, unknown>>;
  readonly booking: (Booking & { readonly label: string }) | undefined;
  readonly sources: DataSources;
}

/**
 * Resolves a value spec: `{"$request": "path"}`, `{"$booking": "field"}`, `{"$template": "Hi {request.name}"}`,
 * `{"$source": SourceSpec}`, `{"$slotLabel": spec}`; arrays and plain objects are resolved member by member; literals pass.
 */
export async function resolveValue(spec: unknown, scope: ValueScope): Promise<unknown> {
  if (Array.isArray(spec)) return Promise.all(spec.map((item) => resolveValue(item, scope)));
  if (typeof spec !== 'object' || spec === null) return spec;
  const record = spec as Record<string, unknown>;
  if (typeof record['$request'] === 'string') return readPath(scope.request, record['$request']);
  if (typeof record['$booking'] === 'string') return scope.booking === undefined ? undefined : readPath(scope.booking, record['$booking']);
  if (typeof record['$template'] === 'string') return fillTemplate(record['$template'], scope);
  if (record['$source'] !== undefined) return resolveSource(record['$source'] as SourceSpec, scope);
  if (record['$slotLabel'] !== undefined) return labelOfSlot(await resolveValue(record['$slotLabel'], scope), scope);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = await resolveValue(value, scope);
  return out;
}

/** The display label of a slot id (undefined for a malformed id or unknown resource). */
async function labelOfSlot(slotId: unknown, scope: ValueScope): Promise<string | undefined> {
  const parsed = parseSlotId(slotId);
  if (parsed === undefined) return undefined;
  const resource = (await scope.sources.resources()).find((r) => r.id === parsed.resourceId);
  return resource === undefined ? undefined : slotLabel(resource, parsed.start);
}

/** Replaces `{request.x}` and `{booking.x}` placeholders with the values' text. */
export function fillTemplate(template: string, scope: Pick<ValueScope, 'request' | 'booking'>): string {
  return template.replace(/\{(request|booking)\.([\w.]+)\}/g, (_match, root: string, path: string) => {
    const value = readPath(root === 'request' ? scope.request : scope.booking, path);
    return value === undefined || value === null ? '' : String(value);
  });
}

async function resolveSource(source: SourceSpec, scope: ValueScope): Promise<unknown[]> {
  switch (source.kind) {
    case 'static':
      return [...source.items];
    case 'lookup': {
      const rows = await scope.sources.lookup(source.table);
      const where = source.where === undefined ? [] : await Promise.all(Object.entries(source.where).map(async ([column, value]) => [column, await resolveValue(value, scope)] as const));
      return mapFields(rows.filter((row) => where.every(([column, value]) => row[column] === value)), source.fields);
    }
    case 'http': {
      const url = source.url.replace(/\{request\.([\w.]+)\}/g, (_m, path: string) => encodeURIComponent(String(readPath(scope.request, path) ?? '')));
      const body = await scope.sources.httpGet(url);
      const items = readPath(body, source.itemsPath ?? '');
      if (!Array.isArray(items)) throw new Error(`HTTP source returned no array at '${source.itemsPath ?? ''}'`);
      return mapFields(items, source.fields);
    }
    case 'calendar': {
      const query = { ...(source.resources === undefined ? {} : { resources: source.resources }), ...(source.days === undefined ? {} : { days: source.days }), ...(source.limit === undefined ? {} : { limit: source.limit }) };
      const slots = await scope.sources.slots(query);
      return slots.map((slot) => ({ id: slot.id, title: slot.label }));
    }
  }
}
