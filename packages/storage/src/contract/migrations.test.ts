import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { openStorage } from '../open-storage.js';
import { describeContract } from '../test-support/describe-contract.js';
import { testDatabaseUrl } from '../test-support/postgres-test-schema.js';

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

describeContract('migrations beside other schemas', (h) => {
  test('a migration table left in another schema of the database does not stop this one from migrating', async (t) => {
    const url = testDatabaseUrl();
    if (h.backend !== 'postgres' || url === undefined) return t.skip('PostgreSQL only');
    const other = `flowline_other_${process.pid}`;
    const fresh = `flowline_fresh_${process.pid}`;
    const admin = await openStorage({ databaseUrl: url, schema: other });
    await admin.close();
    try {
      const storage = await openStorage({ databaseUrl: url, schema: fresh });
      assert.deepEqual(await storage.appliedMigrations(), Object.keys(migrations).sort());
      await storage.close();
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${other}" cascade`);
      await client.query(`drop schema if exists "${fresh}" cascade`);
      await client.end();
    }
  });
});
