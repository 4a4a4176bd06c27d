import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';

const corpus = (file: string): string => readFileSync(join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows', file), 'utf8');

describeApi('API Flow JSON upgrades', (h) => {
  async function create(id: string, file: string): Promise<void> {
    const res = await h().call('POST', '/api/v1/flows', { body: { id, name: id, flowJson: corpus(file) } });
    assert.equal(res.status, 201, res.text);
  }

  test('previews the upgrade of the latest version: report, upgraded document, diff; nothing saved', async () => {
    await create('old-dates', 'Agusioma-WhatsApp-Flows-Templates__appointment_flow.json');
    const res = await h().call('POST', '/api/v1/flows/old-dates/upgrade', { token: h().tokens.designer, body: {} });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body['ok'], true);
    assert.deepEqual([res.body['sourceVersion'], res.body['from'], res.body['to'], res.body['savedVersion']], [1, '3.0', '7.3', null]);
    assert.ok((res.body['changes'] as { code: string }[]).some((c) => c.code === 'DATE_CONVERTED'));
    assert.equal((JSON.parse(String(res.body['flowJson'])) as { version: string }).version, '7.3');
    const diff = res.body['diff'] as { unified: string; summary: { document: string[] } };
    assert.match(diff.unified, /^-\s+"min-date": "1693569600000",$/m);
    assert.match(diff.unified, /^\+\s+"min-date": "2023-09-01",$/m);
    assert.ok(diff.summary.document.includes('version'));
    const versions = await h().call('GET', '/api/v1/flows/old-dates/versions');
    assert.equal((versions.body['items'] as unknown[]).length, 1);
  });

  test('saves an upgrade needing no manual work as a new version with save: true', async () => {
    await create('old-if', 'pywa__v4_0_if.json');
    const res = await h().call('POST', '/api/v1/flows/old-if/upgrade', { token: h().tokens.designer, body: { to: '7.3', save: true } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body['savedVersion'], 2);
    const saved = await h().call('GET', '/api/v1/flows/old-if/versions/2');
    assert.equal((JSON.parse(String(saved.body['flowJson'])) as { version: string }).version, '7.3');
    assert.equal(saved.body['createdBy'], 'token:designer-token');
  });

  test('refuses to save an upgrade that needs manual work (422 with the report) and saves nothing', async () => {
    await create('old-survey', 'WhatsApp-Flows-Tools__survey.json');
    const res = await h().call('POST', '/api/v1/flows/old-survey/upgrade', { body: { save: true } });
    assert.equal(res.status, 422, res.text);
    const error = res.body['error'] as { code: string; details: { issues: { kind: string; code: string }[] } };
    assert.equal(error.code, 'UPGRADE_NEEDS_MANUAL_WORK');
    assert.ok(error.details.issues.some((i) => i.kind === 'manual' && i.code === 'UPGRADE_LABEL_REQUIRED'));
    assert.equal(((await h().call('GET', '/api/v1/flows/old-survey/versions')).body['items'] as unknown[]).length, 1);
  });

  test('upgrades a given flowJson or a given version, and refuses what cannot be upgraded', async () => {
    await create('given', 'flow-studio__ejemplo-completo.json');
    const given = await h().call('POST', '/api/v1/flows/given/upgrade', { body: { flowJson: corpus('pywa__v6_0_open_url.json'), to: '7.0' } });
    assert.equal(given.status, 200, given.text);
    assert.deepEqual([given.body['sourceVersion'], given.body['from'], given.body['to']], [null, '6.0', '7.0']);
    assert.equal((await h().call('POST', '/api/v1/flows/given/upgrade', { body: { version: 9 } })).status, 404);
    assert.equal((await h().call('POST', '/api/v1/flows/nope/upgrade', { body: {} })).status, 404);
    assert.equal((await h().call('POST', '/api/v1/flows/given/upgrade', { body: { to: '9.9' } })).status, 400);
    const older = await h().call('POST', '/api/v1/flows/given/upgrade', { body: { flowJson: { version: '7.3', screens: [] }, to: '7.0' } });
    assert.equal(older.status, 422);
    assert.equal((older.body['error'] as { code: string }).code, 'UPGRADE_REFUSED');
  });

  test('a viewer may not upgrade', async () => {
    const res = await h().call('POST', '/api/v1/flows/given/upgrade', { token: h().tokens.viewer, body: {} });
    assert.equal(res.status, 403);
  });

  test('lists each Flow\'s Flow JSON versions with the freeze status on the server\'s date', async () => {
    await create('current', 'flow-studio__encuesta-egresados.json');
    const res = await h().call('GET', '/api/v1/flow-json-versions', { token: h().tokens.viewer });
    assert.equal(res.status, 200, res.text);
    const items = res.body['items'] as { flowId: string; latestFlowJsonVersion: string | null; freeze: { kind: string; frozenOn: string } | null }[];
    const byId = new Map(items.map((i) => [i.flowId, i]));
    assert.deepEqual(byId.get('old-dates')?.freeze, { kind: 'frozen', version: '3.0', frozenOn: '2025-04-08' });
    assert.equal(byId.get('current')?.latestFlowJsonVersion, '7.3');
    assert.equal(byId.get('current')?.freeze, null);
    // Before the freeze date, an announced freeze is "freezing" with the days left.
    h().clock.now = Date.parse('2025-08-01T00:00:00Z');
    await create('five', 'pywa__v5_0_radio_buttons_with_pics.json');
    const early = await h().call('GET', '/api/v1/flow-json-versions');
    const five = (early.body['items'] as { flowId: string; freeze: { kind: string; daysLeft: number } }[]).find((i) => i.flowId === 'five');
    assert.deepEqual(five?.freeze, { kind: 'freezing', version: '5.0', frozenOn: '2025-09-10', daysLeft: 40 });
    h().clock.now = Date.parse('2026-06-01T09:00:00Z');
  });
});
