import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryTraceSink, emptyTraceFields, type TraceRecord } from './trace-record.js';
import { redactError } from './redact-error.js';
import { createStorageTraceSink, toEvents } from './storage-trace-sink.js';

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
