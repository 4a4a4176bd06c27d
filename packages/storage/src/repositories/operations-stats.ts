import { sql } from 'kysely';
import type { Executor } from '../dialect/executor.js';

/** The outbox statuses that are not finished; `delivered` rows are history and never counted here. */
const OPEN_STATUSES = ['pending', 'delivering', 'failed', 'dead'] as const;

/** An open outbox status (`dead` = dead letters, waiting for an operator). */
export type OpenOutboxStatus = (typeof OPEN_STATUSES)[number];

/**
 * What an operator's monitoring reads about the whole deployment (every workspace at once: counts and
 * ages only, never a row's content). Read by `GET /metrics` at scrape time, not on any request path.
 */
export interface OperationsStats {
  /** Outbox actions by open status. */
  readonly outbox: Readonly<Record<OpenOutboxStatus, number>>;
  /** Age in ms of the oldest action not delivered yet (pending, delivering or failed); 0 when there is none. */
  readonly outboxOldestAgeMs: number;
}

/**
 * Counts the open outbox actions by status with their oldest creation time, in one query over the
 * `(status, next_attempt_at)` index: delivered rows, the bulk of the table, are not read.
 */
export async function readOperationsStats(db: Executor, nowMs: number): Promise<OperationsStats> {
  const rows = await db
    .selectFrom('outbox_actions')
    .select(['status', sql<number>`count(*)`.as('n'), sql<number | null>`min(created_at)`.as('oldest')])
    .where('status', 'in', [...OPEN_STATUSES])
    .groupBy('status')
    .execute();
  const outbox: Record<OpenOutboxStatus, number> = { pending: 0, delivering: 0, failed: 0, dead: 0 };
  let oldest: number | undefined;
  for (const row of rows) {
    const status = OPEN_STATUSES.find((s) => s === row.status);
    if (status === undefined) continue;
    outbox[status] = Number(row.n);
    if (status !== 'dead' && row.oldest !== null) oldest = Math.min(oldest ?? Number(row.oldest), Number(row.oldest));
  }
  return { outbox, outboxOldestAgeMs: oldest === undefined ? 0 : Math.max(0, nowMs - oldest) };
}
