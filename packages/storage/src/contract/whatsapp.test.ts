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
