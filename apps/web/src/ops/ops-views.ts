import { DELIVERY_STATUSES, type ContactView as ApiContactView, type DeliveryView, type InboxItemView, type MediaView as ApiMediaView, type ReadableAnswerView, type SubmissionView as ApiSubmissionView } from '@flowline/api-contract';
import { isJsonObject } from '@flowline/core';
import { readJson } from './read-json.js';

// The shapes below are the API's views (@flowline/api-contract) as the studio reads them: the fields
// it shows, read tolerantly (a missing field gets a default, a body of another shape is dropped).

/** An outbox action as `GET /deliveries` lists it. */
export type Delivery = Readonly<Pick<DeliveryView, 'id' | 'submissionId' | 'kind' | 'status' | 'attempts' | 'maxAttempts' | 'nextAttemptAt' | 'lastError' | 'idempotencyKey' | 'updatedAt'>>;

/** An operator inbox item (ticket or contract exception). */
export type InboxItem = Readonly<Omit<InboxItemView, 'updatedAt'>>;

/** A stored answer with its contract outcome. */
export interface SubmissionView extends Readonly<Pick<ApiSubmissionView, 'id' | 'flowId' | 'version' | 'answers' | 'receivedAt'>> {
  /** The answers in the Flow version's words (labels, option titles, Yes/No, file names; masked when sensitive). */
  readonly readable: readonly ReadableAnswer[];
  /** `contract.ok` of the view. */
  readonly contractOk: boolean;
  /** `contract.problems` of the view, as sentences. */
  readonly problems: readonly string[];
}

/** One answer as the API renders it. */
export interface ReadableAnswer extends Readonly<Pick<ReadableAnswerView, 'field' | 'label' | 'text' | 'masked'>> {
  /** How the answer is shown (`media`: files of a PhotoPicker/DocumentPicker, fetched by the worker); kept as sent. */
  readonly kind: string;
}

/** One file of a submission (`GET /submissions/{id}/media`); an `uploaded` file shows as `failed`. */
export interface MediaView extends Readonly<Pick<ApiMediaView, 'id' | 'field' | 'index' | 'fileName' | 'mimeType' | 'size' | 'error'>> {
  readonly status: 'stored' | 'failed';
}

/** Reads one file of a submission. */
export function toMedia(value: unknown): MediaView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const field = readJson.string(value['field']);
  if (id === undefined || field === undefined) return undefined;
  return {
    id,
    field,
    index: readJson.number(value['index']) ?? 0,
    fileName: readJson.string(value['fileName']) ?? 'file',
    mimeType: readJson.string(value['mimeType']) ?? 'application/octet-stream',
    size: readJson.number(value['size']) ?? null,
    status: value['status'] === 'stored' ? 'stored' : 'failed',
    error: readJson.string(value['error']) ?? null,
  };
}

function toReadableAnswer(value: unknown): ReadableAnswer | undefined {
  if (!isJsonObject(value)) return undefined;
  const field = readJson.string(value['field']);
  if (field === undefined) return undefined;
  return { field, label: readJson.string(value['label']) ?? field, text: readJson.string(value['text']) ?? '', masked: value['masked'] === true, kind: readJson.string(value['kind']) ?? 'value' };
}

/** A contact (`erasedAt`: when it was erased on request, epoch ms; null for a real contact). */
export type ContactView = Readonly<Pick<ApiContactView, 'id' | 'phone' | 'name' | 'tags' | 'fields' | 'optedIn' | 'erasedAt'>>;

/** Reads one delivery; undefined for a body of another shape. */
export function toDelivery(value: unknown): Delivery | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const status = DELIVERY_STATUSES.find((s) => s === value['status']);
  if (id === undefined || status === undefined) return undefined;
  return {
    id,
    submissionId: readJson.string(value['submissionId']) ?? null,
    kind: readJson.string(value['kind']) ?? 'unknown',
    status,
    attempts: readJson.number(value['attempts']) ?? 0,
    maxAttempts: readJson.number(value['maxAttempts']) ?? 0,
    nextAttemptAt: readJson.number(value['nextAttemptAt']) ?? 0,
    lastError: readJson.string(value['lastError']) ?? null,
    idempotencyKey: readJson.string(value['idempotencyKey']) ?? '',
    updatedAt: readJson.number(value['updatedAt']) ?? 0,
  };
}

/** Reads one inbox item. */
export function toInboxItem(value: unknown): InboxItem | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  const status = value['status'] === 'resolved' ? 'resolved' : value['status'] === 'pending' ? 'pending' : 'open';
  return {
    id,
    kind: value['kind'] === 'exception' ? 'exception' : 'ticket',
    queue: readJson.string(value['queue']) ?? 'general',
    priority: readJson.number(value['priority']) ?? 0,
    assignee: readJson.string(value['assignee']) ?? null,
    status,
    title: readJson.string(value['title']) ?? '(untitled)',
    body: value['body'],
    submissionId: readJson.string(value['submissionId']) ?? null,
    contactId: readJson.string(value['contactId']) ?? null,
    createdAt: readJson.number(value['createdAt']) ?? 0,
    resolvedAt: readJson.number(value['resolvedAt']) ?? null,
  };
}

/** Reads one submission; contract problems become their messages. */
export function toSubmission(value: unknown): SubmissionView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  const contract = isJsonObject(value['contract']) ? value['contract'] : {};
  const problems = Array.isArray(contract['problems'])
    ? contract['problems'].map((p: unknown) => (isJsonObject(p) ? `${readJson.string(p['pointer']) ?? ''} ${readJson.string(p['message']) ?? JSON.stringify(p)}`.trim() : String(p)))
    : [];
  return {
    id,
    flowId: readJson.string(value['flowId']) ?? '',
    version: readJson.number(value['version']) ?? null,
    answers: value['answers'],
    readable: readJson.list(value['readable'], toReadableAnswer),
    contractOk: contract['ok'] !== false,
    problems,
    receivedAt: readJson.number(value['receivedAt']) ?? 0,
  };
}

/** Reads one contact. */
export function toContact(value: unknown): ContactView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const phone = readJson.string(value['phone']);
  if (id === undefined || phone === undefined) return undefined;
  return { id, phone, name: readJson.string(value['name']) ?? null, tags: readJson.strings(value['tags']), fields: isJsonObject(value['fields']) ? value['fields'] : {}, optedIn: value['optedIn'] === true, erasedAt: readJson.number(value['erasedAt']) ?? null };
}

/** A duration in words for dashboards: "850 ms", "12.5 s", "4.2 min", "3.1 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A ratio (0–1) as a percentage, or a dash when nothing was measured. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(ratio < 0.1 && ratio > 0 ? 1 : 0)} %`;
}
