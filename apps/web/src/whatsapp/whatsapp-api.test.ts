import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaStatusText, placeText, screenIdsOf, toConnectionView, toFlowOnMeta, toHealth, toKeyRotation, toLinkableMetaFlows, toMetaErrors, toTemplates, toWorkspaceAlerts } from './whatsapp-api.js';

test('a connection view never carries a secret, only whether it is set', () => {
  const view = toConnectionView({ configured: true, source: 'api', wabaId: '1', phoneNumberId: '2', secrets: { accessToken: true, appSecret: false }, publicKey: { signatureStatus: 'VALID' }, accessToken: 'leaked?' });
  assert.deepEqual(view.secrets, { accessToken: true, appSecret: false, webhookVerifyToken: false });
  assert.equal(view.keyStatus, 'VALID');
  assert.equal(JSON.stringify(view).includes('leaked?'), false);
});

test("Meta's validation errors keep their line and column", () => {
  const [error] = toMetaErrors([{ error: 'INVALID_PROPERTY_VALUE', message: 'bad title', line_start: 6, column_start: 16 }]);
  assert.ok(error !== undefined);
  assert.equal(placeText(error), 'line 6, column 16');
  assert.equal(placeText({ code: 'X', message: '', line: undefined, column: undefined }), '—');
});

test('the Flow on Meta: current, history, alerts and the send refusal; odd fields are skipped', () => {
  const state = toFlowOnMeta({
    current: { graphFlowId: '72', name: 'Visit (2)', status: 'PUBLISHED', version: 3, validationErrors: [] },
    history: [{ graphFlowId: '72', status: 'PUBLISHED' }, { graphFlowId: '71', status: 'DEPRECATED' }, { status: 'no id' }],
    alerts: [{ id: 'a', graphFlowId: '72', event: 'ENDPOINT_LATENCY', alertState: 'ACTIVATED', message: 'slow', at: 5 }],
    sendRefusal: null, findings: [{}, {}],
  });
  assert.equal(state.current?.graphFlowId, '72');
  assert.deepEqual(state.history.map((m) => m.graphFlowId), ['72', '71']);
  assert.equal(state.alerts[0]?.event, 'ENDPOINT_LATENCY');
  assert.equal(state.sendRefusal, undefined);
  assert.equal(state.findings, 2);
});

test("Meta's health_status reasons are read per entity", () => {
  const health = toHealth({ can_send_message: 'BLOCKED', entities: [{ entity_type: 'FLOW', id: '72', can_send_message: 'BLOCKED', errors: [{ error_code: 131000, error_description: 'endpoint unavailable', possible_solution: 'fix the endpoint' }] }] });
  assert.equal(health.canSend, 'BLOCKED');
  assert.deepEqual(health.reasons, ['FLOW 72: endpoint unavailable — fix the endpoint']);
});

test('a retiring Meta Flow reads as "retiring (N customers still in it)"; others show Meta\'s status', () => {
  const state = toFlowOnMeta({ history: [
    { graphFlowId: '2', status: 'PUBLISHED', retiringAt: null },
    { graphFlowId: '1', status: 'PUBLISHED', retiringAt: 5, openSends: 3 },
    { graphFlowId: '0', status: 'PUBLISHED', retiringAt: 4, openSends: 1 },
  ] });
  assert.deepEqual(state.history.map(metaStatusText), ['PUBLISHED', 'retiring (3 customers still in it)', 'retiring (1 customer still in it)']);
});

test('the dashboard alerts, the linkable Meta-only Flows and the screens of a Flow JSON are read tolerantly', () => {
  assert.deepEqual(toWorkspaceAlerts({ items: [{ flowId: 'a', graphFlowId: '1', kind: 'status', event: 'THROTTLED', at: 3 }, { flowId: 'b', kind: 'alert', event: 'ENDPOINT_LATENCY', alertState: 'ACTIVATED' }, { kind: 'alert' }] }).map((a) => [a.flowId, a.kind, a.event]),
    [['a', 'status', 'THROTTLED'], ['b', 'alert', 'ENDPOINT_LATENCY']]);
  assert.deepEqual(toLinkableMetaFlows({ items: [{ graphFlowId: '7', name: 'Made on Meta', status: 'DRAFT', state: 'meta_only' }, { graphFlowId: '8', state: 'in_sync' }] }), [{ graphFlowId: '7', name: 'Made on Meta', status: 'DRAFT' }]);
  assert.deepEqual(screenIdsOf(JSON.stringify({ screens: [{ id: 'ONE' }, { title: 'no id' }, { id: 'TWO' }] })), ['ONE', 'TWO']);
  assert.deepEqual(screenIdsOf('not json'), []);
});

test('toKeyRotation reads the key ring view: names and times, odd entries dropped', () => {
  assert.deepEqual(toKeyRotation({
    current: { fingerprint: 'aaaa000011112222', publicKeyPem: '-----BEGIN PUBLIC KEY-----' }, staged: null,
    previous: [{ fingerprint: 'bbbb000011112222', retiresAt: '2026-05-05T10:00:00.000Z' }, { fingerprint: 7 }, 'x'], graceHours: 24,
  }), { current: 'aaaa000011112222', staged: undefined, previous: [{ fingerprint: 'bbbb000011112222', retiresAt: '2026-05-05T10:00:00.000Z' }], graceHours: 24 });
  assert.deepEqual(toKeyRotation('nonsense'), { current: undefined, staged: undefined, previous: [], graceHours: undefined });
});

test('each language of a Flow on Meta: its own Meta Flow and what its sends open; history rows and templates carry their language', () => {
  const state = toFlowOnMeta({
    current: { graphFlowId: '10', status: 'PUBLISHED', language: null },
    history: [{ graphFlowId: '11', status: 'PUBLISHED', language: 'es' }, { graphFlowId: '10', status: 'PUBLISHED', language: null }],
    languages: [
      { language: 'en', source: true, current: { graphFlowId: '10', status: 'PUBLISHED' }, sendsOpen: { graphFlowId: '10', language: 'en' } },
      { language: 'es', source: false, current: { graphFlowId: '11', status: 'PUBLISHED' }, sendsOpen: { graphFlowId: '11', language: 'es' } },
      { language: 'fr', source: false, current: null, sendsOpen: { graphFlowId: '10', language: 'en' } },
      { source: false },
    ],
  });
  assert.deepEqual(state.history.map((m) => [m.graphFlowId, m.language]), [['11', 'es'], ['10', undefined]]);
  assert.deepEqual(state.languages.map((l) => [l.language, l.source, l.current?.graphFlowId, l.sendsOpen.graphFlowId, l.sendsOpen.language]), [
    ['en', true, '10', '10', 'en'], ['es', false, '11', '11', 'es'], ['fr', false, undefined, '10', 'en'],
  ]);
  assert.deepEqual(toFlowOnMeta({}).languages, []);
  assert.deepEqual(toTemplates({ items: [{ name: 't', language: 'es', graphFlowId: '11', flowLanguage: 'es' }, { name: 't', language: 'en_US', graphFlowId: '10', flowLanguage: null }] }).map((t) => [t.language, t.flowLanguage]), [['es', 'es'], ['en_US', undefined]]);
});
