import type { ApiHarness } from './describe-api.js';

/** What seedPipeline created in workspace A. */
export interface SeededPipeline {
  readonly flowId: string;
  readonly contactId: string;
  readonly sendIds: readonly string[];
  readonly submissionId: string;
  readonly invalidSubmissionId: string;
  readonly actionIds: readonly string[];
  readonly itemId: string;
}

/**
 * Seeds workspace A through the API and storage as the pipeline would: a two-screen Flow, a contact,
 * three sends, one valid and one contract-breaking submission with outbox actions and events, and a ticket.
 */
export async function seedPipeline(h: ApiHarness, flowId: string): Promise<SeededPipeline> {
  const ws = h.workspaceA;
  const t0 = h.clock.now;
  const flow = {
    version: '7.0',
    data_api_version: '3.0',
    routing_model: { DETAILS: ['CONFIRM'], CONFIRM: [] },
    screens: ['DETAILS', 'CONFIRM'].map((id, i) => ({
      id,
      title: id,
      ...(i === 1 ? { terminal: true } : {}),
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextBody', text: id },
          { type: 'Footer', label: 'Next', 'on-click-action': i === 0 ? { name: 'navigate', next: { type: 'screen', name: 'CONFIRM' }, payload: {} } : { name: 'complete', payload: {} } },
        ],
      },
    })),
  };
  const created = await h.call('POST', '/api/v1/flows', { body: { id: flowId, name: flowId, flowJson: flow } });
  if (created.status !== 201) throw new Error(`seed flow: ${created.text}`);
  const contact = await h.call('POST', '/api/v1/contacts', { body: { phone: '+351911111111', name: 'Ana', tags: ['vip'], optedIn: true } });
  const contactId = contact.body['id'] as string;
  const sendIds: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const send = await h.storage.sends.create(ws, { flowId, version: 1, contactId, channel: 'sandbox', at: t0 + i });
    if (!send.ok) throw new Error(send.message);
    sendIds.push(send.value.id);
  }
  const [s1, s2, s3] = sendIds as [string, string, string];
  await h.storage.events.record(ws, [
    ...sendIds.map((sendId) => ({ type: 'sent' as const, flowId, version: 1, sendId, at: t0 })),
    { type: 'opened', flowId, version: 1, sendId: s1, at: t0 + 10_000 },
    { type: 'opened', flowId, version: 1, sendId: s2, at: t0 + 20_000 },
    { type: 'opened', flowId, version: 1, sendId: s3, at: t0 + 5_000 },
    { type: 'screen_reached', flowId, version: 1, sendId: s1, screen: 'DETAILS', at: t0 + 10_000 },
    { type: 'screen_reached', flowId, version: 1, sendId: s1, screen: 'CONFIRM', at: t0 + 40_000 },
    { type: 'screen_reached', flowId, version: 1, sendId: s2, screen: 'DETAILS', at: t0 + 20_000 },
    { type: 'screen_reached', flowId, version: 1, sendId: s2, screen: 'CONFIRM', at: t0 + 30_000 },
    { type: 'screen_reached', flowId, version: 1, sendId: s3, screen: 'DETAILS', at: t0 + 5_000 },
  ]);
  const recorded = await h.storage.recordSubmission({
    submission: { workspaceId: ws, flowId, version: 1, sendId: s1, messageId: `wamid.${flowId}.1`, answers: { topic: 'billing' }, contract: { ok: true, problems: [] }, receivedAt: t0 + 70_000 },
    actions: [
      { kind: 'webhook', payload: { url: 'http://127.0.0.1:9/crm' }, idempotencyKey: `${flowId}-1-webhook` },
      { kind: 'ticket', payload: { queue: 'billing' }, idempotencyKey: `${flowId}-1-ticket` },
    ],
    events: [
      { type: 'submitted', flowId, version: 1, sendId: s1, at: t0 + 70_000 },
      { type: 'routed', flowId, version: 1, sendId: s1, at: t0 + 70_000, data: { submissionId: `${flowId}-s1`, ruleIds: ['billing'] } },
    ],
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const invalid = await h.storage.recordSubmission({
    submission: { workspaceId: ws, flowId, version: 1, sendId: s2, messageId: `wamid.${flowId}.2`, answers: { topic: 7 }, contract: { ok: false, problems: [{ pointer: '/topic', message: 'must be a string' }] }, receivedAt: t0 + 50_000 },
    actions: [],
    events: [
      { type: 'submitted', flowId, version: 1, sendId: s2, at: t0 + 50_000 },
      { type: 'routed', flowId, version: 1, sendId: s2, at: t0 + 50_000, data: { submissionId: `${flowId}-s2`, ruleIds: ['billing'] } },
    ],
  });
  if (!invalid.ok) throw new Error(invalid.message);
  const actions = await h.storage.outbox.list(ws, { submissionId: recorded.value.submission.id });
  const item = await h.storage.inbox.create(ws, { kind: 'ticket', queue: 'billing', title: 'Billing question', submissionId: recorded.value.submission.id, contactId, at: t0 + 70_000 });
  for (const [i, latencyMs] of [120, 180, 250, 900, 1500].entries()) {
    await h.storage.endpointTraces.record(ws, { flowId, version: 1, screen: 'DETAILS', action: 'data_exchange', latencyMs, outcome: i === 4 ? 'failed' : 'ok', statusCode: i === 4 ? 500 : 200, at: t0 + i });
  }
  return {
    flowId,
    contactId,
    sendIds,
    submissionId: recorded.value.submission.id,
    invalidSubmissionId: invalid.value.submission.id,
    actionIds: actions.map((a) => a.id),
    itemId: item.id,
  };
}
