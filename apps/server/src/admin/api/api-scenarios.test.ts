import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { inlineRequestDecryptor } from '@flowline/protocol';
import { ROLES } from '@flowline/storage';
import { createStorageCalendarStore } from '../../endpoint/calendar/storage-calendar-store.js';
import { createScenarioEndpoint } from '../scenarios/scenario-endpoint.js';
import { createFetchJson } from '../../endpoint/sources/fetch-json.js';
import { createStorageLookupStore } from '../../endpoint/stores/storage-lookup-store.js';
import { isAllowed } from './permissions.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

/** A one-screen Flow completing with the given form fields (each a required TextInput). */
const flowWith = (fields: readonly string[]): Record<string, unknown> => ({
  version: '7.0',
  screens: [{
    id: 'LEAD', title: 'Lead', terminal: true,
    layout: { type: 'SingleColumnLayout', children: [
      ...fields.map((name) => ({ type: 'TextInput', name, label: name, required: true })),
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: Object.fromEntries(fields.map((f) => [f, `\${form.${f}}`])) } },
    ] },
  }],
});

const COMPLETES = { name: 'a lead completes', steps: [{ fill: { name: 'Ana', urgency: 'high' } }, { press: 'footer' }, { expect: { completed: { name: 'Ana', urgency: 'high' } } }] };
const NAME_REQUIRED = { name: 'the name is required', steps: [{ press: 'footer' }, { expect: { screen: 'LEAD', errors: { name: true } } }] };

interface RunResult { name: string; passed: boolean; steps: number; failure: { step: number | null; stepJson: string | null; message: string } | null; transcript: string[] }
interface Run { version: number; total: number; passed: number; failed: number; results: RunResult[] }

describeApi('API scenario tests stored per Flow and run in reviews', (h) => {
  let flows = 0;
  const newFlow = async (fields: readonly string[] = ['name', 'urgency']): Promise<string> => {
    flows += 1;
    const id = `scn-${flows}`;
    const created = await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id, name: 'Lead', flowJson: flowWith(fields) } });
    assert.equal(created.status, 201, created.text);
    return id;
  };
  const put = (api: ApiHarness, id: string, scenarios: unknown[], token = h().tokens.designer) => api.call('PUT', `/api/v1/flows/${id}/scenarios`, { token, body: { scenarios } });
  const runOf = async (api: ApiHarness, id: string, version: number): Promise<Run> => {
    const review = await api.call('GET', `/api/v1/flows/${id}/versions/${version}/review`, { token: h().tokens.reviewer });
    assert.equal(review.status, 200, review.text);
    return review.body['scenarios'] as Run;
  };

  test('save and list: designer and admin write (any role reads); order kept; leaving one out deletes it; audited before and after', async () => {
    const id = await newFlow();
    for (const role of ROLES) {
      const res = await put(h(), id, [COMPLETES], h().tokens[role]);
      assert.equal(res.status, isAllowed(role, 'flows:write') ? 200 : 403, role);
      assert.equal((await h().call('GET', `/api/v1/flows/${id}/scenarios`, { token: h().tokens[role] })).status, 200, role);
    }
    const saved = await put(h(), id, [NAME_REQUIRED, { ...COMPLETES, flow: 'lead.flow.json' }]);
    assert.equal(saved.status, 200, saved.text);
    const listed = await h().call('GET', `/api/v1/flows/${id}/scenarios`, { token: h().tokens.viewer });
    const items = listed.body['items'] as { name: string; position: number; scenario: Record<string, unknown>; updatedBy: string }[];
    assert.deepEqual(items.map((s) => `${s.position} ${s.name}`), ['0 the name is required', '1 a lead completes']);
    assert.deepEqual(items[1]?.scenario, COMPLETES, 'kept as sent, less the Flow path: the version run against is the Flow');
    assert.equal(items[0]?.updatedBy, 'token:designer-token');
    assert.equal((await put(h(), id, [COMPLETES])).status, 200);
    const after = (await h().call('GET', `/api/v1/flows/${id}/scenarios`)).body['items'] as { name: string }[];
    assert.deepEqual(after.map((s) => s.name), ['a lead completes']);
    const [entry] = (await h().call('GET', `/api/v1/audit?targetId=${id}&action=scenarios.replace`)).body['items'] as { actor: string; before: { name: string }[]; after: { name: string }[] }[];
    assert.equal(entry?.actor, 'token:designer-token');
    assert.deepEqual([entry?.before.map((s) => s.name), entry?.after.map((s) => s.name)], [['the name is required', 'a lead completes'], ['a lead completes']]);
    assert.equal((await h().call('GET', `/api/v1/flows/${id}/scenarios`, { token: h().tokenB })).status, 404, 'another workspace does not see the Flow');
    assert.equal((await put(h(), 'no-such-flow', [])).status, 404);
  });

  test('invalid scenarios are refused with a problem per scenario and nothing is saved', async () => {
    const id = await newFlow();
    await put(h(), id, [COMPLETES]);
    const res = await put(h(), id, [
      { steps: [] },
      { name: 'calls elsewhere', endpoint: { url: 'http://10.0.0.1/endpoint', publicKey: 'k.pem' }, steps: [] },
      { name: 'twice', steps: [{ jump: 1 }] },
      { name: 'twice', steps: [] },
      { name: 'twice', steps: [] },
    ]);
    assert.deepEqual([res.status, (res.body['error'] as { code: string }).code], [422, 'INVALID_SCENARIOS']);
    assert.match((res.body['error'] as { message: string }).message, /^some scenarios are invalid: \/scenarios\/0: "name" is required.*\(and 1 more\)$/);
    const problems = (res.body['error'] as { details: { problems: { pointer: string; message: string }[] } }).details.problems;
    assert.deepEqual(problems.map((p) => p.pointer), ['/scenarios/0', '/scenarios/1', '/scenarios/2', '/scenarios/4']);
    assert.match(problems[0]?.message ?? '', /"name" is required/);
    assert.match(problems[1]?.message ?? '', /"endpoint" is not used by a stored scenario/);
    assert.match(problems[2]?.message ?? '', /step 1: unknown step "jump"/);
    assert.match(problems[3]?.message ?? '', /another scenario is named "twice"/);
    const kept = (await h().call('GET', `/api/v1/flows/${id}/scenarios`)).body['items'] as { name: string }[];
    assert.deepEqual(kept.map((s) => s.name), ['a lead completes']);
  });

  test('the review runs the Flow\'s scenarios against the version under review: pass or fail, with the failing step and its message', async () => {
    const id = await newFlow();
    const none = await runOf(h(), id, 1);
    assert.deepEqual(none, { version: 1, total: 0, passed: 0, failed: 0, results: [] });
    await put(h(), id, [COMPLETES, NAME_REQUIRED]);
    const first = await runOf(h(), id, 1);
    assert.deepEqual([first.total, first.passed, first.failed], [2, 2, 0]);
    assert.deepEqual(first.results.map((r) => [r.name, r.passed, r.steps, r.failure]), [['a lead completes', true, 3, null], ['the name is required', true, 2, null]]);
    assert.ok(first.results[0]?.transcript.some((line) => line.startsWith('completed')), 'the transcript shows what happened');
    // Version 2 drops "urgency": the scenario that fills it stops at that step, naming it.
    assert.equal((await h().call('POST', `/api/v1/flows/${id}/versions`, { token: h().tokens.designer, body: { flowJson: flowWith(['name', 'email']) } })).status, 201);
    const second = await runOf(h(), id, 2);
    assert.deepEqual([second.version, second.total, second.passed, second.failed], [2, 2, 1, 1]);
    const failed = second.results[0];
    assert.equal(failed?.passed, false);
    assert.equal(failed?.failure?.step, 1);
    assert.equal(failed?.failure?.stepJson, JSON.stringify(COMPLETES.steps[0]));
    assert.match(failed?.failure?.message ?? '', /urgency/);
    assert.equal(second.results[1]?.passed, true);
    // The published or earlier version is not what is run: version 1 still passes.
    assert.equal((await runOf(h(), id, 1)).passed, 2);
  });

  test('a Flow that calls its data endpoint fails its scenarios, saying so, on a server without an endpoint', async () => {
    const id = `booking-none-${flows++}`;
    assert.equal((await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id, name: 'Booking', template: 'appointment-booking' } })).status, 201);
    await put(h(), id, [{ name: 'opens', steps: [{ expect: { screen: 'APPOINTMENT' } }] }]);
    const run = await runOf(h(), id, 1);
    assert.deepEqual(run.results.map((r) => [r.passed, r.failure?.message]), [[false, 'the Flow calls its data endpoint, but this server has no data endpoint to answer it']]);
  });

  test('endpoint-driven scenarios run in process against the version under review\'s own endpoint configuration, with nothing lasting', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const nowMs = () => h().clock.now;
    const api = h().withDeps({
      scenarioEndpoint: createScenarioEndpoint({
        decryptor: inlineRequestDecryptor([keys.privateKey]),
        publicKeyPem: () => keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        sources: (ws) => ({ lookups: createStorageLookupStore(h().storage, ws, nowMs), calendar: createStorageCalendarStore(h().storage, ws, nowMs), fetchJson: createFetchJson('none'), now: () => new Date(nowMs()) }),
        handlerTimeoutMs: 5000, log: () => undefined, now: nowMs,
      }),
    });
    const ws = h().workspaceA;
    const saved = await h().storage.calendar.saveResource(ws, {
      id: 'hair', name: 'Hair', capacity: 1, slotMinutes: 30, timeZone: 'UTC', at: h().clock.now,
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
    });
    assert.ok(saved.ok);
    const id = 'booking-scenarios';
    const created = await api.call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id, name: 'Booking', template: 'appointment-booking' } });
    assert.equal(created.status, 201, created.text);
    // Tuesday 2 June 2026, 10:00 UTC: within the seven days the Flow offers (the clock is Monday 09:00).
    const slot = 'hair@2026-06-02T10:00';
    const books = {
      name: 'a customer books a slot',
      steps: [
        { expect: { screen: 'APPOINTMENT' } },
        { fill: { slot } },
        { press: 'footer' },
        { expect: { screen: 'DETAILS', data: { slot } } },
        { fill: { name: 'Ana', email: 'ana@example.com' } },
        { press: 'footer' },
        { expect: { screen: 'CONFIRMED', data: { name: 'Ana' } } },
        { press: 'footer' },
        { expect: { completed: { name: 'Ana', slot } } },
      ],
    };
    assert.equal((await put(api, id, [books])).status, 200);
    const first = await runOf(api, id, 1);
    assert.deepEqual(first.results.map((r) => [r.name, r.passed, r.failure?.message ?? null]), [['a customer books a slot', true, null]]);
    assert.ok(first.results[0]?.transcript.some((line) => line.includes('"booking_id":"preview-scenario-')), 'the booking stayed in the run');
    // Run again (every opening of the review runs them): the run's booking went with it, the capacity-1 slot is free.
    assert.equal((await runOf(api, id, 1)).passed, 1);

    // Version 2 changes its endpoint: the confirmation names someone else. Version 1 stays what customers are served.
    const config = (await api.call('GET', `/api/v1/flows/${id}/versions/1/endpoint-config`)).body['endpointConfig'] as { data_exchange: { DETAILS: { data: Record<string, unknown> } } };
    assert.ok(config.data_exchange.DETAILS.data['name'] !== undefined);
    config.data_exchange.DETAILS.data['name'] = 'Someone else';
    const flowJson = (await api.call('GET', `/api/v1/flows/${id}/versions/1`)).body['flowJson'];
    assert.equal((await api.call('POST', `/api/v1/flows/${id}/versions`, { token: h().tokens.designer, body: { flowJson, endpointConfig: config } })).status, 201);
    const second = await runOf(api, id, 2);
    assert.equal(second.results[0]?.passed, false);
    assert.equal(second.results[0]?.failure?.step, 7);
    assert.match(second.results[0]?.failure?.message ?? '', /expected data\.name to be "Ana", got "Someone else"/);
    assert.equal((await runOf(api, id, 1)).passed, 1, 'version 1 is run with its own configuration');

    // Nothing lasting: no booking (not even a preview hold), no endpoint session, no measurement event, no submission.
    const range = { from: Date.parse('2026-06-01T00:00:00Z'), to: Date.parse('2026-06-09T00:00:00Z') };
    assert.deepEqual(await h().storage.calendar.listBookings(ws, 'hair', { ...range, previewAt: h().clock.now }), []);
    assert.equal(await h().storage.endpointSessions.find(ws, 'flowline-simulator'), undefined);
    assert.deepEqual(await h().storage.events.list(ws, { flowId: id }), []);
    const submissions = await api.call('GET', `/api/v1/submissions?flowId=${id}`);
    assert.deepEqual(submissions.body['items'], []);
    // The run reads the calendar customers see: once a customer holds the only seat, the slot is not offered.
    assert.ok((await h().storage.calendar.book(ws, { resourceId: 'hair', slotStart: Date.parse('2026-06-02T10:00:00Z'), reference: 'a-customer', at: h().clock.now })).ok);
    const full = await runOf(api, id, 1);
    assert.deepEqual([full.results[0]?.passed, full.results[0]?.failure?.step], [false, 2]);
    assert.equal(full.results[0]?.failure?.message, `Input "slot" has no option "${slot}".`);
  });
});
