import { backoffDelayMs, DEFAULT_BACKOFF, parseRoutedActionPayload, ROUTING_ACTION_TYPES, type BackoffOptions, type RoutedActionPayload } from '@flowline/core';
import type { SecretBox } from '@flowline/protocol';
import type { ClaimedAction, ClaimScope, Repositories, Storage } from '@flowline/storage';
import { findConnector, type ConnectorContext, type Connectors, type Job } from './connectors/connector.js';
import { DEFAULT_CONNECTORS } from './connectors/default-connectors.js';
import { permanentFailure, type DeliveryResult } from './delivery-result.js';
import type { PrivateHttpPolicy } from './http/is-refused-address.js';

/** A structured log sink (same shape as the server's). */
export type WorkerLogger = (level: 'info' | 'warn' | 'error', event: string, fields?: Readonly<Record<string, unknown>>) => void;

/** Options of the delivery worker; everything that touches the world is passed in. */
export interface DeliveryWorkerOptions {
  readonly storage: Storage;
  /** Connectors by action type (default: every built-in connector). */
  readonly connectors?: Connectors;
  /** Jobs by action kind: actions not written by routing, whose payload the job reads itself (e.g. `media.fetch`). */
  readonly jobs?: Readonly<Record<string, Job>>;
  readonly now?: () => number;
  /** Randomness for backoff jitter, in [0, 1). */
  readonly random?: () => number;
  readonly log?: WorkerLogger;
  /** Deliveries in flight at once (default 8). */
  readonly concurrency?: number;
  /** Actions claimed per batch (default 32). */
  readonly batchSize?: number;
  /**
   * How long a claim is held before another worker may take the action over (default 15 s). The worker
   * renews the leases of its batch every `leaseMs / 3` while it delivers, so only a crashed or stuck
   * instance's actions are taken over, within `leaseMs` of its last heartbeat.
   */
  readonly leaseMs?: number;
  /** Attempts before an action is dead; the lower of this and the action's own maximum applies (default 8). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /**
   * Wait between polls when nothing is due (default 250 ms; 2,000 ms on PostgreSQL, where new actions
   * wake the worker at once through LISTEN/NOTIFY and the poll only finds retries that came due).
   */
  readonly pollMs?: number;
  readonly privateHttp?: PrivateHttpPolicy;
  readonly httpTimeoutMs?: number;
  /** Opens connector secrets sealed at rest (the server's secret box); without it a sealed secret fails its delivery. */
  readonly secrets?: SecretBox;
  readonly scope?: ClaimScope;
  /** Poll in the background (default true); false leaves batches to `runOnce` (tests, benchmarks). */
  readonly poll?: boolean;
  /** Hears of every recorded outcome (the server's metrics): the action's kind, what became of it, when the action was created (ms). */
  readonly onOutcome?: (kind: string, outcome: DeliveryOutcome, createdAt: number) => void;
}

/** What became of one delivery attempt, as recorded: delivered, to be retried, dead (a dead letter), or its lease lost to another worker. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'lease_lost';

/** A running worker. */
export interface DeliveryWorker {
  /** Claims and delivers one batch now; resolves with the number of actions claimed. */
  runOnce(): Promise<number>;
  /** Ends the poll sleep early (e.g. right after new actions were enqueued). */
  wake(): void;
  /**
   * Stops claiming, lets in-flight deliveries finish and record their results, and gives back the
   * actions of the batch not yet started (due again at once, for another instance).
   */
  stop(): Promise<void>;
  readonly stats: { claimed: number; delivered: number; retried: number; dead: number; released: number };
}

/** Default lease of a claimed action (FLOWLINE_OUTBOX_LEASE_MS in the server). */
export const DEFAULT_LEASE_MS = 15_000;

class Rollback extends Error {
  constructor(readonly result: DeliveryResult) {
    super('rollback');
  }
}

/**
 * Starts the outbox delivery worker: claims due actions with a lease, delivers each through its
 * connector, marks it delivered (with a `delivered` event) or failed with exponential backoff and
 * jitter, and dead after the maximum attempts. At least once: a crash mid-batch leaves leases that
 * expire, and the actions are claimed again with the same idempotency key.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { storage } = options;
  const connectors: Connectors = options.connectors ?? DEFAULT_CONNECTORS;
  const jobs: Readonly<Record<string, Job | undefined>> = options.jobs ?? {};
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const leaseMs = Math.max(300, options.leaseMs ?? DEFAULT_LEASE_MS);
  const maxAttempts = options.maxAttempts ?? 8;
  const pushed = storage.changes.live;
  const pollMs = options.pollMs ?? (pushed ? 2000 : 250);
  const stats = { claimed: 0, delivered: 0, retried: 0, dead: 0, released: 0 };
  const onOutcome = options.onOutcome ?? (() => undefined);
  let running = options.poll !== false;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  // A wake-up that arrives while a batch runs is kept, so the loop looks again instead of sleeping.
  let woken = false;
  const wake = (): void => {
    woken = true;
    wakeUp?.();
  };
  const unsubscribe = running && pushed ? storage.changes.subscribe('outbox', wake) : undefined;

  const deliveredEvent = (action: ClaimedAction, payload: RoutedActionPayload | undefined, at: number) => ({
    type: 'delivered' as const,
    at,
    ...(payload === undefined ? {} : { flowId: payload.submission.flowId, ...(payload.submission.version === null ? {} : { version: payload.submission.version }), ...(payload.submission.sendId === null ? {} : { sendId: payload.submission.sendId }) }),
    data: { actionId: action.id, kind: action.kind, submissionId: action.submissionId, attempt: action.attempts },
  });

  const markDelivered = async (tx: Repositories, action: ClaimedAction, payload: RoutedActionPayload | undefined, statusCode: number | undefined): Promise<boolean> => {
    const at = now();
    const marked = await tx.outbox.markDelivered(action, statusCode === undefined ? { at } : { at, statusCode });
    if (!marked.ok) return false;
    await tx.events.record(action.workspaceId, [deliveredEvent(action, payload, at)]);
    return true;
  };

  const contextFor = (action: ClaimedAction, payload: RoutedActionPayload | undefined): ConnectorContext => ({
    storage,
    now,
    privateHttp: options.privateHttp ?? 'none',
    httpTimeoutMs: options.httpTimeoutMs ?? 10_000,
    secrets: options.secrets,
    async commitDelivered(write) {
      try {
        return await storage.transaction(async (tx) => {
          const result = await write(tx);
          if (result !== undefined && result.outcome !== 'delivered') throw new Rollback(result);
          if (!(await markDelivered(tx, action, payload, undefined))) throw new Rollback({ outcome: 'retry', error: 'lease lost' });
          return { outcome: 'delivered', recorded: true };
        });
      } catch (error) {
        if (error instanceof Rollback) return error.result;
        return { outcome: 'retry', error: `storage: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  });

  const deliverOne = async (action: ClaimedAction, delivered: Delivered[]): Promise<void> => {
    const job = jobs[action.kind];
    if (job !== undefined) {
      let result: DeliveryResult;
      try {
        result = await job(action, contextFor(action, undefined));
      } catch (error) {
        result = { outcome: 'retry', error: `job threw: ${error instanceof Error ? error.message : String(error)}` };
      }
      return record(action, undefined, result, delivered);
    }
    const parsed = parseRoutedActionPayload(action.payload);
    // Routing writes the action's type as the row's kind: the connector of that kind gets only an action of its own type.
    const kind = ROUTING_ACTION_TYPES.find((t) => t === action.kind);
    const connector = parsed.ok && parsed.payload.action.type === kind ? findConnector(connectors, parsed.payload.action.type) : undefined;
    let result: DeliveryResult;
    if (!parsed.ok) result = permanentFailure(`unreadable payload: ${parsed.message}`);
    else if (kind === undefined || findConnector(connectors, kind) === undefined) result = permanentFailure(`no connector for action kind "${action.kind}"`);
    else if (connector === undefined) result = permanentFailure(`the payload holds a ${parsed.payload.action.type} action, not a ${action.kind} one`);
    else {
      try {
        result = await connector(action, parsed.payload, contextFor(action, parsed.payload));
      } catch (error) {
        // Connectors must not throw; if one does, the attempt counts as a retryable failure.
        result = { outcome: 'retry', error: `connector threw: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    const payload = parsed.ok ? parsed.payload : undefined;
    await record(action, payload, result, delivered);
  };

  /** Delivered actions of the current batch, marked together in one transaction when the batch ends. */
  type Delivered = { action: ClaimedAction; payload: RoutedActionPayload | undefined; statusCode: number | undefined };

  const record = async (action: ClaimedAction, payload: RoutedActionPayload | undefined, result: DeliveryResult, delivered: Delivered[]): Promise<void> => {
    const at = now();
    if (result.outcome === 'delivered') {
      if (result.recorded === true) {
        stats.delivered += 1;
        onOutcome(action.kind, 'delivered', action.createdAt);
      } else delivered.push({ action, payload, statusCode: result.statusCode });
      return;
    }
    const last = action.attempts >= Math.min(maxAttempts, action.maxAttempts);
    const permanent = result.outcome === 'failed' || last;
    const wait = Math.max(result.outcome === 'retry' ? (result.retryAfterMs ?? 0) : 0, backoffDelayMs(action.attempts, random, options.backoff ?? DEFAULT_BACKOFF));
    const marked = await storage.outbox.markFailed(action, { at, error: result.error, ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }), retryAt: at + wait, permanent });
    if (!marked.ok) {
      log('warn', 'outbox.lease_lost', { actionId: action.id });
      onOutcome(action.kind, 'lease_lost', action.createdAt);
      return;
    }
    onOutcome(action.kind, permanent ? 'dead' : 'retry', action.createdAt);
    if (permanent) {
      stats.dead += 1;
      log('warn', 'outbox.dead_letter', { actionId: action.id, kind: action.kind, attempts: action.attempts, error: result.error });
    } else {
      stats.retried += 1;
    }
  };

  /** One transaction for the whole batch: a multi-row update, the delivery log rows and the `delivered` events. */
  const recordDelivered = async (delivered: readonly Delivered[]): Promise<void> => {
    if (delivered.length === 0) return;
    const at = now();
    try {
      const marked = new Set(
        await storage.outbox.markDeliveredMany(
          delivered.map(({ action, payload, statusCode }) => ({ id: action.id, leaseToken: action.leaseToken, ...(statusCode === undefined ? {} : { statusCode }), event: deliveredEvent(action, payload, at) })),
          at,
        ),
      );
      stats.delivered += marked.size;
      for (const { action } of delivered) {
        if (marked.has(action.id)) onOutcome(action.kind, 'delivered', action.createdAt);
        else {
          log('warn', 'outbox.lease_lost', { actionId: action.id });
          onOutcome(action.kind, 'lease_lost', action.createdAt);
        }
      }
    } catch (error) {
      // Not recorded (storage down): the leases expire and the actions are delivered again, same idempotency keys.
      log('error', 'outbox.record_failed', { actions: delivered.length, error: error instanceof Error ? error.message : String(error) });
    }
  };

  /** Renews the leases of the batch's unfinished actions every leaseMs / 3 until `done` resolves. */
  const heartbeat = (leaseToken: string, unfinished: ReadonlySet<string>): (() => void) => {
    const timer = setInterval(() => {
      if (unfinished.size === 0) return;
      const at = now();
      storage.outbox.renewLeases(leaseToken, [...unfinished], at, at + leaseMs).catch((error: unknown) => {
        log('warn', 'outbox.heartbeat_failed', { actions: unfinished.size, error: error instanceof Error ? error.message : String(error) });
      });
    }, Math.max(100, Math.floor(leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  };

  const runOnce = async (): Promise<number> => {
    const claimed = await storage.outbox.claimDueActions(batchSize, now(), leaseMs, options.scope);
    stats.claimed += claimed.length;
    if (claimed.length === 0) return 0;
    const leaseToken = claimed[0]?.leaseToken ?? '';
    const unfinished = new Set(claimed.map((a) => a.id));
    const stopBeat = heartbeat(leaseToken, unfinished);
    const delivered: Delivered[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      // A stopping worker starts nothing new: the rest of the batch is released below.
      while (next < claimed.length && !stopping) {
        const action = claimed[next];
        next += 1;
        if (action === undefined) continue;
        try {
          await deliverOne(action, delivered);
        } catch (error) {
          // Recording failed (storage down): the lease expires and the action is claimed again.
          log('error', 'outbox.record_failed', { actionId: action.id, error: error instanceof Error ? error.message : String(error) });
        }
        // Delivered ones wait for the batch's record below and keep their lease until then.
        if (!delivered.some((d) => d.action.id === action.id)) unfinished.delete(action.id);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
      await recordDelivered(delivered);
      const notStarted = claimed.slice(next).map((a) => a.id);
      if (notStarted.length > 0) {
        try {
          const released = await storage.outbox.releaseLeases(leaseToken, notStarted, now());
          stats.released += released.length;
          log('info', 'outbox.leases_released', { actions: released.length });
        } catch (error) {
          // Not released: their leases expire within leaseMs and another instance takes them.
          log('warn', 'outbox.release_failed', { actions: notStarted.length, error: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      stopBeat();
    }
    return claimed.length;
  };

  const loop = (async () => {
    while (running) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        log('error', 'outbox.claim_failed', { error: error instanceof Error ? error.message : String(error) });
      }
      if (claimed === 0 && running && !woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = undefined;
      }
      woken = false;
    }
  })();

  return {
    runOnce,
    wake,
    stats,
    async stop() {
      running = false;
      stopping = true;
      unsubscribe?.();
      wakeUp?.();
      await loop;
    },
  };
}
