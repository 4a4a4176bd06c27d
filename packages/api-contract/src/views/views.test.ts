import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnswerKind } from '@flowline/core';
import { pageOf } from '../page.js';
import { flowView } from './flow-view.js';
import { READABLE_ANSWER_KINDS, submissionView } from './submission-view.js';

test('a view parses the body it describes (the studio may check an answer with it)', () => {
  const flow = { id: 'f', name: 'F', status: 'draft', publishedVersion: null, latestVersion: 1, createdAt: 0, updatedAt: 0 };
  assert.deepEqual(flowView.parse(flow), { ok: true, value: flow });
  assert.deepEqual(flowView.parse({ ...flow, status: 'live' }), { ok: false, issues: [{ pointer: '/status', message: 'must be one of draft, published, deprecated, throttled, blocked' }] });
});

test('every kind of readable answer core renders is a kind the submission view names', () => {
  const every: Record<AnswerKind, true> = { text: true, choice: true, choices: true, date: true, 'date-range': true, 'yes-no': true, media: true, value: true };
  assert.deepEqual([...READABLE_ANSWER_KINDS].sort(), Object.keys(every).sort());
  const readable = submissionView.json['properties'] as Record<string, { items: { properties: { kind: { enum: string[] } } } }>;
  assert.deepEqual(readable['readable']?.items.properties.kind.enum, READABLE_ANSWER_KINDS);
});

test('a page of items is described with its cursor, null on the last page', () => {
  assert.deepEqual(pageOf(flowView), { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: flowView.json }, nextCursor: { type: ['string', 'null'] } } });
});
