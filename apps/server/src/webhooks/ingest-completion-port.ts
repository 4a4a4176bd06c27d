import type { Repositories, Send } from '@flowline/storage';
import type { WebhookWrites } from '../pipeline/group-commit.js';

export { DUPLICATE_RECEIPT } from '../pipeline/ingest-completion.js';

/** A completed Flow as the webhook hands it to the submission pipeline (`ingestCompletion`). */
export interface CompletionInput {
  readonly workspaceId: string;
  /** The send the flow_token belongs to; absent for unknown or missing tokens (the pipeline keeps those as exceptions). */
  readonly sendId?: string;
  /** That send as the caller already read it (same id), so the pipeline need not read it again. */
  readonly send?: Send;
  readonly flowId?: string;
  readonly flowVersion?: number;
  /** The contact's phone as stored (found or created from the message's `from`). */
  readonly contactPhone: string;
  readonly flowToken?: string;
  /** `response_json` decoded (without `flow_token`), or the raw value when it could not be decoded. */
  readonly answer: unknown;
  readonly messageId: string;
  readonly receivedAt: Date;
  /**
   * The webhook's own writes (receipt, inbound time), committed in the same transaction as the answer;
   * refusing with `DUPLICATE_RECEIPT` makes the pipeline report the delivery as a duplicate.
   */
  readonly alongside?: (tx: Repositories) => Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }>;
  /**
   * The same writes as `alongside`, as data: the pipeline merges those of a whole batch into one receipt
   * INSERT and one inbound-time upsert. A port that uses it must not also run `alongside`.
   */
  readonly webhookWrites?: WebhookWrites;
}

/** The port to the pipeline; it must keep every answer (never drop), and may throw only on infrastructure failure. */
export type IngestCompletionPort = (input: CompletionInput) => Promise<unknown>;
