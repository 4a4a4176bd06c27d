import type { FlowView, VersionSummaryView, VersionView } from '@flowline/api-contract';
import { isJsonObject } from '@flowline/core';
import { API_BASE } from '../api-client.js';
import { str } from '../json-fields.js';

/**
 * A Flow as listed by `GET /api/v1/flows` (the API's `FlowView`), as the studio shows it: the status as
 * sent, times as ISO text.
 */
export interface FlowSummary extends Readonly<Pick<FlowView, 'id' | 'name'>> {
  readonly status: string;
  readonly latestVersion: NonNullable<FlowView['latestVersion']> | undefined;
  readonly updatedAt: string | undefined;
}

/** One stored version of a Flow (the API's `VersionView` or `VersionSummaryView`; `version` is their `number`). */
export interface FlowVersion extends Readonly<Pick<VersionSummaryView, 'published'>> {
  readonly version: VersionView['number'];
  readonly createdAt: string | undefined;
  readonly flowJson: VersionView['flowJson'] | undefined;
  readonly createdBy: VersionView['createdBy'] | undefined;
  /** Where the version stands in its review (docs/governance.md): draft, in_review, changes_requested, approved, published, deprecated. */
  readonly reviewState: VersionSummaryView['reviewState'];
}

/** A template to create a Flow from (the seeded Flows). */
export interface FlowTemplateSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
}


/** A timestamp (epoch ms or ISO text) as ISO text. */
function time(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The items of a list body (`{items}` or a bare array). */
export function toItems(body: unknown): readonly unknown[] {
  if (Array.isArray(body)) return body;
  if (isJsonObject(body) && Array.isArray(body['items'])) return body['items'];
  return [];
}

/** Reads a Flow summary (tolerant of `latestVersion` as a number or an object). */
export function toFlowSummary(body: unknown): FlowSummary | undefined {
  // POST /flows answers `{flow, version}`; the other routes answer the Flow itself.
  const value = isJsonObject(body) && isJsonObject(body['flow']) ? body['flow'] : body;
  if (!isJsonObject(value)) return undefined;
  const id = str(value['id']);
  if (id === undefined) return undefined;
  const latest = value['latestVersion'] ?? value['latest_version'] ?? value['version'];
  return {
    id,
    name: str(value['name']) ?? id,
    status: str(value['status']) ?? 'draft',
    latestVersion: isJsonObject(latest) ? num(latest['version']) : num(latest),
    updatedAt: time(value['updatedAt'] ?? value['createdAt']),
  };
}

/** Reads a version record; the Flow JSON may be text or an object. */
export function toFlowVersion(body: unknown): FlowVersion | undefined {
  // POST /flows/{id}/versions answers `{version: {...}}`.
  const value = isJsonObject(body) && isJsonObject(body['version']) ? body['version'] : body;
  if (!isJsonObject(value)) return undefined;
  const version = num(value['version'] ?? value['number']);
  if (version === undefined) return undefined;
  const raw = value['flowJson'] ?? value['flow_json'] ?? value['json'];
  return {
    version,
    createdAt: time(value['createdAt']),
    flowJson: typeof raw === 'string' ? raw : raw === undefined ? undefined : JSON.stringify(raw, null, 2),
    published: value['published'] === true,
    createdBy: str(value['createdBy']),
    reviewState: str(value['reviewState']) ?? 'draft',
  };
}

/** Reads a template entry. */
export function toTemplate(value: unknown): FlowTemplateSummary | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = str(value['id']);
  if (id === undefined) return undefined;
  return { id, name: str(value['name']) ?? id, description: str(value['description']) };
}

/** Parses a list with a per-item reader, dropping items it cannot read. */
export function toList<T>(body: unknown, read: (v: unknown) => T | undefined): T[] {
  return toItems(body).map(read).filter((v): v is T => v !== undefined);
}

/** A Flow JSON text as pretty-printed JSON when it parses (for editing and export). */
export function prettyFlowJson(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

/** A Flow id (slug) from a name: lower case, `a-z0-9_-`, at most 64 characters. */
export function toFlowId(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64);
}

/** Saves text as a file through the browser (export). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Downloads a file the API streams (e.g. a Flow's submissions as CSV) as it comes, without reading it as
 * JSON; `path` is relative to `/api/v1`. Answers a message when the server refuses.
 */
export async function downloadApiFile(client: import('../api-client.js').ApiClient, path: string, fileName: string): Promise<{ ok: true } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'The server cannot be reached.' };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    return { ok: false, message: body?.error?.message ?? `The server answered HTTP ${response.status}.` };
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
  return { ok: true };
}

/** Loads the latest version's Flow JSON text: `GET /flows/{id}/export`, else the newest entry of `/versions`. */
export async function loadLatestFlowJson(client: import('../api-client.js').ApiClient, id: string): Promise<{ ok: true; text: string; version: number | undefined } | { ok: false; message: string }> {
  const base = `/flows/${encodeURIComponent(id)}`;
  const versions = await client.get<unknown>(`${base}/versions?limit=100`);
  const newest = versions.ok ? toList(versions.data, toFlowVersion).sort((a, b) => b.version - a.version)[0] : undefined;
  if (newest?.flowJson !== undefined) return { ok: true, text: prettyFlowJson(newest.flowJson), version: newest.version };
  if (newest !== undefined) {
    const one = await client.get<unknown>(`${base}/versions/${newest.version}`);
    const read = one.ok ? toFlowVersion(one.data) : undefined;
    if (read?.flowJson !== undefined) return { ok: true, text: prettyFlowJson(read.flowJson), version: read.version };
  }
  const exported = await client.get<unknown>(`${base}/export`);
  if (exported.ok) return { ok: true, text: prettyFlowJson(typeof exported.data === 'string' ? exported.data : JSON.stringify(exported.data)), version: newest?.version };
  return { ok: false, message: exported.message };
}
