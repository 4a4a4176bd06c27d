import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INHERIT_ENDPOINT_CONFIG } from '../repositories/flows-repository.js';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const FLOW_V1 = '{"version":"7.3","screens":[]}';
const FLOW_V2 = '{"version":"7.3","screens":[{"id":"A"}]}';

describeContract('flows and versions', (h) => {
  test('creates a Flow as a draft and refuses a second Flow with the same id', async () => {
    const ws = await h.newWorkspace();
    const created = await h.storage.flows.create(ws, { id: 'appointment-booking', name: 'Booking', at: T0, by: 'ana' });
    assert.equal(created.ok, true);
    assert.equal(created.ok && created.value.status, 'draft');
    const again = await h.storage.flows.create(ws, { id: 'appointment-booking', name: 'Other', at: T0, by: 'ana' });
    assert.deepEqual(again.ok ? 'ok' : again.code, 'FLOW_EXISTS');
    assert.equal((await h.storage.flows.find(ws, 'appointment-booking'))?.name, 'Booking');
  });

  test('refuses a Flow id that is not a slug', async () => {
    const ws = await h.newWorkspace();
    for (const id of ['Appointment', 'a b', '', '-x', 'x'.repeat(65)]) {
      const result = await h.storage.flows.create(ws, { id, name: 'x', at: T0, by: 'ana' });
      assert.equal(result.ok ? 'ok' : result.code, 'INVALID_FLOW_ID', id);
    }
  });

  test('refuses a Flow in a workspace that does not exist', async () => {
    const result = await h.storage.flows.create('no-such-workspace', { id: 'x', name: 'x', at: T0, by: 'ana' });
    assert.equal(result.ok ? 'ok' : result.code, 'UNKNOWN_WORKSPACE');
  });

  test('numbers versions 1, 2, 3 and keeps earlier versions unchanged', async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'survey', name: 'Survey', at: T0, by: 'ana' });
    const v1 = await h.storage.flows.addVersion(ws, 'survey', { flowJson: FLOW_V1, endpointConfig: { url: 'x' }, createdAt: T0, createdBy: 'ana' });
    const v2 = await h.storage.flows.addVersion(ws, 'survey', { flowJson: FLOW_V2, policy: { maxScreens: 8 }, createdAt: T0 + 1000, createdBy: 'bo' });
    assert.equal(v1.ok && v1.value.number, 1);
    assert.equal(v2.ok && v2.value.number, 2);
    const first = await h.storage.flows.findVersion(ws, 'survey', 1);
    assert.equal(first?.flowJson, FLOW_V1);
    assert.deepEqual(first?.endpointConfig, { url: 'x' });
    assert.equal(first?.policy, undefined);
    assert.equal(first?.createdBy, 'ana');
    const latest = await h.storage.flows.findLatestVersion(ws, 'survey');
    assert.equal(latest?.number, 2);
    assert.deepEqual(latest?.policy, { maxScreens: 8 });
    assert.deepEqual((await h.storage.flows.listVersions(ws, 'survey')).map((v) => v.number), [1, 2]);
  });

  test('a version saved with INHERIT_ENDPOINT_CONFIG keeps the previous version\'s endpoint configuration; null removes it', async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'booking', name: 'Booking', at: T0, by: 'ana' });
    const first = await h.storage.flows.addVersion(ws, 'booking', { flowJson: FLOW_V1, endpointConfig: INHERIT_ENDPOINT_CONFIG, createdAt: T0, createdBy: 'ana' });
    assert.equal(first.ok && first.value.endpointConfig, undefined, 'nothing to inherit from');
    await h.storage.flows.addVersion(ws, 'booking', { flowJson: FLOW_V1, endpointConfig: { INIT: { screen: 'A' } }, createdAt: T0 + 1, createdBy: 'ana' });
    const kept = await h.storage.flows.addVersion(ws, 'booking', { flowJson: FLOW_V2, endpointConfig: INHERIT_ENDPOINT_CONFIG, createdAt: T0 + 2, createdBy: 'bo' });
    assert.deepEqual(kept.ok && kept.value.endpointConfig, { INIT: { screen: 'A' } });
    const removed = await h.storage.flows.addVersion(ws, 'booking', { flowJson: FLOW_V2, endpointConfig: null, createdAt: T0 + 3, createdBy: 'bo' });
    assert.equal(removed.ok && removed.value.endpointConfig, undefined);
  });

  test('gives concurrent saves distinct consecutive version numbers', async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'busy', name: 'Busy', at: T0, by: 'ana' });
    const other = await h.openAnother();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? h.storage : other).flows.addVersion(ws, 'busy', { flowJson: `{"n":${i}}`, createdAt: T0 + i, createdBy: 'ana' })),
    );
    const numbers = results.map((r) => (r.ok ? r.value.number : -1)).sort((a, b) => a - b);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('refuses to add a version to a Flow of another workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await h.storage.flows.create(a, { id: 'private', name: 'Private', at: T0, by: 'ana' });
    const result = await h.storage.flows.addVersion(b, 'private', { flowJson: FLOW_V1, createdAt: T0, createdBy: 'eve' });
    assert.equal(result.ok ? 'ok' : result.code, 'UNKNOWN_FLOW');
    assert.equal(await h.storage.flows.find(b, 'private'), undefined);
    assert.equal(await h.storage.flows.findLatestVersion(a, 'private'), undefined);
    assert.deepEqual(await h.storage.flows.list(b), []);
  });

  test('lets two workspaces use the same Flow id independently', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await h.storage.flows.create(a, { id: 'feedback', name: 'A', at: T0, by: 'ana' });
    await h.storage.flows.create(b, { id: 'feedback', name: 'B', at: T0, by: 'bo' });
    await h.storage.flows.addVersion(a, 'feedback', { flowJson: FLOW_V1, createdAt: T0, createdBy: 'ana' });
    assert.equal((await h.storage.flows.find(b, 'feedback'))?.name, 'B');
    assert.equal(await h.storage.flows.findLatestVersion(b, 'feedback'), undefined);
    const status = await h.storage.flows.setStatus(b, 'feedback', 'blocked', { at: T0, by: 'bo' });
    assert.equal(status.ok, true);
    assert.equal((await h.storage.flows.find(a, 'feedback'))?.status, 'draft');
  });

  test('publishes a version and records who did it in the audit log', async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'lead', name: 'Lead', at: T0, by: 'ana' });
    await h.storage.flows.addVersion(ws, 'lead', { flowJson: FLOW_V1, createdAt: T0 + 1, createdBy: 'ana' });
    await h.storage.flows.addVersion(ws, 'lead', { flowJson: FLOW_V2, createdAt: T0 + 2, createdBy: 'ana' });
    const missing = await h.storage.flows.publish(ws, 'lead', 3, { at: T0 + 3, by: 'bo' });
    assert.equal(missing.ok ? 'ok' : missing.code, 'UNKNOWN_VERSION');
    const published = await h.storage.flows.publish(ws, 'lead', 1, { at: T0 + 3, by: 'bo' });
    assert.equal(published.ok && published.value.status, 'published');
    assert.equal((await h.storage.flows.findPublishedVersion(ws, 'lead'))?.flowJson, FLOW_V1);
    const audit = await h.storage.audit.list(ws, { targetType: 'flow', targetId: 'lead' });
    assert.deepEqual(
      audit.map((e) => [e.actor, e.action]),
      [
        ['bo', 'flow.publish'],
        ['ana', 'flow.version'],
        ['ana', 'flow.version'],
        ['ana', 'flow.create'],
      ],
    );
    assert.deepEqual(audit[0]?.details, { version: 1 });
  });

  test('rolls back a Flow created in a transaction that fails', async () => {
    const ws = await h.newWorkspace();
    await assert.rejects(
      h.storage.transaction(async (tx) => {
        await tx.flows.create(ws, { id: 'doomed', name: 'Doomed', at: T0, by: 'ana' });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await h.storage.flows.find(ws, 'doomed'), undefined);
    assert.deepEqual(await h.storage.audit.list(ws), []);
  });
});
