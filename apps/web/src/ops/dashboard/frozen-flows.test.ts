import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFreeze, toFrozenFlows } from './frozen-flows.js';

const body = {
  items: [
    { flowId: 'ok', name: 'Current', latestVersion: 2, latestFlowJsonVersion: '7.3', freeze: null },
    { flowId: 'soon', name: 'Soon', latestVersion: 1, latestFlowJsonVersion: '5.0', freeze: { kind: 'freezing', version: '5.0', frozenOn: '2025-09-10', daysLeft: 1 } },
    { flowId: 'old', name: 'Old', latestVersion: 4, latestFlowJsonVersion: '3.0', freeze: { kind: 'frozen', version: '3.0', frozenOn: '2025-04-08' } },
    { flowId: 'odd', freeze: { kind: 'melting', version: '1.0' } },
  ],
};

test('lists only Flows with a freeze status, frozen ones first, and drops what it cannot read', () => {
  const flows = toFrozenFlows(body);
  assert.deepEqual(flows.map((f) => [f.flowId, f.kind]), [['old', 'frozen'], ['soon', 'freezing']]);
  assert.equal(flows[0]?.latestVersion, 4);
});

test('says since when a version is frozen, and when and in how many days an announced freeze comes', () => {
  const [old, soon] = toFrozenFlows(body);
  assert.ok(old !== undefined && soon !== undefined);
  assert.equal(describeFreeze(old), 'Flow JSON 3.0 is frozen since 2025-04-08: it can no longer be published or updated on Meta.');
  assert.equal(describeFreeze(soon), 'Flow JSON 5.0 freezes on 2025-09-10 (in 1 day).');
});
