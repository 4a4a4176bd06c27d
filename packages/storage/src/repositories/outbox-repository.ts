import { backoffDelayMs, NO_JITTER } from '@flowline/core';
import type { ExpressionBuilder } from 'kysely';
import type { Database, OutboxActionTable } from '../database.js';
import { toEventRow, type EventInput } from './events-repository.js';
import { inTransaction, type Backend, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId, newSecret } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** Where an outbox action stands. */
export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'dead' | 'erased';

/** `erased`: cancelled by a contact's erasure before delivery, its payload redacted (docs/privacy.md); never claimed or retried. */
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'delivering', 'delivered', 'failed', 'dead', 'erased'];

/** One outbound action to deliver at least once (a webhook, a ticket, a Slack post…). */
export interface OutboxAction {
  id: string;
  workspaceId: string;
  submissionId: string | null;
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** An action claimed by a worker: deliver it, then report with its lease token. */
export interface ClaimedAction extends OutboxAction {
  leaseToken: string;
}

/** What the caller supplies to enqueue an action. */
export interface OutboxActionInput {
  kind: string;
  payload: unknown;
  /** Unique per workspace; downstream systems receive it to drop duplicates. */
  idempotencyKey: string;
  maxAttempts?: number;
  notBefore?: Instant;
}

/** Narrows a claim to one workspace and/or some action kinds (per-tenant or per-connector workers). */
export interface ClaimScope {
  workspaceId?: string;
  kinds?: readonly string[];
}

/** One delivery attempt's outcome, kept for the operator view. */
export interface OutboxDelivery {
  attempt: number;
  outcome: 'delivered' | 'failed' | 'dead';
  statusCode: number | null;
  error: string | null;
  at: number;
}

/** A claimed action reported delivered, with the event to record with it. */
export interface DeliveredItem {
  id: string;
  leaseToken: string;
  statusCode?: number;
  event?: EventInput;
}

/** The outbox, shared by every workspace's actions; claims are safe for concurrent workers. */
export interface OutboxRepository {
  enqueue(workspaceId: string, actions: readonly OutboxActionInput[], at: Instant): Promise<OutboxAction[]>;
  /**
   * Leases up to `limit` due actions (pending or failed with next attempt ≤ now, or delivering with an expired
   * lease) for `leaseMs`, counting an attempt; concurrent callers never receive the same action.
   */
  claimDueActions(limit: number, now: Instant, leaseMs: number, scope?: ClaimScope): Promise<ClaimedAction[]>;
  /**
   * Extends the lease of claimed actions still delivering under `leaseToken` to `leaseUntil` (the worker's
   * heartbeat); returns the ids renewed. An action finished or taken over meanwhile is left alone.
   */
  renewLeases(leaseToken: string, ids: readonly string[], at: Instant, leaseUntil: Instant): Promise<string[]>;
  /**
   * Gives back claimed actions not yet attempted (a worker stopping with a batch in hand): they are due
   * again at once, their attempt uncounted. Returns the ids released.
   */
  releaseLeases(leaseToken: string, ids: readonly string[], at: Instant): Promise<string[]>;
  /** Marks a claimed action delivered; refused when the lease was lost to another worker. */
  markDelivered(lease: { id: string; leaseToken: string }, result: { at: Instant; statusCode?: number }): Promise<StorageResult<OutboxAction, 'LEASE_LOST'>>;
  /**
   * Marks many claimed actions delivered in one transaction (one UPDATE per lease token, one insert of
   * delivery log rows, one of `events`); returns the ids marked. An action whose lease was lost is left
   * alone and its event is not written.
   */
  markDeliveredMany(items: readonly DeliveredItem[], at: Instant): Promise<string[]>;
  /** Records a failed attempt: retried at `retryAt` (default: core's `backoffDelayMs` without jitter: 2 s doubling, ≤ 1 h), dead when permanent or out of attempts. */
  markFailed(
    lease: { id: string; leaseToken: string },
    result: { at: Instant; error: string; statusCode?: number; retryAt?: Instant; permanent?: boolean },
  ): Promise<StorageResult<OutboxAction, 'LEASE_LOST'>>;
  /** Puts a dead or failed action back in the queue with fresh attempts (operator retry). */
  requeue(workspaceId: string, actionId: string, at: Instant): Promise<boolean>;
  find(workspaceId: string, actionId: string): Promise<OutboxAction | undefined>;
  list(workspaceId: string, options?: { status?: OutboxStatus; submissionId?: string; limit?: number }): Promise<OutboxAction[]>;
  listDeliveries(workspaceId: string, actionId: string): Promise<OutboxDelivery[]>;
}

const DEFAULT_MAX_ATTEMPTS = 8;

/** An outbox action as read from its row. */
export function toOutboxAction(row: OutboxActionTable): OutboxAction {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    submissionId: row.submission_id,
    kind: row.kind,
    payload: fromJsonText(row.payload),
    idempotencyKey: row.idempotency_key,
    status: OUTBOX_STATUSES.find((s) => s === row.status) ?? 'pending',
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The rows of new pending outbox actions (ids are fresh). */
export function toOutboxRows(workspaceId: string, actions: readonly OutboxActionInput[], at: Instant, submissionId: string | null): OutboxActionTable[] {
  const ms = toEpochMs(at);
  return actions.map((a) => ({
    id: newId(),
    workspace_id: workspaceId,
    submission_id: submissionId,
    kind: a.kind,
    payload: toJsonText(a.payload),
    idempotency_key: a.idempotencyKey,
    status: 'pending',
    attempts: 0,
    max_attempts: a.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    next_attempt_at: a.notBefore === undefined ? ms : toEpochMs(a.notBefore),
    lease_token: null,
    lease_until: null,
    last_error: null,
    created_at: ms,
    updated_at: ms,
  }));
}

/** Inserts outbox rows on a handle (the pool or the transaction of their cause). */
export async function insertOutboxActions(db: Executor, workspaceId: string, actions: readonly OutboxActionInput[], at: Instant, submissionId: string | null): Promise<OutboxAction[]> {
  const rows = toOutboxRows(workspaceId, actions, at, submissionId);
  if (rows.length > 0) await db.insertInto('outbox_actions').values(rows).execute();
  return rows.map(toOutboxAction);
}

/** Creates the outbox repository; claims use one write transaction on SQLite and FOR UPDATE SKIP LOCKED on PostgreSQL. */
export function createOutboxRepository(db: Executor, backend: Backend): OutboxRepository {
  const finish = (
    lease: { id: string; leaseToken: string },
    at: Instant,
    decide: (row: OutboxActionTable) => { status: 'delivered' | 'failed' | 'dead'; nextAttemptAt: number; error: string | null; statusCode: number | null },
  ) => {
    const ms = toEpochMs(at);
    return inTransaction(db, async (tx): Promise<StorageResult<OutboxAction, 'LEASE_LOST'>> => {
      const current = await tx
        .selectFrom('outbox_actions')
        .selectAll()
        .where('id', '=', lease.id)
        .where('lease_token', '=', lease.leaseToken)
        .where('status', '=', 'delivering')
        .$if(backend === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!current) return fail('LEASE_LOST', 'the lease expired and the action was claimed again or finished');
      const outcome = decide(current);
      const row = await tx
        .updateTable('outbox_actions')
        .set({ status: outcome.status, next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error, lease_token: null, lease_until: null, updated_at: ms })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('outbox_deliveries')
        .values({ id: newId(), workspace_id: current.workspace_id, action_id: current.id, attempt: current.attempts, outcome: outcome.status, status_code: outcome.statusCode, error: outcome.error, at: ms })
        .execute();
      return succeed(toOutboxAction(row));
    });
  };

  const markDeliveredMany = (items: readonly DeliveredItem[], at: Instant): Promise<string[]> => {
    if (items.length === 0) return Promise.resolve([]);
    const ms = toEpochMs(at);
    const byToken = new Map<string, DeliveredItem[]>();
    for (const item of items) byToken.set(item.leaseToken, [...(byToken.get(item.leaseToken) ?? []), item]);
    return inTransaction(db, async (tx) => {
      const marked: { id: string; workspace_id: string; attempts: number }[] = [];
      for (const [leaseToken, group] of byToken) {
        // Atomic on both backends: a lease taken over meanwhile no longer matches the token.
        const rows = await tx
          .updateTable('outbox_actions')
          .set({ status: 'delivered', last_error: null, lease_token: null, lease_until: null, updated_at: ms })
          .where('lease_token', '=', leaseToken)
          .where('status', '=', 'delivering')
          .where('id', 'in', group.map((g) => g.id))
          .returning(['id', 'workspace_id', 'attempts'])
          .execute();
        marked.push(...rows);
      }
      if (marked.length === 0) return [];
      const byId = new Map(items.map((item) => [item.id, item]));
      await tx
        .insertInto('outbox_deliveries')
        .values(marked.map((row) => ({ id: newId(), workspace_id: row.workspace_id, action_id: row.id, attempt: row.attempts, outcome: 'delivered', status_code: byId.get(row.id)?.statusCode ?? null, error: null, at: ms })))
        .execute();
      const events = marked.flatMap((row) => {
        const event = byId.get(row.id)?.event;
        return event === undefined ? [] : [toEventRow(row.workspace_id, event)];
      });
      if (events.length > 0) await tx.insertInto('events').values(events).execute();
      return marked.map((row) => row.id);
    });
  };

  return {
    markDeliveredMany,

    async renewLeases(leaseToken, ids, at, leaseUntil) {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('outbox_actions')
        .set({ lease_until: toEpochMs(leaseUntil), updated_at: toEpochMs(at) })
        .where('lease_token', '=', leaseToken)
        .where('status', '=', 'delivering')
        .where('id', 'in', [...ids])
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async releaseLeases(leaseToken, ids, at) {
      if (ids.length === 0) return [];
      const ms = toEpochMs(at);
      const rows = await db
        .updateTable('outbox_actions')
        .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), next_attempt_at: ms, lease_token: null, lease_until: null, updated_at: ms }))
        .where('lease_token', '=', leaseToken)
        .where('status', '=', 'delivering')
        .where('id', 'in', [...ids])
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    enqueue: (workspaceId, actions, at) => inTransaction(db, (tx) => insertOutboxActions(tx, workspaceId, actions, at, null)),

    async claimDueActions(limit, now, leaseMs, scope = {}) {
      const { workspaceId, kinds } = scope;
      const ms = toEpochMs(now);
      const leaseToken = newSecret(16);
      const claimable = (eb: ExpressionBuilder<Database, 'outbox_actions'>) =>
        eb.or([
          eb.and([eb('status', 'in', ['pending', 'failed']), eb('next_attempt_at', '<=', ms)]),
          eb.and([eb('status', '=', 'delivering'), eb('lease_until', '<=', ms)]),
        ]);
      // An idle poll must not take the write lock: on SQLite a write transaction waits, synchronously and
      // on the caller's thread, for any other writer (the endpoint's write-behind trace). A plain read
      // never waits in WAL mode, so look first and open the transaction only when there is work.
      const anything = await db
        .selectFrom('outbox_actions')
        .select('id')
        .where(claimable)
        .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId ?? ''))
        .$if(kinds !== undefined, (q) => q.where('kind', 'in', kinds && kinds.length > 0 ? [...kinds] : ['']))
        .limit(1)
        .executeTakeFirst();
      if (anything === undefined) return [];
      return inTransaction(db, async (tx) => {
        // An action whose final attempt crashed mid-delivery is dead, not retried forever.
        await tx
          .updateTable('outbox_actions')
          .set({ status: 'dead', lease_token: null, lease_until: null, last_error: 'lease expired on the final attempt', updated_at: ms })
          .where('status', '=', 'delivering')
          .where('lease_until', '<=', ms)
          .whereRef('attempts', '>=', 'max_attempts')
          .execute();
        const due = await tx
          .selectFrom('outbox_actions')
          .select('id')
          .where(claimable)
          .$if(workspaceId !== undefined, (q) => q.where('workspace_id', '=', workspaceId ?? ''))
          .$if(kinds !== undefined, (q) => q.where('kind', 'in', kinds && kinds.length > 0 ? [...kinds] : ['']))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .$if(backend === 'postgres', (q) => q.forUpdate().skipLocked())
          .execute();
        if (due.length === 0) return [];
        const rows = await tx
          .updateTable('outbox_actions')
          .set((eb) => ({ status: 'delivering', attempts: eb('attempts', '+', 1), lease_token: leaseToken, lease_until: ms + leaseMs, updated_at: ms }))
          .where('id', 'in', due.map((d) => d.id))
          .returningAll()
          .execute();
        return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id.localeCompare(b.id)).map((row) => ({ ...toOutboxAction(row), leaseToken }));
      });
    },

    markDelivered: (lease, result) =>
      finish(lease, result.at, (row) => ({ status: 'delivered', nextAttemptAt: row.next_attempt_at, error: null, statusCode: result.statusCode ?? null })),

    markFailed: (lease, result) =>
      finish(lease, result.at, (row) => {
        const dead = result.permanent === true || row.attempts >= row.max_attempts;
        const retryAt = result.retryAt === undefined ? toEpochMs(result.at) + backoffDelayMs(row.attempts, NO_JITTER) : toEpochMs(result.retryAt);
        return { status: dead ? 'dead' : 'failed', nextAttemptAt: dead ? row.next_attempt_at : retryAt, error: result.error, statusCode: result.statusCode ?? null };
      }),

    async requeue(workspaceId, actionId, at) {
      const ms = toEpochMs(at);
      const result = await db
        .updateTable('outbox_actions')
        .set({ status: 'pending', attempts: 0, next_attempt_at: ms, updated_at: ms })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', actionId)
        .where('status', 'in', ['dead', 'failed'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async find(workspaceId, actionId) {
      const row = await db.selectFrom('outbox_actions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', actionId).executeTakeFirst();
      return row && toOutboxAction(row);
    },

    async list(workspaceId, options = {}) {
      const { status, submissionId } = options;
      const rows = await db
        .selectFrom('outbox_actions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(status !== undefined, (q) => q.where('status', '=', status ?? ''))
        .$if(submissionId !== undefined, (q) => q.where('submission_id', '=', submissionId ?? ''))
        .orderBy('created_at')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toOutboxAction);
    },

    async listDeliveries(workspaceId, actionId) {
      const rows = await db
        .selectFrom('outbox_deliveries')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('action_id', '=', actionId)
        .orderBy('attempt')
        .execute();
      return rows.map((r) => ({
        attempt: r.attempt,
        outcome: r.outcome === 'delivered' ? 'delivered' : r.outcome === 'dead' ? 'dead' : 'failed',
        statusCode: r.status_code,
        error: r.error,
        at: r.at,
      }));
    },
  };
}
