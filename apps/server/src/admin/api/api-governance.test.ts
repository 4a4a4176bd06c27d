import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox } from '@flowline/protocol';
import { ROLES, type Role } from '@flowline/storage';
import { createWhatsApp } from '../../messaging/whatsapp/create-whatsapp.js';
import { API_ROUTES } from './api-routes.js';
import { isAllowed } from './permissions.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

/** A one-screen Flow completing with the given form fields (each a required TextInput). */
const flowWith = (fields: readonly string[], title = 'Lead'): Record<string, unknown> => ({
  version: '7.0',
  screens: [{
    id: 'LEAD', title, terminal: true,
    layout: { type: 'SingleColumnLayout', children: [
      ...fields.map((name) => ({ type: 'TextInput', name, label: name, required: true })),
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: Object.fromEntries(fields.map((f) => [f, `\${form.${f}}`])) } },
    ] },
  }],
});

const URGENT_RULE = { name: 'Urgent leads', when: { field: 'urgency', equals: 'high' }, actions: [{ type: 'ticket', queue: 'sales' }] };
const CALM_RULE = { name: 'Every lead', actions: [{ type: 'ticket', queue: 'sales' }] };

type Call = (method: string, path: string, role: Role, body?: unknown) => Promise<{ status: number; code: string | undefined; body: Record<string, unknown>; text: string }>;

function caller(h: ApiHarness): Call {
  return async (method, path, role, body) => {
    const res = await h.call(method, `/api/v1${path}`, { token: h.tokens[role], ...(body === undefined ? {} : { body }) });
    return { status: res.status, code: (res.body['error'] as { code?: string } | undefined)?.code, body: res.body, text: res.text };
  };
}

describeApi('API governance: review, approval, publishing, rollback, audit', (h) => {
  let flows = 0;
  /** A new Flow whose version 1 a designer saved (the Flow's author), with the urgent-leads rule. */
  const newFlow = async (): Promise<string> => {
    flows += 1;
    const id = `lead-${flows}`;
    const created = await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id, name: 'Lead', flowJson: flowWith(['name', 'urgency']) } });
    assert.equal(created.status, 201, created.text);
    assert.equal((await h().call('PUT', `/api/v1/flows/${id}/routing`, { token: h().tokens.designer, body: { rules: [URGENT_RULE] } })).status, 200);
    return id;
  };
  const submit = (id: string, v: number) => caller(h())('POST', `/flows/${id}/versions/${v}/submit`, 'designer');
  const approve = (id: string, v: number, role: Role = 'reviewer', body?: unknown) => caller(h())('POST', `/flows/${id}/versions/${v}/approve`, role, body);
  const publish = (id: string, v: number, role: Role = 'publisher', extra: Record<string, unknown> = {}) => caller(h())('POST', `/flows/${id}/publish`, role, { version: v, ...extra });

  test('submit for review: only roles that may submit (designer, admin); every other role is forbidden', async () => {
    for (const role of ROLES) {
      const id = await newFlow();
      const res = await caller(h())('POST', `/flows/${id}/versions/1/submit`, role);
      if (role === 'designer' || role === 'admin') assert.equal(res.status, 200, `${role}: ${res.text}`);
      else assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
      assert.equal(isAllowed(role, 'versions:submit'), role === 'designer' || role === 'admin');
    }
  });

  test('submitting needs zero validator errors and a passing policy', async () => {
    const id = await newFlow();
    // Versions stored without the API's check (an import by another tool): one with an error, one outside its policy.
    const ws = h().workspaceA;
    const broken = JSON.stringify({ ...flowWith(['name']), screens: [{ id: 'LEAD', title: 'Lead', layout: { type: 'SingleColumnLayout', children: [] } }] });
    await h().storage.flows.addVersion(ws, id, { flowJson: broken, createdAt: h().clock.now, createdBy: 'token:designer-token' });
    const invalid = await submit(id, 2);
    assert.deepEqual([invalid.status, invalid.code], [422, 'INVALID_FLOW_JSON']);
    await h().storage.flows.addVersion(ws, id, { flowJson: JSON.stringify(flowWith(['name'])), policy: { allowedVersions: ['7.3'], severity: { FLOWLINE_POLICY_VERSION: 'error' } }, createdAt: h().clock.now, createdBy: 'token:designer-token' });
    const outside = await submit(id, 3);
    assert.deepEqual([outside.status, outside.code], [422, 'INVALID_FLOW_JSON'], 'the policy allows Flow JSON 7.3 only');
    assert.equal((await caller(h())('GET', `/flows/${id}/versions/3/review`, 'viewer')).body['state'], 'draft', 'a refused submit changes nothing');
    assert.equal((await submit(id, 1)).status, 200, 'a valid version within its policy is submitted');
    const twice = await submit(id, 1);
    assert.deepEqual([twice.status, twice.code], [409, 'INVALID_TRANSITION'], 'a version in review cannot be submitted again');
  });

  test('approve: every role but reviewer and admin is forbidden; the author and the submitter never approve (four eyes)', async () => {
    for (const role of ROLES) {
      const id = await newFlow();
      assert.equal((await submit(id, 1)).status, 200);
      const res = await approve(id, 1, role);
      if (role === 'reviewer' || role === 'admin') assert.equal(res.status, 200, `${role}: ${res.text}`);
      else assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
    }
    // An admin who wrote the version cannot approve it, nor can an admin who submitted it.
    const own = `own-${flows}`;
    await h().call('POST', '/api/v1/flows', { body: { id: own, name: 'Own', flowJson: flowWith(['name']) } });
    assert.equal((await caller(h())('POST', `/flows/${own}/versions/1/submit`, 'admin')).status, 200);
    const self = await approve(own, 1, 'admin');
    assert.deepEqual([self.status, self.code], [403, 'FOUR_EYES']);
    const review = await caller(h())('GET', `/flows/${own}/versions/1/review`, 'admin');
    assert.equal((review.body['can'] as { approve: boolean }).approve, false);
    assert.match(String(review.body['why']), /someone else must approve/);
    assert.equal((await approve(own, 1, 'reviewer')).status, 200);
  });

  test('request changes: reviewer and admin only, with a comment; the designer resubmits afterwards', async () => {
    for (const role of ROLES) {
      const id = await newFlow();
      await submit(id, 1);
      const res = await caller(h())('POST', `/flows/${id}/versions/1/request-changes`, role, { comment: 'rename the field back' });
      if (role === 'reviewer' || role === 'admin') {
        assert.equal(res.status, 200, `${role}: ${res.text}`);
        assert.equal((await approve(id, 1, 'reviewer')).code, 'INVALID_TRANSITION', 'a version sent back is not approved until resubmitted');
        assert.equal((await submit(id, 1)).status, 200);
      } else {
        assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
      }
    }
  });

  test('publish: no role publishes a version that is not approved; only publisher and admin publish an approved one', async () => {
    const id = await newFlow();
    for (const state of ['draft', 'in_review'] as const) {
      if (state === 'in_review') await submit(id, 1);
      for (const role of ROLES) {
        const res = await publish(id, 1, role);
        if (isAllowed(role, 'flows:publish')) assert.deepEqual([res.status, res.code], [409, 'NOT_APPROVED'], `${role} on ${state}`);
        else assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], `${role} on ${state}`);
      }
    }
    await approve(id, 1);
    for (const role of ROLES) {
      const res = await publish(id, 1, role);
      assert.equal(res.status, isAllowed(role, 'flows:publish') ? 200 : 403, `${role}: ${res.text}`);
    }
    const versions = (await caller(h())('GET', `/flows/${id}/versions`, 'viewer')).body['items'] as { number: number; reviewState: string }[];
    assert.deepEqual(versions.map((v) => `${v.number}:${v.reviewState}`), ['1:published']);
  });

  test('emergency publish: an admin may, with a reason, recorded as such; every other role is forbidden', async () => {
    const id = await newFlow();
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const res = await publish(id, 1, role, { emergency: { reason: 'the old form is broken' } });
      assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
      assert.equal(isAllowed(role, 'flows:emergency-publish'), false, role);
    }
    assert.equal((await caller(h())('GET', `/flows/${id}/versions/1/review`, 'viewer')).body['state'], 'draft', 'no refused emergency changed anything');
    const reasonless = await publish(id, 1, 'admin', { emergency: {} });
    assert.equal(reasonless.status, 400, 'an emergency needs its reason');
    const admin = await publish(id, 1, 'admin', { emergency: { reason: 'the old form is broken' } });
    assert.equal(admin.status, 200, admin.text);
    const [entry] = (await caller(h())('GET', `/audit?targetType=flow&targetId=${id}&action=flow.publish`, 'admin')).body['items'] as { actor: string; details: { emergency: boolean; reason: string } }[];
    assert.equal(entry?.actor, 'token:admin-token');
    assert.deepEqual([entry?.details.emergency, entry?.details.reason], [true, 'the old form is broken']);
    const review = await caller(h())('GET', `/flows/${id}/versions/1/review`, 'viewer');
    assert.deepEqual((review.body['events'] as { kind: string }[]).map((e) => e.kind), ['emergency_publish']);
  });

  /** The API with WhatsApp wired but no connection to Meta: the lifecycle answers WHATSAPP_NOT_CONNECTED past the gate. */
  const withWhatsApp = async () => {
    const whatsapp = await createWhatsApp({
      storage: h().storage, now: () => new Date(h().clock.now), log: () => undefined, secretBox: createSecretBox('a test passphrase of the key'),
      privateHttp: 'none', bootstrapWorkspaceId: 'none', bootstrap: undefined,
    }, { publicBaseUrl: undefined, publicKeyPem: 'unused' });
    return h().withDeps({ whatsapp });
  };

  test('publishing on Meta is gated the same way: not approved → refused for every role; an admin emergency passes the gate', async () => {
    const api = await withWhatsApp();
    const id = await newFlow();
    // A pushed Meta draft holding version 1 (as the lifecycle's push records it).
    await h().storage.whatsapp.addMetaFlow(h().workspaceA, { graphFlowId: `9${flows}000`, flowId: id, name: 'Lead', status: 'DRAFT', at: h().clock.now });
    await h().storage.whatsapp.updateMetaFlow(h().workspaceA, `9${flows}000`, { version: 1, validationErrors: [], at: h().clock.now });
    for (const role of ROLES) {
      const res = await api.call('POST', `/api/v1/flows/${id}/whatsapp/publish`, { token: h().tokens[role] });
      const code = (res.body['error'] as { code: string }).code;
      if (isAllowed(role, 'whatsapp:manage')) assert.deepEqual([res.status, code], [409, 'NOT_APPROVED'], role);
      else assert.deepEqual([res.status, code], [403, 'FORBIDDEN'], role);
    }
    const emergency = await api.call('POST', `/api/v1/flows/${id}/whatsapp/publish`, { body: { emergency: { reason: 'hotfix' } } });
    // Past the gate: this server has no connection to Meta, which the lifecycle reports.
    assert.equal((emergency.body['error'] as { code: string }).code, 'WHATSAPP_NOT_CONNECTED');
    await submit(id, 1);
    await approve(id, 1);
    const approved = await api.call('POST', `/api/v1/flows/${id}/whatsapp/publish`);
    assert.equal((approved.body['error'] as { code: string }).code, 'WHATSAPP_NOT_CONNECTED', 'an approved version passes the gate');
  });

  test('the version already live in Flowline (e.g. published before review existed) may be published on Meta', async () => {
    const api = await withWhatsApp();
    const id = await newFlow();
    await h().storage.whatsapp.addMetaFlow(h().workspaceA, { graphFlowId: `8${flows}000`, flowId: id, name: 'Lead', status: 'DRAFT', at: h().clock.now });
    await h().storage.whatsapp.updateMetaFlow(h().workspaceA, `8${flows}000`, { version: 1, validationErrors: [], at: h().clock.now });
    const before = await api.call('POST', `/api/v1/flows/${id}/whatsapp/publish`);
    assert.equal((before.body['error'] as { code: string }).code, 'NOT_APPROVED');
    assert.ok((await h().storage.flows.publish(h().workspaceA, id, 1, { at: h().clock.now, by: 'seed' })).ok);
    const live = await api.call('POST', `/api/v1/flows/${id}/whatsapp/publish`);
    assert.equal((live.body['error'] as { code: string }).code, 'WHATSAPP_NOT_CONNECTED', 'past the gate');
  });

  test('contract safety: a version dropping a field a rule reads cannot be approved until the rule is fixed, or with a recorded override', async () => {
    const id = await newFlow();
    const urgent = { name: 'an urgent lead completes', steps: [{ fill: { name: 'Ana', urgency: 'high' } }, { press: 'footer' }, { expect: { completed: { urgency: 'high' } } }] };
    assert.equal((await caller(h())('PUT', `/flows/${id}/scenarios`, 'designer', { scenarios: [urgent] })).status, 200);
    assert.equal(((await caller(h())('GET', `/flows/${id}/versions/1/review`, 'reviewer')).body['scenarios'] as { passed: number }).passed, 1);
    await submit(id, 1);
    await approve(id, 1);
    assert.equal((await publish(id, 1)).status, 200);
    // Version 2 drops "urgency", which the urgent-leads rule reads.
    assert.equal((await h().call('POST', `/api/v1/flows/${id}/versions`, { token: h().tokens.designer, body: { flowJson: flowWith(['name', 'email']) } })).status, 201);
    await submit(id, 2);
    const review = await caller(h())('GET', `/flows/${id}/versions/2/review`, 'reviewer');
    assert.equal(review.body['base'], 1);
    const contract = review.body['contract'] as { changes: { kind: string; path: string }[]; breaking: { change: { path: string }; readers: { ruleName: string; read: { by: string } }[] }[] };
    // "urgency" gone and "email" (also a string) added: read as a rename, which breaks the rule all the same.
    assert.deepEqual(contract.changes.map((c) => `${c.kind} ${c.path}`), ['renamed urgency']);
    assert.deepEqual(contract.breaking.map((b) => `${b.change.path} ← ${b.readers.map((r) => `${r.ruleName}/${r.read.by}`).join(',')}`), ['urgency ← Urgent leads/condition']);
    assert.match(String((review.body['diff'] as { unified: string }).unified), /urgency/);
    // The Flow's scenario test fills "urgency": run against version 2 it fails at that step, for the reviewer to see.
    const scenarios = review.body['scenarios'] as { version: number; passed: number; failed: number; results: { name: string; failure: { step: number; message: string } | null }[] };
    assert.deepEqual([scenarios.version, scenarios.passed, scenarios.failed], [2, 0, 1]);
    assert.deepEqual([scenarios.results[0]?.name, scenarios.results[0]?.failure?.step], ['an urgent lead completes', 1]);
    assert.match(scenarios.results[0]?.failure?.message ?? '', /urgency/);
    const blocked = await approve(id, 2);
    assert.deepEqual([blocked.status, blocked.code], [409, 'CONTRACT_BREAKS_RULES']);
    assert.match(String((blocked.body['error'] as { message: string }).message), /urgency \(read by Urgent leads\)/);
    // The designer fixes the rule: the check passes and the routing change shows in the review.
    assert.equal((await h().call('PUT', `/api/v1/flows/${id}/routing`, { token: h().tokens.designer, body: { rules: [CALM_RULE] } })).status, 200);
    const after = await caller(h())('GET', `/flows/${id}/versions/2/review`, 'reviewer');
    assert.deepEqual((after.body['contract'] as { breaking: unknown[] }).breaking, []);
    const routing = (after.body['routing'] as { changes: { before: { name: string }[]; after: { name: string }[] }[] }).changes;
    assert.deepEqual(routing[0]?.before.map((r) => r.name), ['Urgent leads']);
    assert.deepEqual(routing[0]?.after.map((r) => r.name), ['Every lead']);
    assert.equal((await approve(id, 2)).status, 200);
  });

  test('contract safety: the reviewer may override with a reason, which is recorded', async () => {
    const id = await newFlow();
    await submit(id, 1);
    await approve(id, 1);
    await publish(id, 1);
    await h().call('POST', `/api/v1/flows/${id}/versions`, { token: h().tokens.designer, body: { flowJson: flowWith(['name']) } });
    await submit(id, 2);
    const overridden = await approve(id, 2, 'reviewer', { override: { reason: 'the rule is retired next week' } });
    assert.equal(overridden.status, 200, overridden.text);
    const review = await caller(h())('GET', `/flows/${id}/versions/2/review`, 'viewer');
    assert.deepEqual((review.body['approvals'] as { override: string }[]).map((a) => a.override), ['the rule is retired next week']);
  });

  test('workspace settings: two approvals, approver roles narrowed; only an admin changes them, audited before and after', async () => {
    const forbidden = await caller(h())('PUT', '/governance', 'reviewer', { reviewRequired: true, approvalsRequired: 2, approverRoles: ['reviewer'] });
    assert.equal(forbidden.status, 403);
    const saved = await caller(h())('PUT', '/governance', 'admin', { reviewRequired: true, approvalsRequired: 2, approverRoles: ['reviewer'] });
    assert.equal(saved.status, 200, saved.text);
    try {
      const second = (await h().storage.apiTokens.issue(h().workspaceA, { name: 'second-reviewer', role: 'reviewer', at: h().clock.now })).token;
      const id = await newFlow();
      await submit(id, 1);
      const byAdmin = await approve(id, 1, 'admin');
      assert.deepEqual([byAdmin.status, byAdmin.code], [403, 'ROLE_CANNOT_APPROVE']);
      const first = await approve(id, 1);
      assert.equal((first.body['review'] as { state: string }).state, 'in_review', 'one approval of two');
      assert.deepEqual([(await approve(id, 1)).code], ['ALREADY_APPROVED']);
      assert.deepEqual((await publish(id, 1)).code, 'NOT_APPROVED');
      const other = await h().call('POST', `/api/v1/flows/${id}/versions/1/approve`, { token: second });
      assert.equal((other.body['review'] as { state: string }).state, 'approved');
      assert.equal((await publish(id, 1)).status, 200);
    } finally {
      await caller(h())('PUT', '/governance', 'admin', { reviewRequired: true, approvalsRequired: 1, approverRoles: ['reviewer', 'admin'] });
    }
    const [entry] = (await caller(h())('GET', '/audit?action=governance.settings', 'admin')).body['items'] as { before: { approvalsRequired: number }; after: { approvalsRequired: number } }[];
    assert.deepEqual([entry?.before.approvalsRequired, entry?.after.approvalsRequired], [2, 1]);
  });

  test('deprecate (POST /flows/{id}/status): publisher and admin only; the live version\'s review becomes deprecated, and it cannot come back without review', async () => {
    for (const role of ROLES) {
      const id = await newFlow();
      await submit(id, 1);
      await approve(id, 1);
      assert.equal((await publish(id, 1)).status, 200);
      const res = await caller(h())('POST', `/flows/${id}/status`, role, { status: 'deprecated' });
      const versions = (await caller(h())('GET', `/flows/${id}/versions`, 'viewer')).body['items'] as { number: number; reviewState: string }[];
      const flow = await caller(h())('GET', `/flows/${id}`, 'viewer');
      if (!isAllowed(role, 'flows:publish')) {
        assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
        assert.deepEqual([flow.body['status'], versions.map((v) => v.reviewState)], ['published', ['published']], `${role}: nothing changed`);
        continue;
      }
      assert.equal(res.status, 200, `${role}: ${res.text}`);
      assert.deepEqual([flow.body['status'], versions.map((v) => v.reviewState)], ['deprecated', ['deprecated']], role);
      const [entry] = (await caller(h())('GET', `/audit?targetId=${id}&action=flow.status`, 'admin')).body['items'] as { actor: string; before: { status: string }; after: { status: string } }[];
      assert.deepEqual([entry?.actor, entry?.before.status, entry?.after.status], [`token:${role}-token`, 'published', 'deprecated'], role);
      const events = (await caller(h())('GET', `/flows/${id}/versions/1/review`, 'viewer')).body['events'] as { kind: string; actor: string }[];
      assert.deepEqual(events.map((e) => e.kind).slice(-1), ['deprecate'], role);
      // A deprecated version is no longer approved: publishing it again, or rolling back to it, needs review first.
      for (const other of ROLES) {
        const again = await publish(id, 1, other);
        assert.equal(again.status, isAllowed(other, 'flows:publish') ? 409 : 403, `${role} then ${other}`);
      }
      assert.equal((await caller(h())('POST', `/flows/${id}/rollback`, 'publisher')).code, 'NOTHING_TO_ROLL_BACK', role);
    }
    // No status change publishes: "published" is not a status this route sets.
    const id = await newFlow();
    for (const role of ROLES) {
      const res = await caller(h())('POST', `/flows/${id}/status`, role, { status: 'published' });
      assert.equal(res.status, isAllowed(role, 'flows:publish') ? 400 : 403, role);
    }
    assert.equal((await caller(h())('GET', `/flows/${id}`, 'viewer')).body['publishedVersion'], null);
  });

  test('review settings: every role reads them, only an admin changes them; without required review a publisher publishes a draft, and still only a publisher or admin', async () => {
    const settings = { reviewRequired: true, approvalsRequired: 1, approverRoles: ['reviewer', 'admin'] };
    for (const role of ROLES) {
      const read = await caller(h())('GET', '/governance', role);
      assert.deepEqual([read.status, read.body['approvalsRequired']], [200, 1], role);
      const res = await caller(h())('PUT', '/governance', role, { ...settings, approvalsRequired: 2 });
      if (role === 'admin') assert.equal(res.status, 200, res.text);
      else assert.deepEqual([res.status, res.code], [403, 'FORBIDDEN'], role);
      assert.equal(isAllowed(role, 'governance:manage'), role === 'admin');
      if (role === 'admin') assert.equal((await caller(h())('PUT', '/governance', 'admin', settings)).status, 200);
    }
    assert.equal((await caller(h())('PUT', '/governance', 'admin', { ...settings, approverRoles: ['designer'] })).status, 400, 'only roles that may approve can be named');
    assert.equal((await caller(h())('PUT', '/governance', 'admin', { ...settings, approverRoles: [] })).status, 400);
    assert.equal((await caller(h())('PUT', '/governance', 'admin', { ...settings, reviewRequired: false })).status, 200);
    try {
      for (const role of ROLES) {
        const id = await newFlow();
        const res = await publish(id, 1, role);
        assert.equal(res.status, isAllowed(role, 'flows:publish') ? 200 : 403, `${role}: ${res.text}`);
      }
    } finally {
      await caller(h())('PUT', '/governance', 'admin', settings);
    }
    const id = await newFlow();
    assert.deepEqual((await publish(id, 1)).code, 'NOT_APPROVED', 'review is required again');
    const changes = (await caller(h())('GET', '/audit?action=governance.settings', 'admin')).body['items'] as { actor: string; before: { reviewRequired: boolean }; after: { reviewRequired: boolean } }[];
    assert.deepEqual(changes.slice(0, 2).map((c) => [c.actor, c.before.reviewRequired, c.after.reviewRequired]), [['token:admin-token', false, true], ['token:admin-token', true, false]]);
  });

  test('rollback: publisher and admin only; re-publishes the previous approved version in one step', async () => {
    const id = await newFlow();
    await submit(id, 1);
    await approve(id, 1);
    await publish(id, 1);
    const none = await caller(h())('POST', `/flows/${id}/rollback`, 'publisher');
    assert.deepEqual([none.status, none.code], [409, 'NOTHING_TO_ROLL_BACK']);
    await h().call('POST', `/api/v1/flows/${id}/versions`, { token: h().tokens.designer, body: { flowJson: flowWith(['name', 'urgency'], 'Lead v2') } });
    await submit(id, 2);
    await approve(id, 2);
    await publish(id, 2);
    for (const role of ROLES.filter((r) => !isAllowed(r, 'flows:publish'))) assert.equal((await caller(h())('POST', `/flows/${id}/rollback`, role)).status, 403, role);
    const rolled = await caller(h())('POST', `/flows/${id}/rollback`, 'publisher', { reason: 'v2 confuses customers' });
    assert.equal(rolled.status, 200, rolled.text);
    assert.deepEqual([rolled.body['version'], rolled.body['rolledBackFrom'], rolled.body['meta']], [1, 2, null]);
    assert.equal((rolled.body['flow'] as { publishedVersion: number }).publishedVersion, 1);
    const states = (await caller(h())('GET', `/flows/${id}/versions`, 'viewer')).body['items'] as { number: number; reviewState: string }[];
    assert.deepEqual(states.map((v) => `${v.number}:${v.reviewState}`), ['2:approved', '1:published'], 'the newer version stays approved: it can come back');
    const again = await caller(h())('POST', `/flows/${id}/rollback`, 'publisher');
    assert.equal(again.body['version'], 2, 'rolling back again brings back the newer version');
    const byAdmin = await caller(h())('POST', `/flows/${id}/rollback`, 'admin', { reason: 'back to v1 after all' });
    assert.deepEqual([byAdmin.status, byAdmin.body['version'], byAdmin.body['rolledBackFrom']], [200, 1, 2], byAdmin.text);
    const [step] = (await caller(h())('GET', `/audit?targetId=${id}@1&action=review.rollback`, 'admin')).body['items'] as { actor: string }[];
    assert.equal(step?.actor, 'token:admin-token', 'the admin\'s rollback is recorded with the admin as actor');
  });

  test('comments: any role that may comment; the state does not change', async () => {
    const id = await newFlow();
    await submit(id, 1);
    for (const role of ROLES) {
      const res = await caller(h())('POST', `/flows/${id}/versions/1/comments`, role, { comment: `from ${role}` });
      assert.equal(res.status, isAllowed(role, 'versions:comment') ? 201 : 403, role);
    }
    const review = await caller(h())('GET', `/flows/${id}/versions/1/review`, 'viewer');
    assert.equal(review.body['state'], 'in_review');
    assert.deepEqual((review.body['events'] as { kind: string; body: string | null }[]).filter((e) => e.kind === 'comment').map((e) => e.body), ['from admin', 'from publisher', 'from reviewer', 'from designer']);
  });

  test('audit: every step is recorded with actor and time; the export is JSON Lines; no route changes or deletes an entry', async () => {
    const tick = () => {
      h().clock.now += 1000;
    };
    const id = await newFlow();
    tick();
    await submit(id, 1);
    tick();
    await approve(id, 1);
    tick();
    await publish(id, 1);
    const exported = await h().call('GET', `/api/v1/audit/export?targetId=${id}`, { token: h().tokens.reviewer });
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string; at: number });
    assert.deepEqual(lines.map((l) => l.action).slice(0, 1), ['flow.publish'], 'newest first');
    assert.deepEqual(lines.map((l) => l.action).sort(), ['flow.create', 'flow.publish', 'flow.version', 'routing.replace']);
    assert.ok(lines.every((l) => l.actor.startsWith('token:') && Number.isFinite(l.at)));
    const steps = (await caller(h())('GET', `/audit?targetId=${id}@1&action=review.`, 'admin')).body['items'] as { action: string; actor: string }[];
    assert.deepEqual(steps.map((s) => `${s.action} ${s.actor}`).reverse(), ['review.submit token:designer-token', 'review.approve token:reviewer-token', 'review.publish token:publisher-token']);
    assert.equal((await caller(h())('GET', '/audit', 'designer')).status, 403);
    // The route table has no way to write the audit log: every /audit route reads.
    const auditRoutes = API_ROUTES.filter((r) => r.path.startsWith('/audit'));
    assert.ok(auditRoutes.length >= 2);
    assert.ok(auditRoutes.every((r) => r.method === 'get'));
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) assert.equal((await h().call(method, '/api/v1/audit', { body: {} })).status, 404, method);
  });
});
