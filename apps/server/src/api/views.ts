import { FLOW_STATUSES, ROLES, type ApiToken, type Contact, type Flow, type FlowVersion, type InboxItem, type OutboxAction, type Submission } from '@flowline/storage';
import { toPublicPayload } from '../pipeline/connector-secrets.js';
import { array, boolean, integer, nullable, number, object, oneOf, optional, record, string, unknownValue, type Infer, type Schema } from './schema.js';

/**
 * The shapes the API answers with. Each is a schema (for the OpenAPI document) whose inferred type the
 * `to*View` functions must produce, so the document and the answers cannot drift apart.
 */
const epochMs = (description = 'epoch milliseconds'): Schema<number> => integer({ description });

/** A Flow as listed. */
export const flowView = object({
  id: string(),
  name: string(),
  status: oneOf(FLOW_STATUSES),
  publishedVersion: nullable(integer()),
  latestVersion: nullable(integer()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});

/** Converts a stored Flow (and its latest version number) to its API shape. */
export function toFlowView(flow: Flow, latestVersion: number | null): Infer<typeof flowView> {
  return { id: flow.id, name: flow.name, status: flow.status, publishedVersion: flow.publishedVersion, latestVersion, createdAt: flow.createdAt, updatedAt: flow.updatedAt };
}

/** A version as listed (without its document). */
export const versionSummaryView = object({ number: integer(), createdAt: epochMs(), createdBy: string(), published: boolean(), hasEndpointConfig: boolean(), reviewState: string({ description: 'draft, in_review, changes_requested, approved, published or deprecated (docs/governance.md)' }) });

/** Converts a stored version to its list shape. */
export function toVersionSummaryView(version: FlowVersion, publishedVersion: number | null, reviewState = 'draft'): Infer<typeof versionSummaryView> {
  return { number: version.number, createdAt: version.createdAt, createdBy: version.createdBy, published: version.number === publishedVersion, hasEndpointConfig: version.endpointConfig !== null && version.endpointConfig !== undefined, reviewState };
}

/** A version with its Flow JSON text, endpoint configuration and policy. */
export const versionView = object({
  flowId: string(),
  number: integer(),
  createdAt: epochMs(),
  createdBy: string(),
  published: boolean(),
  flowJson: string({ description: 'the Flow JSON text as stored' }),
  endpointConfig: unknownValue('declarative endpoint configuration, or null'),
  policy: unknownValue('validation policy, or null'),
});

/** Converts a stored version to its full API shape. */
export function toVersionView(version: FlowVersion, publishedVersion: number | null): Infer<typeof versionView> {
  return {
    flowId: version.flowId,
    number: version.number,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    published: version.number === publishedVersion,
    flowJson: version.flowJson,
    endpointConfig: version.endpointConfig ?? null,
    policy: version.policy ?? null,
  };
}

/** An API token (never its secret). */
export const tokenView = object({ id: string(), name: string(), role: oneOf(ROLES), createdAt: epochMs(), revokedAt: nullable(epochMs()) });

/** Converts a stored token to its API shape. */
export function toTokenView(token: ApiToken): Infer<typeof tokenView> {
  return { id: token.id, name: token.name, role: token.role, createdAt: token.createdAt, revokedAt: token.revokedAt };
}

/** A contact. */
export const contactView = object({
  id: string(),
  phone: string(),
  name: nullable(string()),
  tags: array(string()),
  fields: record(),
  optedIn: boolean(),
  optedInAt: nullable(epochMs()),
  /** When the contact was erased on request (docs/privacy.md); null for a real contact. */
  erasedAt: nullable(epochMs()),
  language: nullable(string({ description: 'BCP 47 tag; picks the language Flows are sent in (docs/localization.md)' })),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});

/** What an erasure did: rows redacted per table, and whether the contact had been erased before. */
export const erasureView = object({
  contactId: string(),
  erasedAt: epochMs(),
  alreadyErased: boolean({ description: 'erased before: this call only swept rows written since (its counts are then usually all 0)' }),
  counts: record('rows redacted per table (sandbox_sessions: removed), e.g. {"submissions": 2, "inbox_items": 1}'),
  mediaFilesDeleted: integer({ minimum: 0, description: 'the contact\'s files deleted from the media store by this call' }),
});

/** Converts a stored contact to its API shape. */
export function toContactView(c: Contact): Infer<typeof contactView> {
  return { id: c.id, phone: c.phone, name: c.name, tags: c.tags, fields: c.fields, optedIn: c.optedIn, optedInAt: c.optedInAt, erasedAt: c.erasedAt, language: c.language, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** A submission with its contract outcome. */
export const submissionView = object({
  id: string(),
  flowId: string(),
  version: nullable(integer()),
  sendId: nullable(string()),
  messageId: nullable(string()),
  answers: unknownValue('the answers as received (the parsed response_json)'),
  contract: object({ ok: boolean(), problems: array(unknownValue()) }),
  receivedAt: epochMs(),
  contactId: optional(nullable(string())),
  readable: optional(array(object({
    field: string(), label: string({ description: 'the label of the input that asked it, else the field name' }),
    text: string({ description: 'option titles instead of ids, dates, Yes/No, file names; •••• when masked' }),
    kind: oneOf(['text', 'choice', 'choices', 'date', 'date-range', 'yes-no', 'media', 'value']),
    masked: boolean({ description: 'a field the Flow marks sensitive, hidden from roles without answers:sensitive' }),
    files: optional(array(object({ name: string(), mimeType: optional(string()), id: optional(string()) }))),
  }), { description: 'the answers in the Flow version\'s words, in the order the Flow asks them' })),
});

/** Converts a stored submission to its API shape (the flow token stays internal). */
export function toSubmissionView(s: Submission, contactId?: string | null): Infer<typeof submissionView> {
  const view = { id: s.id, flowId: s.flowId, version: s.version, sendId: s.sendId, messageId: s.messageId, answers: s.answers, contract: { ok: s.contract.ok, problems: s.contract.problems }, receivedAt: s.receivedAt };
  return contactId === undefined ? view : { ...view, contactId };
}

/** An outbox action (a delivery) with its status, attempts and last error. */
export const deliveryView = object({
  id: string(),
  submissionId: nullable(string()),
  kind: string(),
  payload: unknownValue(),
  idempotencyKey: string(),
  status: oneOf(['pending', 'delivering', 'delivered', 'failed', 'dead', 'erased']),
  attempts: integer(),
  maxAttempts: integer(),
  nextAttemptAt: epochMs(),
  lastError: nullable(string()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});

/** Converts a stored outbox action to its API shape (connector secrets show as `{"set": true}`). */
export function toDeliveryView(a: OutboxAction): Infer<typeof deliveryView> {
  return { id: a.id, submissionId: a.submissionId, kind: a.kind, payload: toPublicPayload(a.payload), idempotencyKey: a.idempotencyKey, status: a.status, attempts: a.attempts, maxAttempts: a.maxAttempts, nextAttemptAt: a.nextAttemptAt, lastError: a.lastError, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

/** An inbox item (ticket or contract exception). */
export const inboxItemView = object({
  id: string(),
  kind: oneOf(['ticket', 'exception']),
  queue: string(),
  priority: integer(),
  assignee: nullable(string()),
  status: oneOf(['open', 'pending', 'resolved']),
  title: string(),
  body: unknownValue(),
  submissionId: nullable(string()),
  contactId: nullable(string()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
  resolvedAt: nullable(epochMs()),
});

/** Converts a stored inbox item to its API shape. */
export function toInboxItemView(i: InboxItem): Infer<typeof inboxItemView> {
  return { id: i.id, kind: i.kind, queue: i.queue, priority: i.priority, assignee: i.assignee, status: i.status, title: i.title, body: i.body, submissionId: i.submissionId, contactId: i.contactId, createdAt: i.createdAt, updatedAt: i.updatedAt, resolvedAt: i.resolvedAt };
}

/** The JSON Schema of a page of items. */
export function pageOf(item: Schema<unknown>): Record<string, unknown> {
  return { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: item.json }, nextCursor: { type: ['string', 'null'] } } };
}

/** A number that may be absent because nothing was measured yet. */
export const measured = (description: string): Schema<number | null> => nullable(number({ description }));
