import { startDeliveryWorker, type DeliveryWorker } from '@flowline/worker';
import type { ServerContext } from '../server-context.js';
import { startRetirementCheck } from '../whatsapp/retirement-check.js';
import { createIngestDeps, type IngestDeps } from './ingest-deps.js';

const ingestDeps = new WeakMap<ServerContext, IngestDeps>();
const workers = new WeakMap<ServerContext, DeliveryWorker>();
const retirementChecks = new WeakSet<ServerContext>();

/** The ingestion dependencies of a server process (one group commit and cache per process); pass them to ingestCompletion. */
export function pipelineFor(context: ServerContext): IngestDeps {
  let deps = ingestDeps.get(context);
  if (deps === undefined) {
    const created = createIngestDeps(context.storage, { now: () => context.now().getTime() });
    context.onClose(() => created.commit.drain());
    ingestDeps.set(context, created);
    deps = created;
  }
  return deps;
}

/**
 * Starts the server's background work: the check of retiring Meta Flows (every
 * FLOWLINE_META_RETIRE_CHECK_SECONDS) and, unless FLOWLINE_WORKER=off, the outbox delivery worker. Both stop when the server closes.
 */
export function startPipeline(context: ServerContext): DeliveryWorker | undefined {
  pipelineFor(context);
  if (context.whatsapp !== undefined && !retirementChecks.has(context)) {
    const check = startRetirementCheck(context.whatsapp.lifecycle, context.log, context.config.retireCheckSeconds * 1000);
    retirementChecks.add(context);
    context.onClose(() => check.stop());
  }
  if (!context.config.deliveryWorker || workers.has(context)) return workers.get(context);
  const worker = startDeliveryWorker({ storage: context.storage, now: () => context.now().getTime(), log: context.log, privateHttp: context.config.allowPrivateHttp, secrets: context.secrets, onOutcome: context.metrics.observeDelivery });
  workers.set(context, worker);
  context.onClose(() => worker.stop());
  return worker;
}
