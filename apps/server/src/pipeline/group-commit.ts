import type { InboundEntry, RecordInput, RecordProblem, Repositories, Storage, StorageResult, WebhookReceiptClaim } from '@flowline/storage';

/** A unit of work for one caller: succeeds with a value, or reports a conflict that must not sink its batch. */
export type CommitWork<T> = (tx: Repositories) => Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;

/** What `record` resolves with: the ids written, or why nothing was (a storage problem, or the refusal of the caller's `alongside` work). */
export type RecordResult = StorageResult<{ submissionId: string; actionIds: string[] }, RecordProblem> | { ok: false; code: string; message: string };

/** Batches many callers' writes into one transaction (one commit) and hands each caller its own result. */
export interface GroupCommit {
  /**
   * Records one routed submission; the submissions of a batch are written with multi-row inserts.
   * `alongside` (e.g. the webhook's receipt and the contact's inbound time) runs first in the same
   * transaction; its refusal rolls the batch back and is this caller's result. `WebhookWrites` of the
   * whole batch are written together: one multi-row receipt INSERT and one inbound-time upsert.
   */
  record(input: RecordInput, alongside?: Alongside): Promise<RecordResult>;
  /** Runs arbitrary work in the next batch's transaction (the rare paths: exceptions, inbox items). */
  run<T>(work: CommitWork<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;
  /** Waits for every queued write to commit. */
  drain(): Promise<void>;
}

/** The refusal code of `alongside` work meaning "this delivery was already processed". */
export const DUPLICATE_RECEIPT = 'DUPLICATE_RECEIPT';

/**
 * A webhook's own writes described as data (its receipt claim and the sender's inbound time), so a batch
 * writes all of them with one multi-row statement each instead of a few statements per webhook.
 */
export interface WebhookWrites {
  readonly receipt: WebhookReceiptClaim;
  readonly inbound?: InboundEntry;
}

/** Work that runs with a caller's write in its transaction: a function, or webhook writes that batch. */
export type Alongside = CommitWork<unknown> | WebhookWrites;

/** Applies one webhook's writes in `tx`; refuses with `DUPLICATE_RECEIPT` when the receipt was already claimed. */
export async function applyWebhookWrites(tx: Repositories, writes: WebhookWrites): Promise<{ ok: true; value: undefined } | { ok: false; code: string; message: string }> {
  const [claimed] = await tx.channels.claimWebhookReceipts([writes.receipt]);
  if (claimed !== true) return { ok: false, code: DUPLICATE_RECEIPT, message: `${writes.receipt.key} was already processed` };
  if (writes.inbound !== undefined) await tx.contacts.recordInboundMany([writes.inbound]);
  return { ok: true, value: undefined };
}

/** Runs either form of alongside work in `tx`. */
export function runAlongside(tx: Repositories, alongside: Alongside): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
  return typeof alongside === 'function' ? alongside(tx) : applyWebhookWrites(tx, alongside);
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

type Pending =
  | { kind: 'record'; input: RecordInput; alongside: Alongside | undefined; settle: (result: RecordResult) => void; fail: (error: unknown) => void }
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
        const { alongside } = item;
        if (alongside === undefined) {
          item.settle(await storage.submissions.recordMany([item.input]).then(single));
          return;
        }
        const recorded = await storage.transaction(async (tx) => {
          const side = await runAlongside(tx, alongside);
          if (!side.ok) throw new Refused(side);
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
        const writes: WebhookWrites[] = [];
        for (const item of records) if (item.alongside !== undefined && typeof item.alongside !== 'function') writes.push(item.alongside);
        if (writes.length > 0) {
          // Any receipt already taken refuses the batch; each write then reruns alone and gets its own outcome.
          const claimed = await tx.channels.claimWebhookReceipts(writes.map((w) => w.receipt));
          if (claimed.some((c) => !c)) throw new Refused({ ok: false, code: DUPLICATE_RECEIPT, message: 'a receipt in the batch was already claimed' });
          const inbound = writes.flatMap((w) => (w.inbound === undefined ? [] : [w.inbound]));
          if (inbound.length > 0) await tx.contacts.recordInboundMany(inbound);
        }
        for (const item of records) {
          if (typeof item.alongside !== 'function') continue;
          const side = await item.alongside(tx);
          if (!side.ok) throw new Refused(side);
        }
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
    record(input, alongside) {
      return new Promise<RecordResult>((resolve, reject) => {
        queue.push({ kind: 'record', input, alongside, settle: resolve, fail: reject });
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
