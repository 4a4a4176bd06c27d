import { MEDIA_FETCH_KIND } from '@flowline/core';
import { createMediaFetchJob, startDeliveryWorker, type DeliveryWorker, type ResolveCloudMedia } from '@flowline/worker';
import type { ServerContext } from '../server-context.js';
import { createCloudMediaResolver } from '../media/resolve-cloud-media.js';
import { startRetirementCheck } from '../whatsapp/retirement-check.js';
import { createIngestDeps, type IngestDeps } from './ingest-deps.js';

const ingestDeps = new WeakMap<ServerContext, IngestDeps>();
const workers = new WeakMap<ServerContext, DeliveryWorker>();
const retirementChecks = new WeakSet<ServerContext>();

/** The ingestion dependencies of a server process (one group commit and cache per process); pass them to ingestCompletion. */
export function pipelineFor(context: ServerContext): IngestDeps {
  let deps = ingestDeps.get(context);
  if (deps === undefined) {
    const pushed = context.storage.changes.live;
    // Rules are cached per process: on PostgreSQL a change anywhere forgets them at once (the TTL only
    // bounds a lost notification); on SQLite they are read again after one second.
    const created = createIngestDeps(context.storage, { now: () => context.now().getTime(), rulesTtlMs: pushed ? 5000 : 1000 });
    const unsubscribe = pushed
      ? context.storage.changes.subscribe('config', (table) => {
        if (table === undefined || table === 'routing_rules') created.invalidateRules();
      })
      : undefined;
    context.onClose(() => {
      unsubscribe?.();
      return created.commit.drain();
    });
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
  const worker = startDeliveryWorker({
    storage: context.storage, now: () => context.now().getTime(), log: context.log, privateHttp: context.config.allowPrivateHttp, secrets: context.secrets, leaseMs: context.config.outboxLeaseMs,
    onOutcome: context.metrics.observeDelivery,
    jobs: { [MEDIA_FETCH_KIND]: createMediaFetchJob({ store: context.mediaStore, maxBytes: context.config.media.maxBytes, timeoutMs: context.config.media.timeoutMs, ...cloudMediaOf(context) }) },
  });
  workers.set(context, worker);
  context.onClose(() => worker.stop());
  return worker;
}

/** §6.3 files are fetched as the workspace's WhatsApp connection (none without the WhatsApp service, as in API tests). */
function cloudMediaOf(context: ServerContext): { resolveCloudMedia?: ResolveCloudMedia } {
  const whatsapp = context.whatsapp;
  if (whatsapp === undefined) return {};
  return { resolveCloudMedia: createCloudMediaResolver({ connectionOf: (ws) => whatsapp.connections.resolve(ws), privateHttp: context.config.allowPrivateHttp }) };
}
