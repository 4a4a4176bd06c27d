import type { InboundEntry, Repositories, WebhookReceiptClaim } from '@flowline/storage';
import type { CallerWrites } from '../pipeline/group-commit.js';

/**
 * A webhook's own writes described as data (its receipt claim and the sender's inbound time), so that the
 * pipeline's batch writes those of many webhooks with one multi-row statement each.
 */
export interface WebhookWrites {
  readonly receipt: WebhookReceiptClaim;
  readonly inbound?: InboundEntry;
}

/**
 * Claims the receipts of `writes` with one multi-row INSERT, then records their senders' inbound times with
 * one upsert. False when any receipt was already claimed (that delivery was processed): the caller's
 * transaction must then not commit.
 */
export async function writeWebhookWrites(tx: Repositories, writes: readonly WebhookWrites[]): Promise<boolean> {
  const claimed = await tx.channels.claimWebhookReceipts(writes.map((w) => w.receipt));
  if (claimed.some((c) => !c)) return false;
  const inbound = writes.flatMap((w) => (w.inbound === undefined ? [] : [w.inbound]));
  if (inbound.length > 0) await tx.contacts.recordInboundMany(inbound);
  return true;
}

/** The writes as the pipeline takes them with a Flow's answer (merged with the other webhooks of its batch). */
export function toCallerWrites(writes: WebhookWrites): CallerWrites<WebhookWrites> {
  return { value: writes, writeMany: writeWebhookWrites };
}
