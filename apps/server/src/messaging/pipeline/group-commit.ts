import type { RecordInput, RecordProblem, Repositories, Storage, StorageResult } from '@flowline/storage';

/** A unit of work for one caller: succeeds with a value, or reports a conflict that must not sink its batch. */
export type CommitWork<T> = (tx: Repositories) => Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;

/** What `record` resolves with: the ids written, or why nothing was (a storage problem, or `ALREADY_PROCESSED` when the caller's writes were refused). */
export type RecordResult = StorageResult<{ submissionId: string; actionIds: string[] }, RecordProblem> | { ok: false; code: string; message: string };

/** Batches many callers' writes into one transaction (one commit) and hands each caller its own result. */
export interface GroupCommit {
  /**
   * Records one routed submission; the submissions of a batch are written with multi-row inserts.
   * The caller's `writes` run first in the same transaction, merged with the other callers' of the batch
   * (see CallerWrites); their refusal rolls the batch back and is this caller's result.
   */
  record(input: RecordInput, writes?: CallerWrites): Promise<RecordResult>;
  /** Runs arbitrary work in the next batch's transaction (the rare paths: exceptions, inbox items). */
  run<T>(work: CommitWork<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;
  /** Waits for every queued write to commit. */
  drain(): Promise<void>;
}

/** The refusal code of a caller whose writes were refused: its delivery was already processed. */
export const ALREADY_PROCESSED = 'ALREADY_PROCESSED';

/**
 * Writes a caller commits in the same transaction as its answer (e.g. the webhook's receipt and the sender's
 * inbound time), given as data with the function that writes them: a batch hands each `writeMany` the values
 * of all its callers that passed that same function, so they become multi-row statements. `writeMany`
 * resolves false when any value must not commit because its delivery was already processed (the batch then
 * reruns each caller alone, and the refused one is told `ALREADY_PROCESSED`); it throws only on an
 * infrastructure failure.
 */
export interface CallerWrites<T = unknown> {
  readonly value: T;
  // A method, so a `CallerWrites<X>` is a `CallerWrites`: values reach only the function they came with.
  writeMany(tx: Repositories, values: readonly T[]): Promise<boolean>;
}

/** Applies one caller's writes in `tx`; false when its delivery was already processed. */
export function applyCallerWrites(tx: Repositories, writes: CallerWrites): Promise<boolean> {
  return writes.writeMany(tx, [writes.value]);
}

/** The refusal handed to a caller whose writes were refused. */
export function alreadyProcessed(): { ok: false; code: string; message: string } {
  return { ok: false, code: ALREADY_PROCESSED, message: 'the delivery was already processed' };
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

type Pending =
  | { kind: 'record'; input: RecordInput; writes: CallerWrites | undefined; settle: (result: RecordResult) => void; fail: (error: unknown) => void }
  | { kind: 'work'; work: CommitWork<unknown>; settle: (result: Outcome) => void; fail: (error: unknown) => void };

/** Thrown inside a transaction to roll it back; carries the refusal to hand to the caller. */
class Refused extends Error {
  constructor(readonly result: { ok: false; code: string; message: string }) {
    super(result.message);
  }
}

/**
 * Group commit: writes that arrive while a batch commits wait for the next batch (at most `maxBatch`).
 * A batch is one transaction: one `recordMany` (three multi-row inserts and one UPDATE of sends) for all
 * its submissions, then any other work. If anything in it is refused or throws, the batch rolls back
 * and each write reruns in its own transaction, so one duplicate never fails its neighbours.
 */
export function createGroupCommit(storage: Storage, options: { maxBatch?: number } = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 64;
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;

  const runAlone = async (item: Pending): Promise<void> => {
    try {
      if (item.kind === 'record') {
        const { writes } = item;
        if (writes === undefined) {
          item.settle(await storage.submissions.recordMany([item.input]).then(single));
          return;
        }
        const recorded = await storage.transaction(async (tx) => {
          if (!(await applyCallerWrites(tx, writes))) throw new Refused(alreadyProcessed());
          const r = single(await tx.submissions.recordMany([item.input]));
          if (!r.ok) throw new Refused(r);
          return r;
        });
        item.settle(recorded);
        return;
      }
      const result = await storage.transaction(async (tx) => {
        const r = await item.work(tx);
        // A refusal must not commit the work's earlier writes.
        if (!r.ok) throw new Refused(r);
        return r;
      });
      item.settle(result);
    } catch (error) {
      if (!(error instanceof Refused)) item.fail(error);
      else if (item.kind === 'work') item.settle(error.result);
      else item.settle(error.result);
    }
  };

  const runBatch = async (batch: readonly Pending[]): Promise<boolean> => {
    const records = batch.filter((p) => p.kind === 'record');
    const works = batch.filter((p) => p.kind === 'work');
    try {
      const { recorded, done } = await storage.transaction(async (tx) => {
        // Each writer gets every value of the batch at once; any refusal refuses the batch, which then reruns alone.
        const groups = new Map<CallerWrites['writeMany'], { writes: CallerWrites; values: unknown[] }>();
        for (const { writes } of records) {
          if (writes === undefined) continue;
          const group = groups.get(writes.writeMany);
          if (group === undefined) groups.set(writes.writeMany, { writes, values: [writes.value] });
          else group.values.push(writes.value);
        }
        for (const { writes, values } of groups.values()) if (!(await writes.writeMany(tx, values))) throw new Refused(alreadyProcessed());
        const many = records.length === 0 ? undefined : await tx.submissions.recordMany(records.map((r) => r.input));
        if (many !== undefined && !many.ok) throw new Refused(many);
        const out: Outcome[] = [];
        for (const item of works) {
          const r = await item.work(tx);
          if (!r.ok) throw new Refused(r);
          out.push(r);
        }
        return { recorded: many?.value ?? [], done: out };
      });
      records.forEach((item, i) => {
        const value = recorded[i];
        if (value !== undefined) item.settle({ ok: true, value });
      });
      works.forEach((item, i) => {
        const value = done[i];
        if (value !== undefined) item.settle(value);
      });
      return true;
    } catch {
      return false;
    }
  };

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const first = batch[0];
      if (batch.length === 1 && first !== undefined) {
        await runAlone(first);
        continue;
      }
      if (!(await runBatch(batch))) for (const item of batch) await runAlone(item);
    }
  };

  const schedule = (): void => {
    // Yield once so callers arriving in the same tick join the batch.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush).finally(() => {
      running = undefined;
      if (queue.length > 0) schedule();
    });
  };

  return {
    record(input, writes) {
      return new Promise<RecordResult>((resolve, reject) => {
        queue.push({ kind: 'record', input, writes, settle: resolve, fail: reject });
        schedule();
      });
    },
    run<T>(work: CommitWork<T>) {
      return new Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>((resolve, reject) => {
        queue.push({
          kind: 'work',
          work: (tx) => work(tx),
          // The value came from this caller's own work function, so it has type T.
          settle: (result) => resolve(result as { ok: true; value: T } | { ok: false; code: string; message: string }),
          fail: reject,
        });
        schedule();
      });
    },
    async drain() {
      while (running !== undefined) await running;
    },
  };
}

function single(result: StorageResult<{ submissionId: string; actionIds: string[] }[], RecordProblem>): RecordResult {
  if (!result.ok) return result;
  const value = result.value[0];
  return value === undefined ? { ok: false, code: 'UNKNOWN_REFERENCE', message: 'nothing was recorded' } : { ok: true, value };
}
