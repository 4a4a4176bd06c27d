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
 * Resolves a value spec: `{"$request": "path"}` (with an optional `"default"` for a field the request left out), `{"$booking": "field"}`, `{"$template": "Hi {request.name}"}`,
 * `{"$source": SourceSpec}`, `{"$slotLabel": spec}`; arrays and plain objects are resolved member by member; literals pass.
 * Synchronous unless a member needs a data source that answers later (lookup, HTTP, calendar, slot
 * labels): then a promise. Most steps read only the request and static lists, and need no promise,
 * microtask or timer per value (the endpoint's hot path, docs/endpoint.md).
 */
export function resolveValue(spec: unknown, scope: ValueScope): unknown {
  if (Array.isArray(spec)) {
    const items = spec.map((item) => resolveValue(item, scope));
    return items.some((item) => item instanceof Promise) ? Promise.all(items) : items;
  }
  if (typeof spec !== 'object' || spec === null) return spec;
  const record = spec as Record<string, unknown>;
  if (typeof record['$request'] === 'string') {
    // `default`: what a field the request left out stands for (an optional picker or input the client may omit).
    const value = readPath(scope.request, record['$request']);
    return value === undefined && 'default' in record ? record['default'] : value;
  }
  if (typeof record['$booking'] === 'string') return scope.booking === undefined ? undefined : readPath(scope.booking, record['$booking']);
  if (typeof record['$template'] === 'string') return fillTemplate(record['$template'], scope);
  if (record['$source'] !== undefined) return resolveSource(record['$source'] as SourceSpec, scope);
  if (record['$slotLabel'] !== undefined) return labelOfSlotSpec(record['$slotLabel'], scope);
  return resolveRecord(record, scope);
}

/**
 * Resolves the members of an object spec in order, like awaiting each in turn: synchronously while
 * they are synchronous; from the first member that gives a promise on, one after the other.
 */
export function resolveRecord(record: Readonly<Record<string, unknown>>, scope: ValueScope): Record<string, unknown> | Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const entries = Object.entries(record);
  for (let i = 0; i < entries.length; i++) {
    const [key, spec] = entries[i] ?? ['', undefined];
    const value = resolveValue(spec, scope);
    if (value instanceof Promise) return finishRecord(entries, i, value, out, scope);
    out[key] = value;
  }
  return out;
}

async function finishRecord(entries: readonly (readonly [string, unknown])[], from: number, first: Promise<unknown>, out: Record<string, unknown>, scope: ValueScope): Promise<Record<string, unknown>> {
  out[entries[from]?.[0] ?? ''] = await first;
  for (let i = from + 1; i < entries.length; i++) {
    const [key, spec] = entries[i] ?? ['', undefined];
    out[key] = await resolveValue(spec, scope);
  }
  return out;
}

async function labelOfSlotSpec(spec: unknown, scope: ValueScope): Promise<string | undefined> {
  return labelOfSlot(await resolveValue(spec, scope), scope);
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

/** A static list is copied at once; the other sources answer later (see resolveValue). */
function resolveSource(source: SourceSpec, scope: ValueScope): unknown[] | Promise<unknown[]> {
  return source.kind === 'static' ? [...source.items] : readSource(source, scope);
}

async function readSource(source: Exclude<SourceSpec, { readonly kind: 'static' }>, scope: ValueScope): Promise<unknown[]> {
  switch (source.kind) {
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
