import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryTraceSink, emptyTraceFields, type TraceRecord } from './trace-record.js';
import { redactError } from './redact-error.js';
import { createStorageTraceSink, toEvents, toTraceRow } from './storage-trace-sink.js';

function entry(flowId: string, at: number): TraceRecord {
  return { ...emptyTraceFields, at, flowId, action: 'INIT', nextScreen: 'A', status: 200, latencyMs: 1, outcome: 'ok' };
}

test('keeps the latest records, newest first, bounded by capacity', () => {
  const sink = createMemoryTraceSink(3);
  for (let at = 1; at <= 5; at++) sink.record(entry(at % 2 === 0 ? 'b' : 'a', at));
  assert.deepEqual(sink.recent(10).map((r) => r.at), [5, 4, 3]);
  assert.deepEqual(sink.recent(10, 'a').map((r) => r.at), [5, 3]);
  assert.deepEqual(sink.recent(1).map((r) => r.at), [5]);
});

test('masks e-mails and phone numbers in handler errors', () => {
  const text = redactError(new Error('no customer ana@example.com with phone 447700900123'));
  assert.equal(text, 'Error: no customer [email] with phone [number]');
  assert.equal(redactError('x'), 'thrown string');
  assert.ok(redactError(new Error('x'.repeat(500))).length <= 200);
});

test('counts the screen of a navigate-opened Flow as reached at its first exchange, and the answered screen', () => {
  const first: TraceRecord = { ...emptyTraceFields, at: 1, flowId: 'f', action: 'data_exchange', screen: 'COMPANY', nextScreen: 'SMALL_BUSINESS', status: 200, latencyMs: 1, outcome: 'ok', firstExchange: true };
  assert.deepEqual(toEvents(first).map((e) => [e.type, e.screen]), [['opened', 'COMPANY'], ['screen_reached', 'COMPANY'], ['screen_reached', 'SMALL_BUSINESS']]);
  const later: TraceRecord = { ...first, firstExchange: false, screen: 'SMALL_BUSINESS', nextScreen: 'SUCCESS' };
  assert.deepEqual(toEvents(later), []);
});

test('the storage sink writes no trace row and no event for a preview, and both for a customer request', () => {
  const traces: unknown[] = [];
  const events: unknown[] = [];
  const writer = { saveSession: () => undefined, recordTrace: (t: unknown) => traces.push(t), recordEvent: (e: unknown) => events.push(e), flush: () => Promise.resolve(), pending: () => 0 };
  const sink = createStorageTraceSink(writer);
  const opened: TraceRecord = { ...emptyTraceFields, at: 1, flowId: 'f', action: 'INIT', nextScreen: 'A', status: 200, latencyMs: 1, outcome: 'ok', firstExchange: true };
  sink.record({ ...opened, preview: true });
  assert.deepEqual([traces.length, events.length], [0, 0]);
  assert.equal(sink.recent(1)[0]?.preview, true, 'kept in memory for debugging');
  sink.record(opened);
  assert.deepEqual([traces.length, events.length], [1, 2]);
});

test('rejections reach storage within a per-minute budget; the rest are counted and reported once the next minute starts', () => {
  const traces: unknown[] = [];
  const logged: { event: string; fields: Readonly<Record<string, unknown>> }[] = [];
  const writer = { saveSession: () => undefined, recordTrace: (t: unknown) => traces.push(t), recordEvent: () => undefined, flush: () => Promise.resolve(), pending: () => 0 };
  const sink = createStorageTraceSink(writer, { rejectedPerMinute: 5, log: (_level, event, fields = {}) => logged.push({ event, fields }) });
  const rejected = (at: number, errorCode: string): TraceRecord => ({ ...emptyTraceFields, at, flowId: 'x', status: 404, latencyMs: 0, outcome: 'rejected', errorCode });
  for (let i = 0; i < 40; i++) sink.record(rejected(1000 + i, i % 2 === 0 ? 'FLOWLINE_UNKNOWN_FLOW' : 'ERR_SIGNATURE_INVALID'));
  sink.record(entry('f', 1100));
  assert.equal(traces.length, 6, 'five rejections and the answered request');
  assert.equal(logged.length, 0, "nothing reported within the minute");
  sink.record(rejected(61_000, 'ERR_ENVELOPE_MALFORMED'));
  assert.equal(traces.length, 7, 'a new minute, a new budget');
  assert.equal(logged[0]?.event, 'endpoint.traces_sampled');
  assert.deepEqual([logged[0]?.fields['suppressed'], logged[0]?.fields['byCode']], [35, { FLOWLINE_UNKNOWN_FLOW: 17, ERR_SIGNATURE_INVALID: 18 }]);
  assert.equal(sink.recent(100).length, 42, 'memory keeps them all for debugging (bounded by its capacity)');
});

test('a stored trace row has every text field bounded', () => {
  const row = toTraceRow({ ...emptyTraceFields, at: 1, flowId: 'f'.repeat(14_000), action: 'A'.repeat(1000), screen: 'S'.repeat(10_000), status: 200, latencyMs: 1, outcome: 'acknowledged', clientError: 'E'.repeat(100_000) });
  assert.deepEqual([row.flowId.length, row.action.length, row.screen?.length, row.handlerError?.length], [64, 32, 128, 256]);
});
