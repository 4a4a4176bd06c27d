import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toImageUrl, toIsoDate } from './component-props.js';

test('turns form dates (ms timestamps before 5.0, ISO from 5.0) into ISO dates', () => {
  assert.equal(toIsoDate('2026-12-01'), '2026-12-01');
  assert.equal(toIsoDate(String(Date.UTC(2026, 11, 1))), '2026-12-01');
  assert.equal(toIsoDate(''), '');
  assert.equal(toIsoDate(42), '');
});

test('turns base64 image sources into data URLs by their magic bytes', () => {
  assert.equal(toImageUrl('iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(toImageUrl('/9j/4AAQ'), 'data:image/jpeg;base64,/9j/4AAQ');
  assert.equal(toImageUrl('https://x/y.png'), 'https://x/y.png');
  assert.equal(toImageUrl(''), undefined);
});
