import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Kysely, Migrator, sql } from 'kysely';
import { openStorage } from '../open-storage.js';
import { createSqliteDialect } from '../dialect/sqlite-dialect.js';
import { migrationProvider } from './index.js';

test('0016 moves a contact\'s assignee to its conversation and its exclusion tags to the campaign lists, leaving other data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-0016-'));
  try {
    // A database as the code before 0016 left it (same migration tables as openStorage).
    const db = new Kysely<unknown>({ dialect: createSqliteDialect(join(dir, 'flowline.db')) });
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'flowline_migrations', migrationLockTableName: 'flowline_migration_lock' });
    const before = await migrator.migrateTo('0015_paging_indexes');
    assert.equal(before.error, undefined);
    await sql`INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'W', 0)`.execute(db);
    await sql`INSERT INTO contacts (id, workspace_id, phone, name, tags, fields, opted_in, opted_in_at, created_at, updated_at) VALUES
      ('c1', 'ws', '+351910000001', 'Ana', '["vip","campaign-exclusion:spring","campaign-exclusion:autumn"]', '{"plan":"gold","conversation_assignee":"rui"}', 1, 0, 0, 5),
      ('c2', 'ws', '+351910000002', NULL, '["lead"]', '{"plan":"basic"}', 1, 0, 0, 6),
      ('c3', 'ws', '+351910000003', NULL, '[]', '{"conversation_assignee":null}', 1, 0, 0, 7)`.execute(db);
    await sql`INSERT INTO conversations (workspace_id, contact_id, last_inbound_at, last_outbound_at) VALUES ('ws', 'c1', 100, NULL)`.execute(db);
    await db.destroy();

    const storage = await openStorage({ dataDir: dir });
    try {
      const ana = await storage.contacts.find('ws', 'c1');
      assert.deepEqual([ana?.tags, ana?.fields], [['vip'], { plan: 'gold' }]);
      assert.deepEqual(await storage.conversations.find('ws', 'c1'), { contactId: 'c1', assignee: 'rui', state: 'open', stateAt: null, lastInboundAt: 100, lastOutboundAt: null });
      assert.deepEqual([...(await storage.campaigns.findExcludedContacts('ws', 'spring', ['c1', 'c2', 'c3']))], ['c1']);
      assert.deepEqual([...(await storage.campaigns.findExcludedContacts('ws', 'autumn', ['c1', 'c2', 'c3']))], ['c1']);
      const untouched = await storage.contacts.find('ws', 'c2');
      assert.deepEqual([untouched?.tags, untouched?.fields, untouched?.updatedAt], [['lead'], { plan: 'basic' }, 6]);
      assert.equal(await storage.conversations.find('ws', 'c2'), undefined);
      // An explicit "unassigned" becomes a conversation without an owner.
      assert.deepEqual([(await storage.contacts.find('ws', 'c3'))?.fields, (await storage.conversations.find('ws', 'c3'))?.assignee], [{}, null]);
    } finally {
      await storage.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
