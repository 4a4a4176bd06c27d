import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStorage } from '@flowline/storage';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

describe('flowline backup', () => {
  it('copies the SQLite database of the data folder while it is open, and the copy holds the rows', async () => {
    const dir = tempDir();
    const storage = await openStorage({ dataDir: join(dir, 'data') });
    try {
      await storage.workspaces.create({ id: 'acme', name: 'Acme', at: 1 });
      const io = captureIo({ cwd: dir, env: {} });
      assert.equal(await main(['backup', 'backups/flowline-1.db'], io), 0, io.err());
      assert.match(io.err(), /Copied .*flowline\.db to .*backups\/flowline-1\.db/);
      // Restored (put in place as the database of another data folder), it opens with every row.
      mkdirSync(join(dir, 'restored'));
      copyFileSync(join(dir, 'backups', 'flowline-1.db'), join(dir, 'restored', 'flowline.db'));
      const restored = await openStorage({ dataDir: join(dir, 'restored') });
      try {
        assert.equal((await restored.workspaces.find('acme'))?.name, 'Acme');
      } finally {
        await restored.close();
      }
      const empty = captureIo({ cwd: dir, env: {} });
      assert.equal(await main(['backup', '--data-dir', 'nothing-here', 'x.db'], empty), 1, 'no database in an empty folder');
      assert.match(empty.err(), /no SQLite database/);
      const again = captureIo({ cwd: dir, env: {} });
      assert.equal(await main(['backup', 'backups/flowline-1.db'], again), 1, 'never overwrites');
      assert.match(again.err(), /exists already/);
    } finally {
      await storage.close();
    }
  });

  it('refuses PostgreSQL (pg_dump is the tool) and needs a file', async () => {
    const pgIo = captureIo({ cwd: tempDir(), env: { DATABASE_URL: 'postgres://db/flowline' } });
    assert.equal(await main(['backup', 'x.db'], pgIo), 2);
    assert.match(pgIo.err(), /pg_dump/);
    const noFile = captureIo({ cwd: tempDir(), env: {} });
    assert.equal(await main(['backup'], noFile), 2);
  });
});
