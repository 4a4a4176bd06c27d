import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureBackAndForth, type ExchangeMessage } from './back-and-forth.js';
import { serviceWindowOf, SERVICE_WINDOW_MS } from './service-window.js';

const MIN = 60_000;
const customer = (at: number, type = 'text'): ExchangeMessage => ({ at, author: 'customer', type });
const operator = (at: number): ExchangeMessage => ({ at, author: 'operator', type: 'text' });
const automation = (at: number): ExchangeMessage => ({ at, author: 'automation', type: 'flow' });

test('counts customer and operator messages between the submission and the resolution, not automated ones', () => {
  const measures = measureBackAndForth([
    // A clarification: the operator asks, the customer answers; the Flow message, its completion and a message after resolution do not count.
    { startedAt: 10 * MIN, resolvedAt: 40 * MIN, messages: [automation(1 * MIN), customer(10 * MIN, 'flow_reply'), operator(12 * MIN), customer(20 * MIN), customer(41 * MIN), customer(5 * MIN)] },
    // Resolved straight away from the answers.
    { startedAt: 0, resolvedAt: 10 * MIN, messages: [customer(0, 'flow_reply')] },
    // The customer adds a note; no operator message: still resolved without clarification.
    { startedAt: 0, resolvedAt: 60 * MIN, messages: [customer(30 * MIN), automation(31 * MIN)] },
  ]);
  assert.deepEqual(measures, {
    tickets: 3,
    messagesExchanged: 3,
    messagesPerTicket: 1,
    medianHandlingMs: 30 * MIN,
    resolvedWithoutClarification: 2,
    shareWithoutClarification: 2 / 3,
  });
});

test('a message at the very moment of resolution counts; one at the submission does not', () => {
  const measures = measureBackAndForth([{ startedAt: 100, resolvedAt: 200, messages: [operator(100), operator(200)] }]);
  assert.equal(measures.messagesExchanged, 1);
  assert.equal(measures.resolvedWithoutClarification, 0);
});

test('no tickets: every figure that would divide by zero is null', () => {
  assert.deepEqual(measureBackAndForth([]), { tickets: 0, messagesExchanged: 0, messagesPerTicket: null, medianHandlingMs: null, resolvedWithoutClarification: 0, shareWithoutClarification: null });
});

test('the service window is open for 24 hours after the customer\'s last message', () => {
  assert.deepEqual(serviceWindowOf(null, 0), { open: false, closesAt: null });
  assert.deepEqual(serviceWindowOf(1000, 1000 + SERVICE_WINDOW_MS - 1), { open: true, closesAt: 1000 + SERVICE_WINDOW_MS });
  assert.deepEqual(serviceWindowOf(1000, 1000 + SERVICE_WINDOW_MS), { open: false, closesAt: 1000 + SERVICE_WINDOW_MS });
});
