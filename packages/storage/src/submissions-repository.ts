import type { SubmissionTable } from './database.js';
import { insertEvents, type EventInput, type FlowEvent } from './events-repository.js';
import { inTransaction, type Executor } from './executor.js';
import { toEpochMs, type Instant } from './instant.js';
import { isForeignKeyViolation, isUniqueViolation } from './is-unique-violation.js';
import { fromJsonText, toJsonText } from './json-text.js';
import { newId } from './new-id.js';
import { insertOutboxActions, type OutboxAction, type OutboxActionInput } from './outbox-repository.js';
import { fail, succeed, type StorageResult } from './storage-result.js';

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

/** Submissions, scoped by workspace. */
export interface SubmissionsRepository {
  /** Writes the submission, its outbox actions and its events in one transaction: all of them or none. */
  record(input: { submission: SubmissionInput; actions: readonly OutboxActionInput[]; events: readonly EventInput[] }): Promise<
    StorageResult<{ submission: Submission; actions: OutboxAction[]; events: FlowEvent[] }, SubmissionProblem>
  >;
  find(workspaceId: string, submissionId: string): Promise<Submission | undefined>;
  list(workspaceId: string, options?: { flowId?: string; sendId?: string; limit?: number }): Promise<Submission[]>;
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

/** Creates the submissions repository over a database handle. */
export function createSubmissionsRepository(db: Executor): SubmissionsRepository {
  return {
    async record({ submission, actions, events }) {
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
      try {
        // Constraints, not pre-reads, refuse duplicates and foreign sends: fewer statements on the webhook path.
        return await inTransaction(db, async (tx) => {
          await tx.insertInto('submissions').values(row).execute();
          const written = await insertOutboxActions(tx, ws, actions, row.received_at, row.id);
          const recorded = await insertEvents(tx, ws, events);
          return succeed({ submission: toSubmission(row), actions: written, events: recorded });
        });
      } catch (error) {
        // The transaction has rolled back: neither the submission nor any action or event exists.
        if (isUniqueViolation(error) && /message_id|submissions_workspace_message/.test(describeViolation(error))) {
          return fail('DUPLICATE_SUBMISSION', 'a submission with this message id was already recorded');
        }
        if (isUniqueViolation(error)) return fail('DUPLICATE_ACTION', 'an outbox action with the same idempotency key already exists (or the submission was recorded concurrently)');
        if (isForeignKeyViolation(error)) return fail('UNKNOWN_REFERENCE', 'the submission refers to a workspace or send that does not exist');
        throw error;
      }
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
  };
}
