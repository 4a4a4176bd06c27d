import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const scenario = (name: string, field = 'name') => ({ name, steps: [{ fill: { [field]: 'Ana' } }, { press: 'footer' }] });

describeContract('scenario tests stored with their Flow', (h) => {
  async function flow(): Promise<string> {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'lead', name: 'Lead', at: T0, by: 'ana' });
    return ws;
  }

  test('replaces a Flow\'s scenarios in order, keeps the document as given, and is scoped by workspace and Flow', async () => {
    const ws = await flow();
    assert.deepEqual(await h.storage.scenarios.list(ws, 'lead'), []);
    const saved = await h.storage.scenarios.replace(ws, 'lead', [{ name: 'b completes', document: scenario('b completes') }, { name: 'a is refused', document: scenario('a is refused', 'email') }], { at: T0, by: 'ana' });
    assert.deepEqual(saved.map((s) => [s.position, s.name]), [[0, 'b completes'], [1, 'a is refused']], 'list order, not name order');
    assert.deepEqual(saved[1]?.document, scenario('a is refused', 'email'));
    assert.deepEqual(await h.storage.scenarios.list(ws, 'lead'), saved);
    assert.deepEqual(await h.storage.scenarios.list(await h.newWorkspace(), 'lead'), []);
    await h.storage.flows.create(ws, { id: 'other', name: 'Other', at: T0, by: 'ana' });
    assert.deepEqual(await h.storage.scenarios.list(ws, 'other'), []);
  });

  test('a save keeps who changed an unchanged scenario last; changed ones and new ones get the saver; left-out ones are deleted', async () => {
    const ws = await flow();
    await h.storage.scenarios.replace(ws, 'lead', [{ name: 'one', document: scenario('one') }, { name: 'two', document: scenario('two') }, { name: 'three', document: scenario('three') }], { at: T0, by: 'ana' });
    const after = await h.storage.scenarios.replace(ws, 'lead', [{ name: 'two', document: scenario('two', 'email') }, { name: 'one', document: scenario('one') }, { name: 'four', document: scenario('four') }], { at: T0 + 60_000, by: 'bo' });
    assert.deepEqual(after.map((s) => `${s.name} ${s.updatedBy} ${s.updatedAt - T0}`), ['two bo 60000', 'one ana 0', 'four bo 60000']);
    assert.deepEqual(await h.storage.scenarios.replace(ws, 'lead', [], { at: T0 + 1, by: 'bo' }), []);
  });

  test('a save is one transaction: a duplicate name leaves the scenarios as they were', async () => {
    const ws = await flow();
    await h.storage.scenarios.replace(ws, 'lead', [{ name: 'one', document: scenario('one') }], { at: T0, by: 'ana' });
    await assert.rejects(h.storage.scenarios.replace(ws, 'lead', [{ name: 'x', document: scenario('x') }, { name: 'x', document: scenario('x') }], { at: T0 + 1, by: 'bo' }));
    assert.deepEqual((await h.storage.scenarios.list(ws, 'lead')).map((s) => s.name), ['one']);
  });

  test('removing a Flow removes its scenarios', async () => {
    const ws = await flow();
    await h.storage.scenarios.replace(ws, 'lead', [{ name: 'one', document: scenario('one') }], { at: T0, by: 'ana' });
    await h.rawExecute(`DELETE FROM flows WHERE workspace_id = '${ws}' AND id = 'lead'`);
    const rows = await h.rawQuery(`SELECT name FROM flow_scenarios WHERE workspace_id = ${h.backend === 'sqlite' ? '?' : '$1'}`, [ws]);
    assert.deepEqual(rows, []);
  });
});
