import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { openStorage } from '../open-storage.js';
import { createPostgresDialect } from '../dialect/postgres-dialect.js';
import type { ChangeTopic } from '../dialect/change-feed.js';
import { describeContract } from '../test-support/describe-contract.js';
import { testDatabaseUrl, throwawaySchema } from '../test-support/postgres-test-schema.js';

// Issue 18: what several instances on one database rely on — leases renewed by heartbeat and given back
// on stop, change notifications between instances, migrations under concurrent starts.

const T0 = Date.parse('2026-03-01T10:00:00Z');
const LEASE = 15_000;

describeContract('outbox leases across instances', (h) => {
  test('a renewed lease keeps another instance from taking the action over; an unrenewed one expires', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [0, 1].map((i) => ({ kind: 'webhook', payload: { i }, idempotencyKey: `${ws}:${i}` })), T0);
    const other = await h.openAnother();
    const claimed = await h.storage.outbox.claimDueActions(10, T0, LEASE, { workspaceId: ws });
    assert.equal(claimed.length, 2);
    const [kept, dropped] = claimed;
    assert.ok(kept && dropped);
    // The heartbeat renews one of them only (the other's delivery finished elsewhere or its worker died).
    assert.deepEqual(await h.storage.outbox.renewLeases(kept.leaseToken, [kept.id], T0 + 5000, T0 + 5000 + LEASE), [kept.id]);
    const taken = await other.outbox.claimDueActions(10, T0 + LEASE, LEASE, { workspaceId: ws });
    assert.deepEqual(taken.map((a) => a.id), [dropped.id]);
    // The first worker's lease on the taken-over action is gone: renewing it does nothing, marking it is refused.
    assert.deepEqual(await h.storage.outbox.renewLeases(kept.leaseToken, [dropped.id], T0 + LEASE + 1, T0 + 2 * LEASE), []);
    assert.equal((await h.storage.outbox.markDelivered(dropped, { at: T0 + LEASE + 2 })).ok, false);
    assert.equal((await h.storage.outbox.markDelivered(kept, { at: T0 + LEASE + 3 })).ok, true);
  });

  test('released actions are due again at once with their attempt uncounted; a finished one is not released', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [0, 1].map((i) => ({ kind: 'webhook', payload: { i }, idempotencyKey: `${ws}:${i}` })), T0);
    const [a, b] = await h.storage.outbox.claimDueActions(10, T0, LEASE, { workspaceId: ws });
    assert.ok(a && b);
    assert.equal((await h.storage.outbox.markDelivered(a, { at: T0 + 1 })).ok, true);
    assert.deepEqual(await h.storage.outbox.releaseLeases(a.leaseToken, [a.id, b.id], T0 + 2), [b.id]);
    const released = await h.storage.outbox.find(ws, b.id);
    assert.deepEqual(released && [released.status, released.attempts, released.leaseUntil, released.nextAttemptAt], ['pending', 0, null, T0 + 2]);
    const again = await h.storage.outbox.claimDueActions(10, T0 + 2, LEASE, { workspaceId: ws });
    assert.deepEqual(again.map((x) => [x.id, x.attempts]), [[b.id, 1]]);
  });
});

describeContract('change notifications', (h) => {
  test('PostgreSQL: another instance hears committed outbox inserts and Flow changes, not rolled-back ones; SQLite pushes nothing', async () => {
    const listener = await h.openAnother();
    if (h.backend === 'sqlite') {
      assert.equal(listener.changes.live, false);
      return;
    }
    assert.equal(listener.changes.live, true);
    const heard: [ChangeTopic, string | undefined][] = [];
    listener.changes.subscribe('outbox', (table) => heard.push(['outbox', table]));
    listener.changes.subscribe('config', (table) => heard.push(['config', table]));
    await listener.changes.ready();
    const ws = await h.newWorkspace();
    await h.storage.transaction(async (tx) => {
      await tx.outbox.enqueue(ws, [{ kind: 'webhook', payload: {}, idempotencyKey: 'k1' }], T0);
      await tx.outbox.enqueue(ws, [{ kind: 'webhook', payload: {}, idempotencyKey: 'k2' }], T0);
    });
    await assert.rejects(h.storage.transaction(async (tx) => {
      await tx.flows.create(ws, { id: 'rolled-back', name: 'x', at: T0, by: 'ana' });
      throw new Error('roll back');
    }));
    await h.storage.flows.create(ws, { id: 'kept', name: 'Kept', at: T0, by: 'ana' });
    const deadline = Date.now() + 5000;
    while (heard.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // One notification per transaction and table (PostgreSQL folds identical ones of a transaction).
    assert.deepEqual(heard, [['outbox', 'outbox_actions'], ['config', 'flows']]);
  });
});

test('several instances starting at once on a new PostgreSQL schema: one migrates, all open with the same migrations', async (t) => {
  const url = testDatabaseUrl();
  if (url === undefined) return t.skip('FLOWLINE_TEST_DATABASE_URL is not set: PostgreSQL only');
  const { schema, drop } = throwawaySchema(url, 'flowline_starts');
  try {
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStorage({ databaseUrl: url, schema, poolMax: 2 })));
    for (const storage of opened) assert.deepEqual(await storage.appliedMigrations(), Object.keys(migrations).sort());
    await Promise.all(opened.map((s) => s.close()));
  } finally {
    await drop();
  }
});

test('opening and reading migrations on PostgreSQL ignores other schemas: one churned meanwhile, or holding its own migration table', async (t) => {
  const url = testDatabaseUrl();
  if (url === undefined) return t.skip('FLOWLINE_TEST_DATABASE_URL is not set: PostgreSQL only');
  const ours = throwawaySchema(url, 'flowline_own');
  const other = throwawaySchema(url, 'flowline_other');
  const churner = new pg.Client({ connectionString: url });
  await churner.connect();
  let churning = true;
  let churns = 0;
  // Another tenant's schema appears, gains and loses tables and vanishes, over and over, while we open
  // and read our migrations: none of it concerns our tables, so none of it may fail us.
  const churn = (async () => {
    while (churning) {
      await churner.query(`create schema if not exists "${other.schema}"`);
      await churner.query(`create table if not exists "${other.schema}".flowline_migrations (name varchar(255) primary key, serial_id serial)`);
      await churner.query(`alter table "${other.schema}".flowline_migrations add column if not exists extra text`);
      await churner.query(`drop schema "${other.schema}" cascade`);
      churns += 1;
    }
  })();
  try {
    for (let round = 0; round < 6; round += 1) {
      const storage = await openStorage({ databaseUrl: url, schema: ours.schema, poolMax: 2 });
      try {
        for (let read = 0; read < 10; read += 1) assert.deepEqual(await storage.pendingMigrations(), []);
      } finally {
        await storage.close();
      }
    }
    assert.ok(churns > 0, 'the other schema was churned while we opened');
  } finally {
    churning = false;
    await churn;
    await churner.end();
    await other.drop();
    await ours.drop();
  }
});

test('the PostgreSQL dialect introspects its own schema only, with each table\'s columns', async (t) => {
  const url = testDatabaseUrl();
  if (url === undefined) return t.skip('FLOWLINE_TEST_DATABASE_URL is not set: PostgreSQL only');
  const ours = throwawaySchema(url, 'flowline_intro');
  const other = throwawaySchema(url, 'flowline_intro_other');
  const { dialect } = createPostgresDialect(url, ours.schema);
  const db = new Kysely<unknown>({ dialect });
  try {
    await sql.raw(`create schema "${ours.schema}"; create schema "${other.schema}";
      create table "${ours.schema}".things (id serial primary key, label text not null default 'x', note text);
      create view "${ours.schema}".things_view as select id from "${ours.schema}".things;
      create table "${other.schema}".things (id integer)`).execute(db);
    const tables = await db.introspection.getTables();
    assert.deepEqual(tables.map((table) => [table.schema, table.name, table.isView]), [[ours.schema, 'things', false], [ours.schema, 'things_view', true]]);
    assert.deepEqual(tables[0]?.columns.map((c) => [c.name, c.dataType, c.isNullable, c.hasDefaultValue, c.isAutoIncrementing]), [
      ['id', 'int4', false, true, true], ['label', 'text', false, true, false], ['note', 'text', true, false, false],
    ]);
    assert.ok((await db.introspection.getSchemas()).some((s) => s.name === other.schema));
  } finally {
    await db.destroy();
    await other.drop();
    await ours.drop();
  }
});
