import { sql } from 'kysely';
import type { EventTable, OutboxActionTable, SubmissionTable } from '../database.js';
import { toEventRow, toFlowEvent, type EventInput, type FlowEvent } from './events-repository.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { attachUploads, type MediaUploadClaim } from './media-repository.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isForeignKeyViolation, isUniqueViolation } from '../dialect/is-unique-violation.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';
import { toOutboxAction, toOutboxRows, type OutboxAction, type OutboxActionInput } from './outbox-repository.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** A completed Flow's answers, with the result of checking them against the Flow's answer contract. */
export interface Submission {
  id: string;
  workspaceId: string;
  flowId: string;
  version: number | null;
  sendId: string | null;
  flowToken: string | null;
  messageId: string | null;
  answers: unknown;
  contract: { ok: boolean; problems: unknown[] };
  receivedAt: number;
}

/** What the caller supplies to record a submission. */
export interface SubmissionInput {
  /** A caller-chosen id (e.g. to derive idempotency keys before writing); a fresh UUID otherwise. */
  id?: string;
  workspaceId: string;
  flowId: string;
  version?: number;
  sendId?: string;
  flowToken?: string;
  /** The WhatsApp message id (wamid) of the completion; a second submission with the same id is refused. */
  messageId?: string;
  answers: unknown;
  contract: { ok: boolean; problems: readonly unknown[] };
  receivedAt: Instant;
}

/** Why a submission was not recorded; nothing was written. */
export type SubmissionProblem = 'DUPLICATE_SUBMISSION' | 'DUPLICATE_ACTION' | 'UNKNOWN_REFERENCE';

/** Why a submission was not recorded; nothing was written. */
export type RecordProblem = SubmissionProblem | 'SEND_ALREADY_COMPLETED';

/** One submission with the outbox actions and events it causes. */
export interface RecordInput {
  submission: SubmissionInput;
  actions: readonly OutboxActionInput[];
  events: readonly EventInput[];
  /** Also mark the submission's send `completed`; refused (SEND_ALREADY_COMPLETED) when it already is, so a send is answered once. */
  completeSend?: boolean;
  /** Sandbox uploads the answer refers to: they become the submission's files in the same transaction (`attachUploads`). */
  uploads?: readonly MediaUploadClaim[];
}

/** Submissions, scoped by workspace. */
export interface SubmissionsRepository {
  /**
   * Writes the submission, its outbox actions and its events in one transaction: all of them or none.
   * Inside a caller's transaction a refusal leaves that transaction for the caller to roll back.
   */
  record(input: RecordInput): Promise<StorageResult<{ submission: Submission; actions: OutboxAction[]; events: FlowEvent[] }, RecordProblem>>;
  /**
   * Writes many submissions (any workspaces) with multi-row inserts: a few statements for the whole
   * batch. All or nothing: one refusal (a duplicate message id, a send already answered…) writes none.
   */
  recordMany(inputs: readonly RecordInput[]): Promise<StorageResult<{ submissionId: string; actionIds: string[] }[], RecordProblem>>;
  find(workspaceId: string, submissionId: string): Promise<Submission | undefined>;
  list(workspaceId: string, options?: { flowId?: string; sendId?: string; limit?: number }): Promise<Submission[]>;
  /**
   * One page of a Flow's submissions, oldest first, for reading them all in constant memory: pass the
   * last submission of a page as `after` to get the next (keyset paging: no offset, no missed rows).
   */
  page(workspaceId: string, options: SubmissionPageOptions): Promise<Submission[]>;
}

/** Which of a Flow's submissions `page` reads. */
export interface SubmissionPageOptions {
  flowId: string;
  /** Received at or after (epoch ms). */
  since?: number;
  /** Received before (epoch ms). */
  until?: number;
  /** Only those whose answers met (true) or broke (false) the contract. */
  contractOk?: boolean;
  /** The last submission of the previous page. */
  after?: { receivedAt: number; id: string };
  limit: number;
}

function toSubmission(row: SubmissionTable): Submission {
  const problems = fromJsonText(row.contract_problems);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    version: row.version,
    sendId: row.send_id,
    flowToken: row.flow_token,
    messageId: row.message_id,
    answers: fromJsonText(row.answers),
    contract: { ok: row.contract_ok === 1, problems: Array.isArray(problems) ? problems : [] },
    receivedAt: row.received_at,
  };
}

/** The constraint text of a driver error (SQLite names columns in the message, PostgreSQL the constraint). */
function describeViolation(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const constraint = 'constraint' in error && typeof error.constraint === 'string' ? error.constraint : '';
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return `${constraint} ${message}`;
}

class SendAlreadyCompleted extends Error {}

interface RecordedRows {
  submission: SubmissionTable;
  actions: OutboxActionTable[];
  events: EventTable[];
}

function toRows({ submission, actions, events }: RecordInput): RecordedRows {
  const ws = submission.workspaceId;
  const row: SubmissionTable = {
    id: submission.id ?? newId(),
    workspace_id: ws,
    flow_id: submission.flowId,
    version: submission.version ?? null,
    send_id: submission.sendId ?? null,
    flow_token: submission.flowToken ?? null,
    message_id: submission.messageId ?? null,
    answers: toJsonText(submission.answers),
    contract_ok: submission.contract.ok ? 1 : 0,
    contract_problems: toJsonText(submission.contract.problems),
    received_at: toEpochMs(submission.receivedAt),
  };
  return { submission: row, actions: toOutboxRows(ws, actions, row.received_at, row.id), events: events.map((e) => toEventRow(ws, e)) };
}

/**
 * Marks the sends of `completeSend` inputs completed with one UPDATE per workspace; false when any of
 * them was already completed (or is named twice), so one send never takes two routed answers.
 */
async function completeSends(tx: Executor, inputs: readonly RecordInput[], rows: readonly RecordedRows[]): Promise<boolean> {
  const byWorkspace = new Map<string, Map<string, number>>();
  for (const [i, input] of inputs.entries()) {
    const sendId = input.submission.sendId;
    const at = rows[i]?.submission.received_at;
    if (input.completeSend !== true || sendId === undefined || at === undefined) continue;
    const sends = byWorkspace.get(input.submission.workspaceId) ?? new Map<string, number>();
    if (sends.has(sendId)) return false;
    sends.set(sendId, at);
    byWorkspace.set(input.submission.workspaceId, sends);
  }
  for (const [ws, sends] of byWorkspace) {
    const ids = [...sends.keys()];
    // Each send keeps its own answer time: CASE id WHEN … THEN … END.
    const updatedAt = sql<number>`case id ${sql.join(
      [...sends].map(([id, at]) => sql`when ${id} then cast(${at} as bigint)`),
      sql` `,
    )} end`;
    const result = await tx
      .updateTable('sends')
      .set({ status: 'completed', updated_at: updatedAt })
      .where('workspace_id', '=', ws)
      .where('id', 'in', ids)
      .where('status', '<>', 'completed')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== ids.length) return false;
  }
  return true;
}

/** Creates the submissions repository over a database handle. */
export function createSubmissionsRepository(db: Executor): SubmissionsRepository {
  const write = async (inputs: readonly RecordInput[]): Promise<StorageResult<RecordedRows[], RecordProblem>> => {
    const rows = inputs.map(toRows);
    try {
      // Constraints, not pre-reads, refuse duplicates and foreign sends: a few statements per batch.
      return await inTransaction(db, async (tx) => {
        // Sends first: a refusal here happens before anything else is written.
        if (!(await completeSends(tx, inputs, rows))) throw new SendAlreadyCompleted();
        await tx.insertInto('submissions').values(rows.map((r) => r.submission)).execute();
        const actions = rows.flatMap((r) => r.actions);
        if (actions.length > 0) await tx.insertInto('outbox_actions').values(actions).execute();
        const events = rows.flatMap((r) => r.events);
        if (events.length > 0) await tx.insertInto('events').values(events).execute();
        for (const [i, input] of inputs.entries()) {
          const row = rows[i]?.submission;
          if (input.uploads !== undefined && input.uploads.length > 0 && row !== undefined) await attachUploads(tx, row.workspace_id, row.id, input.uploads, row.received_at);
        }
        return succeed(rows);
      });
    } catch (error) {
      // Our own transaction has rolled back: no submission, action or event exists.
      if (error instanceof SendAlreadyCompleted) return fail('SEND_ALREADY_COMPLETED', 'the send was already answered (or is not a send of this workspace)');
      if (isUniqueViolation(error) && /message_id|submissions_workspace_message/.test(describeViolation(error))) {
        return fail('DUPLICATE_SUBMISSION', 'a submission with this message id was already recorded');
      }
      if (isUniqueViolation(error)) return fail('DUPLICATE_ACTION', 'an outbox action with the same idempotency key already exists (or the submission was recorded concurrently)');
      if (isForeignKeyViolation(error)) return fail('UNKNOWN_REFERENCE', 'the submission refers to a workspace or send that does not exist');
      throw error;
    }
  };

  return {
    async record(input) {
      const written = await write([input]);
      if (!written.ok) return written;
      const rows = written.value[0];
      if (rows === undefined) throw new Error('recordMany returned no rows');
      // Built from the inputs, not read back: the columns hold exactly these values.
      return succeed({
        submission: { ...toSubmission(rows.submission), answers: input.submission.answers },
        actions: rows.actions.map((row, i) => ({ ...toOutboxAction(row), payload: input.actions[i]?.payload })),
        events: rows.events.map((row, i) => ({ ...toFlowEvent(row), data: input.events[i]?.data })),
      });
    },
    async recordMany(inputs) {
      if (inputs.length === 0) return succeed([]);
      const written = await write(inputs);
      if (!written.ok) return written;
      return succeed(written.value.map((r) => ({ submissionId: r.submission.id, actionIds: r.actions.map((a) => a.id) })));
    },
    async find(workspaceId, submissionId) {
      const row = await db.selectFrom('submissions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', submissionId).executeTakeFirst();
      return row && toSubmission(row);
    },
    async list(workspaceId, options = {}) {
      const { flowId, sendId } = options;
      const rows = await db
        .selectFrom('submissions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .$if(sendId !== undefined, (q) => q.where('send_id', '=', sendId ?? ''))
        .orderBy('received_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toSubmission);
    },
    async page(workspaceId, options) {
      const { flowId, since, until, contractOk, after } = options;
      const rows = await db
        .selectFrom('submissions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('flow_id', '=', flowId)
        .$if(since !== undefined, (q) => q.where('received_at', '>=', since ?? 0))
        .$if(until !== undefined, (q) => q.where('received_at', '<', until ?? 0))
        .$if(contractOk !== undefined, (q) => q.where('contract_ok', '=', contractOk === true ? 1 : 0))
        // A row-value comparison, not `a > x OR (a = x AND id > y)`: both databases read it as one index range.
        .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('received_at', 'id'), '>', eb.tuple(after?.receivedAt ?? 0, after?.id ?? ''))))
        .orderBy('received_at')
        .orderBy('id')
        .limit(options.limit)
        .execute();
      return rows.map(toSubmission);
    },
  };
}
