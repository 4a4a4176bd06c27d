import { checkAnswer, evaluateRoutingRules, findCloudMediaReferences, findMediaReferences, findUploadedMediaReferences, MEDIA_FETCH_KIND, type MediaFetchPayload, type RoutedActionPayload } from '@flowline/core';
import { newId, toEpochMs, type Instant, type MediaUploadClaim, type OutboxActionInput, type Repositories, type Send } from '@flowline/storage';
import { ALREADY_PROCESSED, alreadyProcessed, applyCallerWrites, type CallerWrites } from './group-commit.js';
import type { IngestDeps } from './ingest-deps.js';

type RawProblem = ReturnType<typeof checkAnswer>[number];

/** A completed Flow as the webhook (or the sandbox) delivers it. */
export interface CompletionInput {
  readonly workspaceId: string;
  /** The send the answer belongs to, when the caller already correlated it. */
  readonly sendId?: string;
  /** That send as the caller already read it (same id and workspace), so it is not read again. */
  readonly send?: Send;
  /** The Flow and version, when known without a send (e.g. a Flow opened from a link). */
  readonly flowId?: string;
  readonly flowVersion?: number;
  readonly contactPhone: string;
  readonly flowToken?: string;
  /** The parsed `response_json`. */
  readonly answer: unknown;
  /** The channel message id (wamid); a redelivered webhook carries the same one. */
  readonly messageId: string;
  readonly receivedAt: Instant;
  /**
   * The caller's own writes (the webhook's receipt and the contact's inbound time), committed in the same
   * transaction as the answer, exceptions included, and merged across a batch (see CallerWrites). Refused
   * (the delivery was already processed), they make the outcome `duplicate` and nothing is stored.
   */
  readonly writes?: CallerWrites;
}

/** Why an answer went to the inbox as an exception instead of being routed. */
export type ExceptionReason = 'contract_violation' | 'unknown_flow_token' | 'uncorrelated' | 'unknown_flow' | 'duplicate_answer' | 'invalid_routing_rules';

/** What happened to a completion; every answer is stored except a redelivery of one already stored. */
export type IngestOutcome =
  | { readonly status: 'routed'; readonly submissionId: string; readonly actionIds: readonly string[]; readonly matchedRuleIds: readonly string[] }
  | { readonly status: 'exception'; readonly submissionId: string; readonly inboxItemId: string; readonly reason: ExceptionReason; readonly problems: readonly string[] }
  | { readonly status: 'duplicate'; readonly messageId: string };

/**
 * The pipeline's intake as its callers hold it (the webhook route; a stand-in in tests): `ingestCompletion`
 * over one process's dependencies. It keeps every answer (never drops one), commits the caller's `writes`
 * with it, and rejects only on an infrastructure failure.
 */
export type IngestCompletionPort = (input: CompletionInput) => Promise<IngestOutcome>;

/** The queue that receives answers which could not be routed. */
export const EXCEPTIONS_QUEUE = 'exceptions';

/**
 * Checks a completion against its Flow version's answer contract, stores it, routes it and writes the
 * routed actions to the outbox with events `submitted` and `routed`, all in one transaction (batched
 * with concurrent completions). Contract breaks, unknown flow tokens and second answers to one send
 * are stored and opened as inbox exceptions; a redelivered message id is reported as a duplicate.
 */
export async function ingestCompletion(deps: IngestDeps, input: CompletionInput): Promise<IngestOutcome> {
  const ws = input.workspaceId;
  const receivedAt = toEpochMs(input.receivedAt);
  const send = await findSend(deps, input);
  const flowId = send?.flowId ?? input.flowId;
  const base = { id: newId(), receivedAt, flowId: flowId ?? 'unknown', send };

  if (input.flowToken !== undefined && send === undefined && input.sendId === undefined) {
    return recordException(deps, input, base, 'unknown_flow_token', ['no send carries this flow_token in the workspace']);
  }
  if (input.sendId !== undefined && send === undefined) return recordException(deps, input, base, 'uncorrelated', [`send ${input.sendId} does not exist`]);
  if (flowId === undefined) return recordException(deps, input, base, 'uncorrelated', ['the completion names neither a send, a flow_token nor a Flow']);

  const contract = await deps.contractOf(ws, flowId, send?.version ?? input.flowVersion);
  if (contract === undefined) return recordException(deps, input, base, 'unknown_flow', [`Flow ${flowId} (version ${send?.version ?? input.flowVersion ?? 'published'}) does not exist`]);
  const version = contract.version;
  const problems = checkAnswer(contract.schema, input.answer);
  if (problems.length > 0) return recordException(deps, input, { ...base, version }, 'contract_violation', problems.map(describeProblem), problems);
  if (send?.status === 'completed') return recordException(deps, input, { ...base, version }, 'duplicate_answer', [`send ${send.id} was already answered`]);

  const { rules, problems: ruleProblems } = await deps.rulesOf(ws, flowId);
  if (ruleProblems.length > 0) return recordException(deps, input, { ...base, version }, 'invalid_routing_rules', ruleProblems);
  const routing = evaluateRoutingRules(rules, input.answer, { flow: { id: flowId, version }, contact: { phone: input.contactPhone } });
  const submission = {
    id: base.id,
    flowId,
    version,
    sendId: send?.id ?? null,
    contactPhone: input.contactPhone,
    messageId: input.messageId,
    receivedAt,
    answers: input.answer,
  };
  const routed = routing.actions.map((one, index) => {
    const payload: RoutedActionPayload = { action: one.action, ruleId: one.ruleId, submission };
    // Derived, not random: a retried write of the same submission can never enqueue an action twice.
    return { kind: one.action.type, payload, idempotencyKey: `${base.id}:${index}` };
  });
  const actions: OutboxActionInput[] = [...routed, ...mediaActions(input, base)];
  const eventBase = { flowId, version, ...(send === undefined ? {} : { sendId: send.id }), at: receivedAt };

  // Batched with concurrent completions: multi-row inserts, and the send is marked completed only once.
  const result = await deps.commit.record({
    submission: { ...submissionRow(input, base), version, contract: { ok: true, problems: [] } },
    actions,
    events: [
      { type: 'submitted', ...eventBase },
      { type: 'routed', ...eventBase, data: { submissionId: base.id, ruleIds: routing.matchedRuleIds, actions: routed.length, actionKinds: countKinds(routed), usedDefault: routing.usedDefault } },
    ],
    completeSend: send !== undefined,
    uploads: uploadClaims(input, base),
  }, input.writes);
  if (!result.ok) return onConflict(deps, input, { ...base, version }, result.code);
  return { status: 'routed', submissionId: base.id, actionIds: result.value.actionIds, matchedRuleIds: routing.matchedRuleIds };
}

interface Base {
  readonly id: string;
  readonly receivedAt: number;
  readonly flowId: string;
  readonly send: Send | undefined;
  readonly version?: number;
}

async function findSend(deps: IngestDeps, input: CompletionInput): Promise<Send | undefined> {
  if (input.sendId !== undefined) {
    // A send the caller read (outside any transaction, like the lookup below) is used as is; the batch's guarded UPDATE still refuses a second completion.
    if (input.send !== undefined && input.send.id === input.sendId && input.send.workspaceId === input.workspaceId) return input.send;
    return deps.sends.byId(input.workspaceId, input.sendId);
  }
  if (input.flowToken !== undefined && input.flowToken !== '') return deps.sends.byFlowToken(input.workspaceId, input.flowToken);
  return undefined;
}

/**
 * One `media.fetch` action per file the answer references, written with the submission: encrypted CDN
 * files (platform spec §6.4) and Cloud API media ids (§6.3, endpoint-less Flows). The answer is recorded
 * first: a slow or failing CDN or Graph never holds it up. A sandbox answer has no Cloud API media (its
 * files are uploads, attached below).
 */
function mediaActions(input: CompletionInput, base: Base): { kind: string; payload: MediaFetchPayload; idempotencyKey: string }[] {
  const cloud = base.send?.channel === 'sandbox' ? [] : findCloudMediaReferences(input.answer);
  return [...findMediaReferences(input.answer), ...cloud].map((reference) => ({
    kind: MEDIA_FETCH_KIND,
    payload: { submissionId: base.id, flowId: base.flowId, contactPhone: input.contactPhone, reference },
    idempotencyKey: `${base.id}:media:${reference.field}:${reference.index}`,
  }));
}

/**
 * The sandbox phone's uploads an answer refers to (`{media_id, file_name}` without a CDN URL): attached to
 * the submission in its transaction, the bytes being in the media store already (docs/media.md, "Sandbox
 * files"). Only an answer to a sandbox send may claim them; a real customer's answer never does.
 */
function uploadClaims(input: CompletionInput, base: Base): MediaUploadClaim[] {
  if (base.send?.channel !== 'sandbox') return [];
  return findUploadedMediaReferences(input.answer).map((r) => ({ mediaId: r.mediaId, field: r.field, index: r.index, contactPhone: input.contactPhone, fileName: r.fileName, mimeType: r.mimeType }));
}

function submissionRow(input: CompletionInput, base: Base) {
  return {
    id: base.id,
    workspaceId: input.workspaceId,
    flowId: base.flowId,
    ...(base.version === undefined ? {} : { version: base.version }),
    ...(base.send === undefined ? {} : { sendId: base.send.id }),
    ...(input.flowToken === undefined ? {} : { flowToken: input.flowToken }),
    messageId: input.messageId,
    answers: input.answer,
    receivedAt: base.receivedAt,
  };
}

async function recordException(deps: IngestDeps, input: CompletionInput, base: Base, reason: ExceptionReason, messages: string[], problems: readonly RawProblem[] = []): Promise<IngestOutcome> {
  const ws = input.workspaceId;
  const result = await deps.commit.run(async (tx: Repositories) => {
    if (input.writes !== undefined && !(await applyCallerWrites(tx, input.writes))) return alreadyProcessed();
    const recorded = await tx.recordSubmission({
      submission: { ...submissionRow(input, base), contract: { ok: reason !== 'contract_violation', problems: problems.length > 0 ? problems : messages } },
      // The files are fetched (or attached) even for an exception: the operator who handles it needs them most.
      actions: mediaActions(input, base),
      uploads: uploadClaims(input, base),
      events: [{ type: 'submitted', flowId: base.flowId, ...(base.version === undefined ? {} : { version: base.version }), ...(base.send === undefined ? {} : { sendId: base.send.id }), at: base.receivedAt }],
    });
    if (!recorded.ok) return recorded;
    const contact = await tx.contacts.findByPhone(ws, input.contactPhone);
    const item = await tx.inbox.create(ws, {
      kind: 'exception',
      queue: EXCEPTIONS_QUEUE,
      priority: 1,
      title: `${EXCEPTION_TITLES[reason]} (${base.flowId})`,
      body: { reason, problems: messages, answer: input.answer, contactPhone: input.contactPhone, messageId: input.messageId, ...(input.flowToken === undefined ? {} : { flowToken: input.flowToken }) },
      submissionId: base.id,
      ...(contact === undefined ? {} : { contactId: contact.id }),
      at: base.receivedAt,
    });
    return { ok: true, value: item.id };
  });
  if (!result.ok) return onConflict(deps, input, base, result.code);
  return { status: 'exception', submissionId: base.id, inboxItemId: result.value, reason, problems: messages };
}

/** A message id already stored is a redelivery; any other conflict still must not lose the answer. */
async function onConflict(deps: IngestDeps, input: CompletionInput, base: Base, code: string): Promise<IngestOutcome> {
  if (code === 'DUPLICATE_SUBMISSION' || code === ALREADY_PROCESSED) return { status: 'duplicate', messageId: input.messageId };
  // Another answer to the same send committed first (e.g. in the same batch): keep this one as an exception.
  if (code === 'SEND_ALREADY_COMPLETED') return recordException(deps, input, { ...base, id: newId() }, 'duplicate_answer', [`send ${base.send?.id ?? '?'} was already answered`]);
  if (base.send === undefined) throw new Error(`could not store the answer to message ${input.messageId}: ${code} (does workspace ${input.workspaceId} exist?)`);
  // A send that vanished or belongs elsewhere: keep the answer without the reference.
  return recordException(deps, input, { ...base, id: newId(), send: undefined }, 'uncorrelated', [`the answer could not be stored as routed (${code})`]);
}

const EXCEPTION_TITLES: Readonly<Record<ExceptionReason, string>> = {
  contract_violation: "Answer breaks the Flow's contract",
  unknown_flow_token: 'Answer with an unknown flow token',
  uncorrelated: 'Answer that matches no send',
  unknown_flow: 'Answer for an unknown Flow',
  duplicate_answer: 'Second answer to one send',
  invalid_routing_rules: 'Answer not routed: invalid routing rules',
};

function describeProblem(p: RawProblem): string {
  return `${p.pointer || '/'}: ${p.message}`;
}

/** How many routed actions of each kind (ticket, webhook, slack…) an answer produced: a campaign's outcomes by kind. */
function countKinds(actions: readonly { kind: string }[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const action of actions) kinds[action.kind] = (kinds[action.kind] ?? 0) + 1;
  return kinds;
}
