import { measureBackAndForth, type BackAndForth, type ResolvedTicket } from '@flowline/core';
import type { InboxItem, Storage } from '@flowline/storage';

/** The most resolved tickets one request reads. */
const TICKET_WINDOW = 10_000;

/** The back-and-forth of a Flow: overall, per version, and the tickets of the same queues without a Flow. */
export interface FlowBackAndForth {
  readonly flowId: string;
  readonly overall: BackAndForth;
  readonly versions: readonly (BackAndForth & { readonly version: number | null })[];
  /** "Before/after this Flow": tickets of the same queues that no Flow answer opened (e.g. made by hand or an integration). */
  readonly withoutFlow: BackAndForth & { readonly queues: readonly string[] };
}

async function toTicket(storage: Storage, ws: string, item: InboxItem, startedAt: number): Promise<ResolvedTicket | undefined> {
  if (item.resolvedAt === null || item.contactId === null) return undefined;
  const messages = await storage.conversations.listMessages(ws, item.contactId, { since: startedAt, limit: 1000 });
  return { startedAt, resolvedAt: item.resolvedAt, messages: messages.map((m) => ({ at: m.at, author: m.author, type: m.type })) };
}

/**
 * Gathers the resolved tickets of a Flow's answers (started at the submission) and those of the same
 * queues without a submission (started when the ticket was opened), and measures them (core's measureBackAndForth).
 */
export async function computeBackAndForth(storage: Storage, ws: string, flowId: string): Promise<FlowBackAndForth> {
  const resolved = (await storage.inbox.list(ws, { status: 'resolved', limit: TICKET_WINDOW })).filter((i) => i.kind === 'ticket');
  const byVersion = new Map<number | null, ResolvedTicket[]>();
  const all: ResolvedTicket[] = [];
  const queues = new Set<string>();
  for (const item of resolved) {
    if (item.submissionId === null) continue;
    const submission = await storage.submissions.find(ws, item.submissionId);
    if (submission === undefined || submission.flowId !== flowId) continue;
    const ticket = await toTicket(storage, ws, item, submission.receivedAt);
    if (ticket === undefined) continue;
    all.push(ticket);
    queues.add(item.queue);
    byVersion.set(submission.version, [...(byVersion.get(submission.version) ?? []), ticket]);
  }
  const without: ResolvedTicket[] = [];
  for (const item of resolved) {
    if (item.submissionId !== null || !queues.has(item.queue)) continue;
    const ticket = await toTicket(storage, ws, item, item.createdAt);
    if (ticket !== undefined) without.push(ticket);
  }
  return {
    flowId,
    overall: measureBackAndForth(all),
    versions: [...byVersion].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([version, tickets]) => ({ version, ...measureBackAndForth(tickets) })),
    withoutFlow: { queues: [...queues].sort(), ...measureBackAndForth(without) },
  };
}
