import type { EndpointTraceInput, EventInput } from '@flowline/storage';
import type { StorageWriter } from '../stores/storage-writer.js';
import { createMemoryTraceSink, type TraceRecord, type TraceSink } from './trace-record.js';

/**
 * The durable trace: every record goes to the write-behind writer as an `endpoint_traces` row, plus
 * the measurement events the dashboards count: `opened` on a token's first exchange and
 * `screen_reached` for each screen answered. `recent` reads this process's latest records. Requests
 * of the studio's preview are kept in memory only.
 */
export function createStorageTraceSink(writer: StorageWriter, capacity = 256): TraceSink {
  const memory = createMemoryTraceSink(capacity);
  return {
    record(entry) {
      memory.record(entry);
      // The studio's previews would count as customers in the dashboards: they stay in memory only.
      if (entry.preview) return;
      writer.recordTrace(toTraceRow(entry));
      for (const event of toEvents(entry)) writer.recordEvent(event);
    },
    recent: (limit, flowId) => memory.recent(limit, flowId),
    flush: () => writer.flush(),
  };
}

/** A trace record as a stored row; the stable code of a rejection is kept in the error column. */
export function toTraceRow(entry: TraceRecord): EndpointTraceInput {
  const error = entry.handlerError ?? entry.errorCode ?? (entry.clientError === undefined ? undefined : `client error ${entry.clientError}`);
  return {
    flowId: entry.flowId,
    action: entry.action ?? 'unknown',
    latencyMs: entry.latencyMs,
    outcome: entry.outcome,
    statusCode: entry.status,
    fallbackUsed: entry.fallbackUsed,
    at: entry.at,
    ...(entry.version === undefined ? {} : { version: entry.version }),
    ...(entry.screen === undefined ? {} : { screen: entry.screen }),
    ...(error === undefined ? {} : { handlerError: error }),
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
