import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from '../test-support/describe-api.js';

describeApi('campaign and audience routes', (h) => {
  test('imports CSV contacts: E.164, opt-in required, duplicates merged, a report by line', async () => {
    const api = h();
    const csv = [
      'Phone,Name,Tags,opt_in_source,opt_in_at,plan',
      '+34 600 111 222,Ana,vip;spring,web form,2026-03-01T10:00:00Z,gold',
      '0034600111222,,autumn,web form,2026-03-02T10:00:00Z,',
      '0600 111 333,Bad,,web form,2026-03-01T10:00:00Z,',
      '+34 600 111 444,NoOptIn,,,,',
      '"+1 (555) 000-4242","Doe, John",,shop,1767225600000,basic',
      '+34 600 111 555,Future,,shop,2099-01-01T00:00:00Z,',
    ].join('\r\n');
    const res = await api.call('POST', '/api/v1/contacts/import', { body: { csv } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual({ ...res.body, errors: undefined }, { rows: 6, imported: 2, created: 2, updated: 0, duplicatesMerged: 1, notOptedIn: [], errorCount: 3, errors: undefined });
    const errors = res.body['errors'] as { line: number; code: string; column: string }[];
    assert.deepEqual(errors.map((e) => [e.line, e.code, e.column]), [[4, 'PHONE_INVALID', 'phone'], [5, 'OPT_IN_SOURCE_MISSING', 'opt_in_source'], [7, 'OPT_IN_IN_FUTURE', 'opt_in_at']]);
    const contacts = (await api.call('GET', '/api/v1/contacts')).body['items'] as { phone: string; name: string; tags: string[]; fields: Record<string, unknown>; optedIn: boolean }[];
    const ana = contacts.find((c) => c.phone === '+34600111222');
    assert.deepEqual([ana?.name, ana?.tags, ana?.fields, ana?.optedIn], ['Ana', ['vip', 'spring', 'autumn'], { plan: 'gold' }, true]);
    assert.equal(contacts.find((c) => c.phone === '+15550004242')?.name, 'Doe, John');
    // The import's defaults fill rows without their own opt-in.
    const defaulted = await api.call('POST', '/api/v1/contacts/import', { body: { csv: 'phone\n+34600111444', optInSource: 'event stand', optedInAt: '2026-04-01T00:00:00Z' } });
    assert.equal(defaulted.body['created'], 1, defaulted.text);
    const bad = await api.call('POST', '/api/v1/contacts/import', { body: { csv: 'name,tags\nAna,x' } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /must name a \\"phone\\" column/);
    assert.equal((await api.call('POST', '/api/v1/contacts/import', { token: api.tokens.viewer, body: { csv: 'phone\n+34600111999' } })).status, 403);
  });

  test('creates, starts, pauses, resumes and cancels a campaign; refuses bad input in words', async () => {
    const api = h();
    await api.storage.flows.create(api.workspaceA, { id: 'renewal', name: 'Renewal', at: 0, by: 'ana' });
    await api.storage.flows.addVersion(api.workspaceA, 'renewal', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
    const body = { name: 'spring-renewals', channel: 'whatsapp', kind: 'template', template: { name: 'renewal_offer', language: 'en_US' }, arms: [{ key: 'A', flowId: 'renewal', version: 1 }, { key: 'B', flowId: 'renewal', version: 1, weight: 2 }], segment: { tags: ['spring'] }, seed: 'fixed' };
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...body, name: 'Spring Renewals' }, 400, 'INVALID_NAME'],
      [{ ...body, arms: [{ key: 'A', flowId: 'renewal', version: 9 }] }, 404, 'UNKNOWN_VERSION'],
      [{ ...body, template: undefined }, 400, 'INVALID_MESSAGE'],
      [{ ...body, messagesPerSecond: 5000 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [input, status, code] of refusals) {
      const res = await api.call('POST', '/api/v1/campaigns', { body: input });
      assert.equal(res.status, status, res.text);
      assert.equal((res.body['error'] as { code: string }).code, code);
    }
    const created = await api.call('POST', '/api/v1/campaigns', { body });
    assert.equal(created.status, 201, created.text);
    const id = String(created.body['id']);
    assert.equal((await api.call('POST', '/api/v1/campaigns', { body })).status, 409, 'names are unique');
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/start`, { token: api.tokens.viewer })).status, 403);
    // Nothing reaches customers without review: an unpublished, unapproved version cannot start on WhatsApp.
    const unreviewed = await api.call('POST', `/api/v1/campaigns/${id}/start`);
    assert.equal(unreviewed.status, 409, unreviewed.text);
    assert.equal((unreviewed.body['error'] as { code: string }).code, 'NOT_APPROVED');
    assert.ok((await api.storage.flows.publish(api.workspaceA, 'renewal', 1, { at: 0, by: 'ana' })).ok);
    const started = await api.call('POST', `/api/v1/campaigns/${id}/start`);
    assert.equal(started.status, 200, started.text);
    assert.equal(started.body['recipients'], 1, 'one contact has the tag spring');
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/start`)).status, 409);
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/pause`)).body['status'], 'paused');
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/resume`)).body['status'], 'running');
    const view = await api.call('GET', `/api/v1/campaigns/${id}`, { token: api.tokens.viewer });
    assert.equal(view.status, 200);
    assert.equal((view.body['progress'] as { totals: { queued: number } }).totals.queued, 1);
    const comparison = await api.call('GET', `/api/v1/campaigns/${id}/comparison?confidence=0.99`, { token: api.tokens.viewer });
    assert.equal(comparison.status, 200, comparison.text);
    assert.equal((comparison.body['verdict'] as { kind: string }).kind, 'not-enough-data');
    assert.equal(comparison.body['confidence'], 0.99);
    const recipients = await api.call('GET', `/api/v1/campaigns/${id}/recipients?state=queued`);
    assert.equal((recipients.body['items'] as unknown[]).length, 1);
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/cancel`)).body['status'], 'cancelled');
    assert.equal((await api.call('POST', `/api/v1/campaigns/${id}/resume`)).status, 409);
    assert.equal((await api.call('GET', '/api/v1/campaigns', { token: api.tokenB })).body['items'] instanceof Array, true);
    assert.deepEqual((await api.call('GET', '/api/v1/campaigns', { token: api.tokenB })).body['items'], [], 'another workspace sees none');
    assert.equal((await api.call('GET', `/api/v1/campaigns/${id}`, { token: api.tokenB })).status, 404);
  });

  test('the audit log records contact imports and every campaign step with actor, time, and the state before and after; refused steps are not recorded', async () => {
    const api = h();
    const operator = api.tokens.operator;
    const call = (method: string, path: string, body?: unknown) => api.call(method, `/api/v1${path}`, { token: operator, ...(body === undefined ? {} : { body }) });
    api.clock.now += 60_000;
    const imported = await call('POST', '/contacts/import', { csv: 'phone,name,tags\n+34 611 000 001,Eva,audit\n+34 611 000 002,Luis,audit\nnot a phone,X,audit', optInSource: 'stand', optedInAt: '2026-05-01T00:00:00Z' });
    assert.equal(imported.status, 200, imported.text);
    const [importEntry] = (await api.call('GET', `/api/v1/audit?action=contacts.import&actor=token:operator-token`)).body['items'] as { actor: string; at: number; targetType: string; targetId: string; details: Record<string, unknown> }[];
    assert.deepEqual([importEntry?.actor, importEntry?.at, importEntry?.targetType, importEntry?.targetId], ['token:operator-token', api.clock.now, 'contacts', api.workspaceA]);
    assert.deepEqual(importEntry?.details, { rows: 3, imported: 2, created: 2, updated: 0, duplicatesMerged: 0, keptNotOptedIn: 0, errorCount: 1, optInSource: 'stand', optedInAt: '2026-05-01T00:00:00Z' });
    assert.doesNotMatch(JSON.stringify(importEntry), /611|Eva|Luis/, 'no phone or name in the audit log');
    const refusedImport = await call('POST', '/contacts/import', { csv: 'name\nAna' });
    assert.equal(refusedImport.status, 400);
    assert.equal(((await api.call('GET', '/api/v1/audit?action=contacts.import&actor=token:operator-token')).body['items'] as unknown[]).length, 1, 'a refused import changed nothing and is not recorded');

    if ((await api.storage.flows.find(api.workspaceA, 'renewal')) === undefined) {
      await api.storage.flows.create(api.workspaceA, { id: 'renewal', name: 'Renewal', at: 0, by: 'ana' });
      await api.storage.flows.addVersion(api.workspaceA, 'renewal', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
    }
    assert.ok((await api.storage.flows.publish(api.workspaceA, 'renewal', 1, { at: 0, by: 'ana' })).ok);
    const created = await call('POST', '/campaigns', { name: 'audited', channel: 'whatsapp', kind: 'template', template: { name: 'renewal_offer', language: 'en_US' }, arms: [{ key: 'A', flowId: 'renewal', version: 1 }], segment: { tags: ['audit'] }, seed: 'fixed' });
    assert.equal(created.status, 201, created.text);
    const id = String(created.body['id']);
    const steps: [string, string, unknown][] = [
      ['start', 'start', undefined], ['start', 'start (refused: not a draft)', undefined], ['pause', 'pause', undefined], ['resume', 'resume', undefined],
      ['review', 'review', { decision: 'mark-failed' }], ['cancel', 'cancel', undefined], ['resume', 'resume (refused: cancelled)', undefined],
    ];
    for (const [step, label, body] of steps) {
      api.clock.now += 1000;
      const res = await call('POST', `/campaigns/${id}/${step}`, body);
      assert.equal(res.status, label.includes('refused') ? 409 : 200, `${label}: ${res.text}`);
    }
    const entries = ((await api.call('GET', `/api/v1/audit?targetType=campaign&targetId=${id}`, { token: api.tokens.reviewer })).body['items'] as { action: string; actor: string; at: number; details: Record<string, unknown>; before: { status: string } | undefined; after: Record<string, unknown> }[]).reverse();
    assert.deepEqual(entries.map((e) => e.action), ['campaign.create', 'campaign.start', 'campaign.pause', 'campaign.resume', 'campaign.review', 'campaign.cancel']);
    assert.ok(entries.every((e) => e.actor === 'token:operator-token' && e.details['name'] === 'audited'));
    assert.deepEqual(entries.map((e) => e.at - (entries[0]?.at ?? 0)), [0, 1000, 3000, 4000, 5000, 6000], 'the time of each step');
    const [create, start, pause, resume, review, cancel] = entries;
    assert.deepEqual([create?.before, create?.after['status'], create?.after['seed'], (create?.after['definition'] as { segment: unknown }).segment], [undefined, 'draft', 'fixed', { tags: ['audit'], fields: {} }]);
    assert.deepEqual([start?.before?.status, start?.after['status'], start?.details['recipients']], ['draft', 'running', 2]);
    assert.deepEqual([pause?.before?.status, pause?.after['status']], ['running', 'paused']);
    assert.deepEqual([resume?.before?.status, resume?.after['status']], ['paused', 'running']);
    assert.deepEqual([review?.details['decision'], review?.details['recipients'], review?.before?.status, review?.after['status']], ['mark-failed', 0, 'running', 'running']);
    assert.deepEqual([cancel?.before?.status, cancel?.after['status'], cancel?.details['recipientsCancelled']], ['running', 'cancelled', 2]);
  });
});
