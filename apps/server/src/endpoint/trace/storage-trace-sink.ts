import type { EndpointTraceInput, EventInput } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';
import type { StorageWriter } from '../stores/storage-writer.js';
import { createRejectionBudget } from './rejection-budget.js';
import { clipTraceText, createMemoryTraceSink, TRACE_TEXT_LIMITS, type TraceRecord, type TraceSink } from './trace-record.js';

/** Options of the durable trace. */
export interface StorageTraceSinkOptions {
  /** Records kept in memory for `recent` (default 256). */
  readonly capacity?: number;
  /** Rejected requests stored per minute (default 300; FLOWLINE_TRACE_REJECTED_PER_MINUTE); the rest are counted. */
  readonly rejectedPerMinute?: number;
  /** Where the counts of held-back rejections are reported (`endpoint.traces_sampled`). */
  readonly log?: Logger;
}

/** Default of StorageTraceSinkOptions.rejectedPerMinute. */
export const DEFAULT_REJECTED_TRACES_PER_MINUTE = 300;

/**
 * The durable trace: every record goes to the write-behind writer as an `endpoint_traces` row, plus
 * the measurement events the dashboards count: `opened` on a token's first exchange and
 * `screen_reached` for each screen answered. `recent` reads this process's latest records. Requests
 * of the studio's preview are kept in memory only. Rejections (which anyone can cause) are stored
 * within a per-minute budget; the others are counted and logged.
 */
export function createStorageTraceSink(writer: StorageWriter, options: StorageTraceSinkOptions = {}): TraceSink {
  const memory = createMemoryTraceSink(options.capacity ?? 256);
  const log = options.log;
  const budget = createRejectionBudget(options.rejectedPerMinute ?? DEFAULT_REJECTED_TRACES_PER_MINUTE, (summary) => {
    log?.('warn', 'endpoint.traces_sampled', { windowStart: new Date(summary.windowStart).toISOString(), suppressed: summary.suppressed, byCode: summary.byCode });
  });
  return {
    record(entry) {
      memory.record(entry);
      // The studio's previews would count as customers in the dashboards: they stay in memory only.
      if (entry.preview) return;
      if (entry.outcome === 'rejected' && !budget.admit(entry)) return;
      writer.recordTrace(toTraceRow(entry));
      for (const event of toEvents(entry)) writer.recordEvent(event);
    },
    recent: (limit, flowId) => memory.recent(limit, flowId),
    flush: () => writer.flush(),
  };
}

/** A trace record as a stored row, every text column bounded; the stable code of a rejection is kept in the error column. */
export function toTraceRow(entry: TraceRecord): EndpointTraceInput {
  const error = entry.handlerError ?? entry.errorCode ?? (entry.clientError === undefined ? undefined : `client error ${entry.clientError}`);
  return {
    flowId: clipTraceText(entry.flowId, TRACE_TEXT_LIMITS.flowId),
    action: clipTraceText(entry.action ?? 'unknown', TRACE_TEXT_LIMITS.action),
    latencyMs: entry.latencyMs,
    outcome: entry.outcome,
    statusCode: entry.status,
    fallbackUsed: entry.fallbackUsed,
    at: entry.at,
    ...(entry.version === undefined ? {} : { version: entry.version }),
    ...(entry.screen === undefined ? {} : { screen: clipTraceText(entry.screen, TRACE_TEXT_LIMITS.screen) }),
    ...(error === undefined ? {} : { handlerError: clipTraceText(error, TRACE_TEXT_LIMITS.error) }),
  };
}

/** The measurement events a trace record implies. */
export function toEvents(entry: TraceRecord): EventInput[] {
  const events: EventInput[] = [];
  const common = {
    flowId: entry.flowId,
    at: entry.at,
    ...(entry.version === undefined ? {} : { version: entry.version }),
    ...(entry.sendId === undefined ? {} : { sendId: entry.sendId }),
  };
  if (entry.firstExchange) events.push({ ...common, type: 'opened', ...(entry.screen === undefined ? {} : { screen: entry.screen }) });
  // A Flow opened with navigate shows its first screen without asking the endpoint: its first exchange
  // (a data_exchange from that screen) is the first sign the customer reached it.
  if (entry.firstExchange && entry.action === 'data_exchange' && entry.screen !== undefined && entry.screen !== entry.nextScreen) {
    events.push({ ...common, type: 'screen_reached', screen: entry.screen });
  }
  if ((entry.outcome === 'ok' || entry.outcome === 'fallback') && entry.nextScreen !== undefined && entry.nextScreen !== 'SUCCESS') {
    events.push({ ...common, type: 'screen_reached', screen: entry.nextScreen });
  }
  return events;
}
