import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStorage } from './open-storage.js';

const mode = (path: string) => statSync(path).mode & 0o777;

test('SQLite files are private to their owner: the data directory 0700, flowline.db and its WAL and -shm files 0600', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'flowline-modes-'));
  try {
    const fresh = join(parent, 'fresh');
    const storage = await openStorage({ dataDir: fresh });
    await storage.workspaces.create({ id: 'w', name: 'W', at: 0 });
    assert.deepEqual([mode(fresh), mode(join(fresh, 'flowline.db')), mode(join(fresh, 'flowline.db-wal')), mode(join(fresh, 'flowline.db-shm'))], [0o700, 0o600, 0o600, 0o600]);
    await storage.close();

    // A directory and files made earlier with wider modes (an older version, a careless copy) are tightened.
    chmodSync(fresh, 0o755);
    chmodSync(join(fresh, 'flowline.db'), 0o644);
    writeFileSync(join(fresh, 'flowline.db-wal'), '', { mode: 0o644 });
    chmodSync(join(fresh, 'flowline.db-wal'), 0o644);
    const again = await openStorage({ dataDir: fresh });
    await again.workspaces.create({ id: 'v', name: 'V', at: 0 });
    assert.deepEqual([mode(fresh), mode(join(fresh, 'flowline.db')), mode(join(fresh, 'flowline.db-wal')), mode(join(fresh, 'flowline.db-shm'))], [0o700, 0o600, 0o600, 0o600]);
    await again.close();
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
