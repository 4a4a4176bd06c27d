import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toScenarioList } from './scenario-list.js';

test('toScenarioList reads the stored scenarios with their step counts, leaving out unreadable items', () => {
  const scenario = { name: 'a lead completes', steps: [{ press: 'footer' }, { expect: { screen: 'LEAD' } }] };
  assert.deepEqual(toScenarioList({ items: [{ name: 'a lead completes', position: 0, scenario, updatedBy: 'token:dee' }, { position: 1 }, 'x'] }), [
    { name: 'a lead completes', steps: 2, updatedBy: 'token:dee', scenario },
  ]);
  assert.deepEqual(toScenarioList({}), []);
  assert.deepEqual(toScenarioList(undefined), []);
});
