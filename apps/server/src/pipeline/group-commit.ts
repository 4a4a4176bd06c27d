import type { Repositories, Storage } from '@flowline/storage';

/** A unit of work for one caller: succeeds with a value, or reports a conflict that must not sink its batch. */
export type CommitWork<T> = (tx: Repositories) => Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;

/** Batches many callers' writes into one transaction (one commit) and hands each caller its own result. */
export interface GroupCommit {
  run<T>(work: CommitWork<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>;
  /** Waits for every queued write to commit. */
  drain(): Promise<void>;
}

interface Pending {
  work: CommitWork<unknown>;
  settle: (result: { ok: true; value: unknown } | { ok: false; code: string; message: string }) => void;
  fail: (error: unknown) => void;
}

class BatchConflict extends Error {}

/**
 * Group commit: writes that arrive while a batch commits wait for the next batch (at most `maxBatch`).
 * If any work in a batch reports a conflict or throws, the batch rolls back and each work reruns in
 * its own transaction, so one duplicate never fails its neighbours.
 */
export function createGroupCommit(storage: Storage, options: { maxBatch?: number } = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 64;
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;

  const runAlone = async (item: Pending): Promise<void> => {
    try {
      item.settle(await storage.transaction((tx) => item.work(tx)));
    } catch (error) {
      item.fail(error);
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
      let results: { ok: true; value: unknown }[] | undefined;
      try {
        results = await storage.transaction(async (tx) => {
          const out: { ok: true; value: unknown }[] = [];
          for (const item of batch) {
            const r = await item.work(tx);
            if (!r.ok) throw new BatchConflict();
            out.push(r);
          }
          return out;
        });
      } catch {
        results = undefined;
      }
      if (results === undefined) {
        for (const item of batch) await runAlone(item);
      } else {
        batch.forEach((item, i) => {
          const r = results?.[i];
          if (r !== undefined) item.settle(r);
        });
      }
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
    run<T>(work: CommitWork<T>) {
      return new Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>((resolve, reject) => {
        const wrapped: CommitWork<unknown> = (tx) => work(tx);
        queue.push({
          work: wrapped,
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
