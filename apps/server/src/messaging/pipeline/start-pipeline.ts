import { MEDIA_FETCH_KIND } from '@flowline/core';
import { createMediaFetchJob, startDeliveryWorker, type DeliveryWorker, type ResolveCloudMedia } from '@flowline/worker';
import type { ServerContext } from '../../server-context.js';
import { createCloudMediaResolver } from '../media/resolve-cloud-media.js';
import { startRetirementCheck } from '../whatsapp/retirement-check.js';

/**
 * Starts the server's background work, once per process (createServer does): the check of retiring Meta Flows
 * (every FLOWLINE_META_RETIRE_CHECK_SECONDS) and, unless FLOWLINE_WORKER=off, the outbox delivery worker.
 * Both stop when the server closes.
 */
export function startPipeline(context: ServerContext): DeliveryWorker | undefined {
  if (context.whatsapp !== undefined) {
    const check = startRetirementCheck(context.whatsapp.lifecycle, context.log, context.config.retireCheckSeconds * 1000);
    context.onClose(() => check.stop());
  }
  if (!context.config.deliveryWorker) return undefined;
  const worker = startDeliveryWorker({
    storage: context.storage, now: () => context.now().getTime(), log: context.log, privateHttp: context.config.allowPrivateHttp, secrets: context.secrets, leaseMs: context.config.outboxLeaseMs,
    onOutcome: context.metrics.observeDelivery,
    jobs: { [MEDIA_FETCH_KIND]: createMediaFetchJob({ store: context.mediaStore, maxBytes: context.config.media.maxBytes, timeoutMs: context.config.media.timeoutMs, ...cloudMediaOf(context) }) },
  });
  context.onClose(() => worker.stop());
  return worker;
}

/** §6.3 files are fetched as the workspace's WhatsApp connection (none without the WhatsApp service, as in API tests). */
function cloudMediaOf(context: ServerContext): { resolveCloudMedia?: ResolveCloudMedia } {
  const whatsapp = context.whatsapp;
  if (whatsapp === undefined) return {};
  return { resolveCloudMedia: createCloudMediaResolver({ connectionOf: (ws) => whatsapp.connections.resolve(ws), privateHttp: context.config.allowPrivateHttp }) };
}
