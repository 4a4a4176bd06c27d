import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';

const minimalFlow = (title: string): Record<string, unknown> => ({
  version: '7.0',
  screens: [
    {
      id: 'WELCOME',
      title,
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextInput', name: 'first_name', label: 'First name', required: true },
          { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: { first_name: '${form.first_name}' } } },
        ],
      },
    },
  ],
});

describeApi('API flows and versions', (h) => {
  /** Takes a version through review (docs/governance.md): a designer submits it, a reviewer approves it. */
  const approve = async (flowId: string, version: number): Promise<void> => {
    const submitted = await h().call('POST', `/api/v1/flows/${flowId}/versions/${version}/submit`, { token: h().tokens.designer });
    assert.equal(submitted.status, 200, submitted.text);
    const approved = await h().call('POST', `/api/v1/flows/${flowId}/versions/${version}/approve`, { token: h().tokens.reviewer });
    assert.equal(approved.status, 200, approved.text);
  };

  test('lists the six templates and creates a Flow from one, validated, with its endpoint configuration', async () => {
    const templates = await h().call('GET', '/api/v1/templates', { token: h().tokens.viewer });
    assert.equal(templates.status, 200);
    const ids = (templates.body as unknown as Array<{ id: string }>).map((t) => t.id);
    assert.deepEqual(ids, ['appointment-booking', 'feedback', 'lead-qualification', 'registration', 'support-triage', 'survey']);
    const created = await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id: 'booking', name: 'Booking', template: 'appointment-booking' } });
    assert.equal(created.status, 201, created.text);
    assert.equal((created.body['flow'] as { latestVersion: number }).latestVersion, 1);
    const config = await h().call('GET', '/api/v1/flows/booking/versions/1/endpoint-config');
    assert.equal(config.status, 200);
    assert.notEqual(config.body['endpointConfig'], null);
  });

  test('saving a version keeps the endpoint configuration; a Flow that needs an endpoint and has none cannot be published, with the reason', async () => {
    const created = await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id: 'kept', name: 'Kept', template: 'appointment-booking' } });
    assert.equal(created.status, 201, created.text);
    const v1 = await h().call('GET', '/api/v1/flows/kept/versions/1');
    // The studio's "Save version": the edited Flow JSON only.
    const edited = String(v1.body['flowJson']).replace('"Book an appointment"', '"Book a visit"');
    const saved = await h().call('POST', '/api/v1/flows/kept/versions', { token: h().tokens.designer, body: { flowJson: edited } });
    assert.equal(saved.status, 201, saved.text);
    assert.notEqual((saved.body['version'] as { endpointConfig: unknown }).endpointConfig, null);
    assert.deepEqual(saved.body['endpoint'], { need: 'the Flow JSON declares data_api_version "3.0"', hasEndpointConfig: true, publishable: true, problems: [] });
    const config1 = (await h().call('GET', '/api/v1/flows/kept/versions/1/endpoint-config')).body['endpointConfig'];
    assert.deepEqual((await h().call('GET', '/api/v1/flows/kept/versions/2/endpoint-config')).body['endpointConfig'], config1);
    await approve('kept', 2);
    assert.equal((await h().call('POST', '/api/v1/flows/kept/publish', { body: { version: 2 } })).status, 200);
    // Removing the endpoint explicitly: saved, reported, and refused at publish with the reason.
    const removed = await h().call('POST', '/api/v1/flows/kept/versions', { token: h().tokens.designer, body: { flowJson: edited, endpointConfig: null } });
    assert.equal(removed.status, 201, removed.text);
    assert.equal((removed.body['endpoint'] as { publishable: boolean }).publishable, false);
    const refused = await h().call('POST', '/api/v1/flows/kept/publish', { body: { version: 3 } });
    assert.equal(refused.status, 422);
    const error = refused.body['error'] as { code: string; message: string };
    assert.equal(error.code, 'ENDPOINT_REQUIRED');
    assert.match(error.message, /data_api_version "3\.0", but it has no endpoint configuration/);
    // The next version without endpointConfig inherits "none" from version 3.
    const next = await h().call('POST', '/api/v1/flows/kept/versions', { body: { flowJson: edited } });
    assert.equal((next.body['version'] as { endpointConfig: unknown }).endpointConfig, null);
    const listed = (await h().call('GET', '/api/v1/flows/kept/versions')).body['items'] as { number: number; hasEndpointConfig: boolean }[];
    assert.deepEqual(listed.map((v) => [v.number, v.hasEndpointConfig]), [[4, false], [3, false], [2, true], [1, true]]);
  });

  test('an endpoint configuration that does not fit the Flow is reported by the check and refused at publish', async () => {
    await h().call('POST', '/api/v1/flows', { body: { id: 'misfit', name: 'Misfit', template: 'appointment-booking' } });
    const config = (await h().call('GET', '/api/v1/flows/misfit/versions/1/endpoint-config')).body['endpointConfig'] as Record<string, unknown>;
    const broken = { ...config, INIT: { screen: 'NOWHERE', data: {} }, data_exchange: { ...(config['data_exchange'] as Record<string, unknown>), GHOST: { screen: 'SUCCESS' } } };
    const check = await h().call('POST', '/api/v1/flows/misfit/endpoint-config/check', { token: h().tokens.viewer, body: { endpointConfig: broken } });
    assert.equal(check.status, 200, check.text);
    assert.equal(check.body['publishable'], false);
    assert.deepEqual((check.body['problems'] as { code: string; pointer: string }[]).map((p) => `${p.code} ${p.pointer}`), [
      'ENDPOINT_UNKNOWN_SCREEN /INIT/screen',
      'ENDPOINT_UNKNOWN_SCREEN /data_exchange/GHOST',
    ]);
    const v1 = await h().call('GET', '/api/v1/flows/misfit/versions/1');
    await h().call('POST', '/api/v1/flows/misfit/versions', { body: { flowJson: String(v1.body['flowJson']), endpointConfig: broken } });
    const refused = await h().call('POST', '/api/v1/flows/misfit/publish', { body: { version: 2 } });
    assert.equal(refused.status, 422);
    assert.equal((refused.body['error'] as { code: string }).code, 'ENDPOINT_MISMATCH');
  });

  test('refuses an unknown template, a duplicate id and a bad slug with clear 4xx errors', async () => {
    const unknown = await h().call('POST', '/api/v1/flows', { body: { id: 'x1', name: 'X', template: 'nope' } });
    assert.equal(unknown.status, 400);
    assert.equal((unknown.body['error'] as { code: string }).code, 'UNKNOWN_TEMPLATE');
    await h().call('POST', '/api/v1/flows', { body: { id: 'dup', name: 'Dup', flowJson: minimalFlow('One') } });
    const duplicate = await h().call('POST', '/api/v1/flows', { body: { id: 'dup', name: 'Dup', flowJson: minimalFlow('One') } });
    assert.equal(duplicate.status, 409);
    const slug = await h().call('POST', '/api/v1/flows', { body: { id: 'Bad Slug!', name: 'X', flowJson: minimalFlow('One') } });
    assert.equal(slug.status, 400);
    const error = slug.body['error'] as { code: string; details: { issues: Array<{ in: string; pointer: string }> } };
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.details.issues.map((i) => `${i.in}:${i.pointer}`), ['body:/id']);
  });

  test('refuses unknown body properties and wrong types, naming each one', async () => {
    const res = await h().call('POST', '/api/v1/flows', { body: { id: 'ok-id', name: 42, colour: 'red' } });
    assert.equal(res.status, 400);
    const issues = (res.body['error'] as { details: { issues: Array<{ pointer: string }> } }).details.issues.map((i) => i.pointer).sort();
    assert.deepEqual(issues, ['/colour', '/name']);
    const badJson = await h().call('POST', '/api/v1/flows', { rawBody: '{"id": ' });
    assert.equal(badJson.status, 400);
    assert.equal((badJson.body['error'] as { code: string }).code, 'INVALID_JSON');
  });

  test('a new version with errors is refused (422) with problems carrying line and column', async () => {
    await h().call('POST', '/api/v1/flows', { body: { id: 'signup', name: 'Signup', flowJson: minimalFlow('Welcome') } });
    const text = JSON.stringify({ version: '7.0', screens: [{ id: 'WELCOME', title: 'Hi', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'no footer' }] } }] }, null, 2);
    const res = await h().call('POST', '/api/v1/flows/signup/versions', { body: { flowJson: text } });
    assert.equal(res.status, 422, res.text);
    const error = res.body['error'] as { code: string; details: { errors: Array<{ code: string; line: number; column: number }> } };
    assert.equal(error.code, 'INVALID_FLOW_JSON');
    const missingFooter = error.details.errors.find((e) => e.code === 'MISSING_FOOTER_ON_TERMINAL_SCREEN');
    assert.ok(missingFooter !== undefined, JSON.stringify(error.details.errors));
    assert.ok(missingFooter.line > 1 && missingFooter.column >= 1);
    const versions = await h().call('GET', '/api/v1/flows/signup/versions');
    assert.equal((versions.body['items'] as unknown[]).length, 1, 'nothing was stored');
  });

  test('POST /validate reports problems without saving, and accepts a valid document', async () => {
    const bad = await h().call('POST', '/api/v1/validate', { token: h().tokens.viewer, body: { flowJson: '{"version": "7.0", "screens": [' } });
    assert.equal(bad.status, 200);
    assert.equal(bad.body['valid'], false);
    assert.ok((bad.body['errors'] as Array<{ line: number }>).every((e) => typeof e.line === 'number'));
    const good = await h().call('POST', '/api/v1/validate', { body: { flowJson: minimalFlow('Fine') } });
    assert.equal(good.body['valid'], true);
  });

  test('versions are listed newest first, exported verbatim, diffed, and publishing changes the status', async () => {
    const v2 = minimalFlow('Welcome back');
    const screens = v2['screens'] as Array<{ layout: { children: unknown[] } }>;
    screens[0]?.layout.children.splice(1, 0, { type: 'TextInput', name: 'email', label: 'Email', 'input-type': 'email' });
    const added = await h().call('POST', '/api/v1/flows/signup/versions', { token: h().tokens.designer, body: { flowJson: v2 } });
    assert.equal(added.status, 201, added.text);
    const list = await h().call('GET', '/api/v1/flows/signup/versions');
    assert.deepEqual((list.body['items'] as Array<{ number: number }>).map((v) => v.number), [2, 1]);

    const diff = await h().call('GET', '/api/v1/flows/signup/diff?from=1&to=2');
    assert.equal(diff.status, 200);
    const unified = diff.body['unified'] as string;
    assert.match(unified, /^-.*"title": "Welcome",?$/m);
    assert.match(unified, /^\+.*"title": "Welcome back",?$/m);
    assert.match(unified, /^\+.*"name": "email",?$/m);
    const summary = diff.body['summary'] as { screens: { changed: string[] }; components: { added: Array<{ key: string }>; changed: unknown[] } };
    assert.deepEqual(summary.screens.changed, ['WELCOME']);
    assert.deepEqual(summary.components.added.map((c) => c.key), ['email']);
    assert.deepEqual(summary.components.changed, []);

    const forbidden = await h().call('POST', '/api/v1/flows/signup/publish', { token: h().tokens.designer, body: { version: 2 } });
    assert.equal(forbidden.status, 403);
    const unapproved = await h().call('POST', '/api/v1/flows/signup/publish', { body: { version: 2 } });
    assert.equal(unapproved.status, 409, 'a version that was never approved is not published');
    assert.equal((unapproved.body['error'] as { code: string }).code, 'NOT_APPROVED');
    await approve('signup', 2);
    const published = await h().call('POST', '/api/v1/flows/signup/publish', { body: { version: 2 } });
    assert.equal(published.status, 200, published.text);
    assert.equal(published.body['status'], 'published');
    assert.equal(published.body['publishedVersion'], 2);
    const exported = await h().call('GET', '/api/v1/flows/signup/export');
    assert.equal(exported.headers.get('content-disposition'), 'attachment; filename="signup.v2.flow.json"');
    assert.equal(exported.text, `${JSON.stringify(v2, null, 2)}\n`);
    const deprecated = await h().call('POST', '/api/v1/flows/signup/status', { body: { status: 'deprecated' } });
    assert.equal(deprecated.body['status'], 'deprecated');
    const audit = await h().call('GET', '/api/v1/audit?targetType=flow&targetId=signup');
    assert.ok((audit.body['items'] as Array<{ action: string }>).length >= 3);
  });

  test('a Flow JSON given as text is stored verbatim, so positions match the editor', async () => {
    const text = `{"version":"7.0","screens":[{"id":"ONE","title":"One","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"complete","payload":{}}}]}}]}`;
    const created = await h().call('POST', '/api/v1/flows', { body: { id: 'compact', name: 'Compact', flowJson: text } });
    assert.equal(created.status, 201, created.text);
    const version = await h().call('GET', '/api/v1/flows/compact/versions/1');
    assert.equal(version.body['flowJson'], text);
    const contract = await h().call('GET', '/api/v1/flows/compact/contract');
    assert.equal(contract.status, 200);
    assert.ok(typeof contract.body['contract'] === 'object');
  });

  test('lists page with limit and cursor until nextCursor is null, and reject a forged cursor', async () => {
    for (let i = 0; i < 5; i += 1) await h().call('POST', '/api/v1/flows', { body: { id: `paged-${i}`, name: `Paged ${i}`, flowJson: minimalFlow(`P${i}`) } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`;
      const page = await h().call('GET', `/api/v1/flows${query}`);
      assert.equal(page.status, 200);
      const items = page.body['items'] as Array<{ id: string }>;
      assert.ok(items.length <= 3);
      seen.push(...items.map((f) => f.id));
      cursor = page.body['nextCursor'] as string | null;
      pages += 1;
    } while (cursor !== null && pages < 20);
    const all = await h().call('GET', '/api/v1/flows?limit=200');
    assert.deepEqual(seen, (all.body['items'] as Array<{ id: string }>).map((f) => f.id));
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(pages >= 3);
    assert.equal((await h().call('GET', '/api/v1/flows?cursor=bogus')).status, 400);
    assert.equal((await h().call('GET', '/api/v1/flows?limit=0')).status, 400);
  });
});
