import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describeContract('WhatsApp connection, Meta Flows and fidelity findings', (h) => {
  test('saves a connection, keeps sealed secrets that are not given again, and forgets the key status when the number changes', async () => {
    const ws = await h.newWorkspace();
    assert.equal(await h.storage.whatsapp.findConnection(ws), undefined);
    await h.storage.whatsapp.saveConnection(ws, { wabaId: '1', phoneNumberId: '2', graphBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v23.0', accessTokenSealed: 'sealed-token', appSecretSealed: 'sealed-secret', at: T0 });
    await h.storage.whatsapp.recordKeyStatus(ws, 'VALID', T0 + 1);
    const kept = await h.storage.whatsapp.saveConnection(ws, { wabaId: '1', phoneNumberId: '2', graphBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0', at: T0 + 2 });
    assert.deepEqual([kept.accessTokenSealed, kept.appSecretSealed, kept.verifyTokenSealed, kept.keyStatus, kept.graphApiVersion], ['sealed-token', 'sealed-secret', null, 'VALID', 'v24.0']);
    const moved = await h.storage.whatsapp.saveConnection(ws, { wabaId: '1', phoneNumberId: '3', graphBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0', appSecretSealed: null, at: T0 + 3 });
    assert.deepEqual([moved.keyStatus, moved.appSecretSealed], [null, null]);
    assert.deepEqual(await h.storage.whatsapp.findConnection(ws), moved);
    assert.deepEqual(await h.storage.whatsapp.locateWorkspacesOfWaba('1'), [ws]);
    assert.deepEqual(await h.storage.whatsapp.locateWorkspacesOfWaba('404'), []);
    const other = await h.newWorkspace();
    assert.equal(await h.storage.whatsapp.findConnection(other), undefined);
    await assert.rejects(h.storage.whatsapp.saveConnection(other, { wabaId: '1', phoneNumberId: '9', graphBaseUrl: 'x', graphApiVersion: 'v23.0', at: T0 }));
    assert.equal(await h.storage.whatsapp.deleteConnection(ws), true);
    assert.equal(await h.storage.whatsapp.findConnection(ws), undefined);
  });

  test('keeps a history of Meta Flows per Flow, newest first, and locates one by Meta id across workspaces', async () => {
    const ws = await h.newWorkspace();
    await h.storage.whatsapp.addMetaFlow(ws, { graphFlowId: `m1-${ws}`, flowId: 'booking', name: 'Booking', status: 'DRAFT', at: T0 });
    await h.storage.whatsapp.addMetaFlow(ws, { graphFlowId: `m2-${ws}`, flowId: 'booking', name: 'Booking v2', status: 'DRAFT', at: T0 + 10 });
    const updated = await h.storage.whatsapp.updateMetaFlow(ws, `m1-${ws}`, { status: 'PUBLISHED', version: 1, validationErrors: [{ error: 'X', line_start: 1 }], health: { can_send_message: 'AVAILABLE' }, at: T0 + 20 });
    assert.deepEqual([updated?.status, updated?.version, updated?.validationErrors, updated?.health], ['PUBLISHED', 1, [{ error: 'X', line_start: 1 }], { can_send_message: 'AVAILABLE' }]);
    assert.deepEqual((await h.storage.whatsapp.listMetaFlows(ws, 'booking')).map((m) => m.graphFlowId), [`m2-${ws}`, `m1-${ws}`]);
    assert.equal((await h.storage.whatsapp.locateMetaFlow(`m1-${ws}`))?.workspaceId, ws);
    assert.equal(await h.storage.whatsapp.locateMetaFlow('nobody'), undefined);
    assert.equal(await h.storage.whatsapp.updateMetaFlow(ws, 'nobody', { status: 'X', at: T0 }), undefined);
    const other = await h.newWorkspace();
    assert.deepEqual(await h.storage.whatsapp.listMetaFlows(other, 'booking'), []);
  });

  test('records the language of each Meta Flow of a Flow: null for the source build, a tag for a translated one (migration 0022)', async () => {
    const ws = await h.newWorkspace();
    const source = await h.storage.whatsapp.addMetaFlow(ws, { graphFlowId: `l1-${ws}`, flowId: 'booking', name: 'Booking', status: 'DRAFT', at: T0 });
    const spanish = await h.storage.whatsapp.addMetaFlow(ws, { graphFlowId: `l2-${ws}`, flowId: 'booking', name: 'Booking (es)', status: 'DRAFT', language: 'es', at: T0 + 1 });
    assert.deepEqual([source.language, spanish.language], [null, 'es']);
    const updated = await h.storage.whatsapp.updateMetaFlow(ws, `l2-${ws}`, { status: 'PUBLISHED', version: 3, at: T0 + 2 });
    assert.deepEqual([updated?.language, updated?.status, updated?.version], ['es', 'PUBLISHED', 3]);
    assert.deepEqual((await h.storage.whatsapp.listMetaFlows(ws, 'booking')).map((m) => [m.graphFlowId, m.language]), [[`l2-${ws}`, 'es'], [`l1-${ws}`, null]]);
    assert.equal((await h.storage.whatsapp.locateMetaFlow(`l2-${ws}`))?.language, 'es');
    assert.deepEqual((await h.storage.whatsapp.listAllMetaFlows(ws)).map((m) => m.language), ['es', null]);
  });

  test('marks a Meta Flow retiring and lists the retiring ones of every workspace, oldest first; null ends it', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    await h.storage.whatsapp.addMetaFlow(ws, { graphFlowId: `r1-${ws}`, flowId: 'booking', name: 'Booking', status: 'PUBLISHED', at: T0 });
    await h.storage.whatsapp.addMetaFlow(other, { graphFlowId: `r2-${other}`, flowId: 'booking', name: 'Booking', status: 'PUBLISHED', at: T0 });
    assert.equal((await h.storage.whatsapp.listMetaFlows(ws, 'booking'))[0]?.retiringAt, null);
    await h.storage.whatsapp.updateMetaFlow(other, `r2-${other}`, { retiringAt: T0 + 5, at: T0 + 5 });
    const marked = await h.storage.whatsapp.updateMetaFlow(ws, `r1-${ws}`, { retiringAt: T0 + 9, at: T0 + 9 });
    assert.deepEqual([marked?.retiringAt, marked?.status], [T0 + 9, 'PUBLISHED']);
    const mine = (await h.storage.whatsapp.listRetiringMetaFlows()).filter((m) => m.graphFlowId === `r1-${ws}` || m.graphFlowId === `r2-${other}`);
    assert.deepEqual(mine.map((m) => [m.workspaceId, m.graphFlowId]), [[other, `r2-${other}`], [ws, `r1-${ws}`]]);
    await h.storage.whatsapp.updateMetaFlow(ws, `r1-${ws}`, { status: 'DEPRECATED', retiringAt: null, at: T0 + 20 });
    assert.equal((await h.storage.whatsapp.listRetiringMetaFlows()).some((m) => m.graphFlowId === `r1-${ws}`), false);
    assert.equal((await h.storage.whatsapp.locateMetaFlow(`r1-${ws}`))?.retiringAt, null);
  });

  test('counts the open sends of each Meta Flow made since an instant: completed, failed, expired, older and sandbox sends do not count', async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'booking', name: 'Booking', at: 0, by: 'ana' });
    await h.storage.flows.addVersion(ws, 'booking', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
    const contact = await h.storage.contacts.upsert(ws, { phone: '+351900000009', at: 0 });
    const send = async (graphFlowId: string | undefined, at: number) => {
      const made = await h.storage.sends.create(ws, { flowId: 'booking', version: 1, contactId: contact.id, channel: graphFlowId === undefined ? 'sandbox' : 'whatsapp', ...(graphFlowId === undefined ? {} : { graphFlowId }), at });
      assert.ok(made.ok);
      return made.value;
    };
    const open = await send('old', T0 + 10);
    assert.equal(open.graphFlowId, 'old');
    assert.equal((await h.storage.sends.find(ws, open.id))?.graphFlowId, 'old');
    await h.storage.sends.updateStatus(ws, (await send('old', T0 + 11)).id, { status: 'read', at: T0 + 12 });
    for (const status of ['completed', 'failed', 'expired'] as const) await h.storage.sends.updateStatus(ws, (await send('old', T0 + 10)).id, { status, at: T0 + 13 });
    await send('old', T0 - 1);
    await send('new', T0 + 10);
    await send(undefined, T0 + 10);
    const counts = await h.storage.sends.countOpenByGraphFlow(ws, ['old', 'new', 'unused'], T0);
    assert.deepEqual([...counts.entries()].sort(), [['new', 1], ['old', 2]]);
    assert.equal((await h.storage.sends.countOpenByGraphFlow(await h.newWorkspace(), ['old'], T0)).size, 0, 'scoped by workspace');
    assert.equal((await h.storage.sends.countOpenByGraphFlow(ws, [], T0)).size, 0);
    await h.storage.sends.updateStatus(ws, open.id, { status: 'completed', at: T0 + 30 });
    assert.equal((await h.storage.sends.countOpenByGraphFlow(ws, ['old'], T0)).get('old'), 1);
  });

  test('keeps FLOW-button templates per name and language with Meta\'s review status', async () => {
    const ws = await h.newWorkspace();
    const base = { category: 'MARKETING', flowId: 'booking', graphFlowId: 'm1', components: [{ type: 'body', text: 'Hi' }] };
    await h.storage.whatsapp.saveTemplate(ws, { ...base, name: 'book_now', language: 'en_US', graphTemplateId: `t1-${ws}`, status: 'PENDING', at: T0 });
    await h.storage.whatsapp.saveTemplate(ws, { ...base, name: 'book_now', language: 'pt_PT', graphTemplateId: `t2-${ws}`, status: 'PENDING', at: T0 });
    assert.equal(await h.storage.whatsapp.updateTemplateStatus(ws, `t1-${ws}`, 'REJECTED', 'INVALID_FORMAT', T0 + 1), true);
    assert.equal(await h.storage.whatsapp.updateTemplateStatus(ws, 'nobody', 'APPROVED', null, T0 + 1), false);
    const listed = await h.storage.whatsapp.listTemplates(ws);
    assert.deepEqual(listed.map((t) => [t.language, t.status, t.reason]), [['en_US', 'REJECTED', 'INVALID_FORMAT'], ['pt_PT', 'PENDING', null]]);
    assert.deepEqual(listed[0]?.components, [{ type: 'body', text: 'Hi' }]);
    const located = await h.storage.whatsapp.locateTemplate(`t2-${ws}`);
    assert.deepEqual([located?.workspaceId, located?.name, located?.language], [ws, 'book_now', 'pt_PT']);
    assert.equal(await h.storage.whatsapp.locateTemplate('nobody'), undefined);
    assert.deepEqual(await h.storage.whatsapp.listTemplates(await h.newWorkspace()), []);
    assert.equal(await h.storage.whatsapp.deleteTemplates(ws, 'book_now'), 2);
    assert.deepEqual(await h.storage.whatsapp.listTemplates(ws), []);
  });

  test('records fidelity findings, newest first, filtered by Flow', async () => {
    const ws = await h.newWorkspace();
    await h.storage.whatsapp.recordFinding(ws, { flowId: 'a', version: 1, graphFlowId: 'm', kind: 'meta_only', details: { meta: [1] }, at: T0 });
    await h.storage.whatsapp.recordFinding(ws, { flowId: 'b', version: 2, graphFlowId: 'n', kind: 'flowline_only', details: {}, at: T0 + 1 });
    assert.deepEqual((await h.storage.whatsapp.listFindings(ws)).map((f) => f.flowId), ['b', 'a']);
    const [only] = await h.storage.whatsapp.listFindings(ws, { flowId: 'a' });
    assert.deepEqual([only?.kind, only?.version, only?.details], ['meta_only', 1, { meta: [1] }]);
  });
});
