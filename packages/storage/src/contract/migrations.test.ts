import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrations } from '../migrations/index.js';
import { describeContract } from '../test-support/describe-contract.js';

describeContract('migrations', (h) => {
  test('applies every migration in order at open', async () => {
    assert.deepEqual(await h.storage.appliedMigrations(), Object.keys(migrations).sort());
  });

  test('re-opening applies nothing again and keeps the data', async () => {
    const ws = await h.newWorkspace();
    await h.storage.lookupTables.put(ws, 't', [{ key: 'k', value: 1 }], 0);
    const target = await h.reopen();
    assert.notEqual(target, h.storage);
    assert.deepEqual(await target.appliedMigrations(), Object.keys(migrations).sort());
    assert.deepEqual((await target.lookupTables.find(ws, 't', 'k'))?.value, 1);
  });
});

describeContract('migrations under concurrent opens', (h) => {
  test('several handles opening at once all see one applied set', async () => {
    const handles = h.backend === 'postgres' ? await Promise.all([h.reopen(), h.reopen(), h.reopen()]) : [await h.reopen(), await h.reopen()];
    for (const handle of handles) assert.deepEqual(await handle.appliedMigrations(), Object.keys(migrations).sort());
  });
});
