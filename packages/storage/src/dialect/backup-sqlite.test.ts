import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { backupSqlite } from './backup-sqlite.js';
import { openStorage } from '../open-storage.js';

test('an online backup taken while the storage is open holds every committed row and opens as a storage', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-backup-'));
  const storage = await openStorage({ dataDir });
  try {
    await storage.workspaces.create({ id: 'acme', name: 'Acme', at: 1 });
    await storage.lookupTables.put('acme', 'prices', [{ key: 'basic', value: 10 }], 1);
    const file = join(dataDir, 'backups', 'copy.db');
    const report = await backupSqlite(dataDir, file);
    assert.equal(report.file, file);
    assert.ok(report.pages > 0);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the copy is readable by its owner only');
    // Restored as the database of another data folder, it is a complete, migrated storage.
    const restoredDir = mkdtempSync(join(tmpdir(), 'flowline-restore-'));
    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      await copy.backup(join(restoredDir, 'flowline.db'));
    } finally {
      copy.close();
    }
    const restored = await openStorage({ dataDir: restoredDir });
    try {
      assert.deepEqual(await restored.pendingMigrations(), []);
      assert.equal((await restored.lookupTables.find('acme', 'prices', 'basic'))?.value, 10);
    } finally {
      await restored.close();
    }
  } finally {
    await storage.close();
  }
});

test('a backup never overwrites a file and needs a database to copy', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-backup-'));
  await assert.rejects(backupSqlite(dataDir, join(dataDir, 'x.db')), /no SQLite database/);
  const storage = await openStorage({ dataDir });
  await storage.close();
  const existing = join(dataDir, 'existing.db');
  writeFileSync(existing, 'keep me');
  await assert.rejects(backupSqlite(dataDir, existing), /exists already/);
});

test('pendingMigrations names a known migration the database has not applied', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-pending-'));
  const storage = await openStorage({ dataDir });
  try {
    assert.deepEqual(await storage.pendingMigrations(), []);
    // As after restoring a backup older than the code: the database lacks the newest migration.
    const raw = new BetterSqlite3(join(dataDir, 'flowline.db'));
    try {
      raw.prepare("delete from flowline_migrations where name = '0008_whatsapp'").run();
    } finally {
      raw.close();
    }
    assert.deepEqual(await storage.pendingMigrations(), ['0008_whatsapp']);
  } finally {
    await storage.close();
  }
});
