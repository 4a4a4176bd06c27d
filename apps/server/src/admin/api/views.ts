import type { ContactView, DeliveryView, FlowView, InboxItemView, SubmissionView, TokenView, VersionSummaryView, VersionView } from '@flowline/api-contract';
import type { ApiToken, Contact, Flow, FlowVersion, InboxItem, OutboxAction, Submission } from '@flowline/storage';
import { toPublicPayload } from '../../messaging/pipeline/connector-secrets.js';

/**
 * Stored rows into the shapes the API answers with. The shapes are schemas of `@flowline/api-contract`
 * (for the OpenAPI document and the studio); the `to*View` functions must produce their inferred
 * types, so the document and the answers cannot drift apart.
 */

/** Converts a stored Flow (and its latest version number) to its API shape. */
export function toFlowView(flow: Flow, latestVersion: number | null): FlowView {
  return { id: flow.id, name: flow.name, status: flow.status, publishedVersion: flow.publishedVersion, latestVersion, createdAt: flow.createdAt, updatedAt: flow.updatedAt };
}

/** Converts a stored version to its list shape. */
export function toVersionSummaryView(version: FlowVersion, publishedVersion: number | null, reviewState = 'draft'): VersionSummaryView {
  return { number: version.number, createdAt: version.createdAt, createdBy: version.createdBy, published: version.number === publishedVersion, hasEndpointConfig: version.endpointConfig !== null && version.endpointConfig !== undefined, reviewState };
}

/** Converts a stored version to its full API shape. */
export function toVersionView(version: FlowVersion, publishedVersion: number | null): VersionView {
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

/** Converts a stored token to its API shape. */
export function toTokenView(token: ApiToken): TokenView {
  return { id: token.id, name: token.name, role: token.role, createdAt: token.createdAt, revokedAt: token.revokedAt };
}

/** Converts a stored contact to its API shape. */
export function toContactView(c: Contact): ContactView {
  return { id: c.id, phone: c.phone, name: c.name, tags: c.tags, fields: c.fields, optedIn: c.optedIn, optedInAt: c.optedInAt, erasedAt: c.erasedAt, language: c.language, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** Converts a stored submission to its API shape (the flow token stays internal). */
export function toSubmissionView(s: Submission, contactId?: string | null): SubmissionView {
  const view = { id: s.id, flowId: s.flowId, version: s.version, sendId: s.sendId, messageId: s.messageId, answers: s.answers, contract: { ok: s.contract.ok, problems: s.contract.problems }, receivedAt: s.receivedAt };
  return contactId === undefined ? view : { ...view, contactId };
}

/** Converts a stored outbox action to its API shape (connector secrets show as `{"set": true}`). */
export function toDeliveryView(a: OutboxAction): DeliveryView {
  return { id: a.id, submissionId: a.submissionId, kind: a.kind, payload: toPublicPayload(a.payload), idempotencyKey: a.idempotencyKey, status: a.status, attempts: a.attempts, maxAttempts: a.maxAttempts, nextAttemptAt: a.nextAttemptAt, lastError: a.lastError, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

/** Converts a stored inbox item to its API shape. */
export function toInboxItemView(i: InboxItem): InboxItemView {
  return { id: i.id, kind: i.kind, queue: i.queue, priority: i.priority, assignee: i.assignee, status: i.status, title: i.title, body: i.body, submissionId: i.submissionId, contactId: i.contactId, createdAt: i.createdAt, updatedAt: i.updatedAt, resolvedAt: i.resolvedAt };
}
