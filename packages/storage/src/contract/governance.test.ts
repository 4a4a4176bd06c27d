import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GOVERNANCE, type ReviewDecision } from '../repositories/governance-repository.js';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const FLOW = '{"version":"7.3","screens":[]}';

describeContract('governance: review settings, version reviews, append-only audit', (h) => {
  const flowWithVersions = async (count: number) => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'lead', name: 'Lead', at: T0, by: 'ana' });
    for (let i = 0; i < count; i += 1) await h.storage.flows.addVersion(ws, 'lead', { flowJson: FLOW, createdAt: T0 + i, createdBy: 'ana' });
    return ws;
  };

  test('a workspace without settings gets the defaults (review required, one approval); saving audits before and after', async () => {
    const ws = await h.newWorkspace();
    assert.deepEqual(await h.storage.governance.settings(ws), DEFAULT_GOVERNANCE);
    const saved = await h.storage.governance.saveSettings(ws, { reviewRequired: true, approvalsRequired: 2, approverRoles: ['reviewer'] }, { at: T0, by: 'token:admin' });
    assert.equal(saved.approvalsRequired, 2);
    assert.deepEqual((await h.storage.governance.settings(ws)).approverRoles, ['reviewer']);
    await h.storage.governance.saveSettings(ws, { reviewRequired: false, approvalsRequired: 1, approverRoles: ['reviewer', 'admin'] }, { at: T0 + 1, by: 'token:admin' });
    const [latest] = await h.storage.audit.list(ws, { action: 'governance.settings' });
    assert.deepEqual(latest?.before, { reviewRequired: true, approvalsRequired: 2, approverRoles: ['reviewer'] });
    assert.deepEqual(latest?.after, { reviewRequired: false, approvalsRequired: 1, approverRoles: ['reviewer', 'admin'] });
  });

  test('a version is a draft until a step moves it; each step is stored with its event and an audit entry, a refusal stores nothing', async () => {
    const ws = await flowWithVersions(2);
    assert.equal((await h.storage.governance.findReview(ws, 'lead', 1)).state, 'draft');
    const submitted = await h.storage.governance.step(ws, 'lead', 1, { kind: 'submit', actor: 'token:ana', role: 'designer', at: T0 + 10 }, () => ({ ok: true, state: 'in_review' }));
    assert.ok(submitted.ok);
    assert.equal(submitted.value.review.submittedBy, 'token:ana');
    const refuse = (): ReviewDecision => ({ ok: false, code: 'SAME_PERSON', message: 'no' });
    const refused = await h.storage.governance.step(ws, 'lead', 1, { kind: 'approve', actor: 'token:ana', role: 'admin', at: T0 + 11 }, refuse);
    assert.equal(refused.ok ? 'ok' : refused.code, 'SAME_PERSON');
    const seen: string[] = [];
    const approved = await h.storage.governance.step(ws, 'lead', 1, { kind: 'approve', actor: 'token:rui', role: 'reviewer', body: 'fine', at: T0 + 12 }, (review, events) => {
      seen.push(review.state, ...events.map((e) => e.kind));
      return { ok: true, state: 'approved' };
    });
    assert.ok(approved.ok);
    assert.deepEqual(seen, ['in_review', 'submit'], 'decide sees the state and the steps so far');
    const events = await h.storage.governance.listEvents(ws, 'lead', 1);
    assert.deepEqual(events.map((e) => `${e.kind}:${e.actor}`), ['submit:token:ana', 'approve:token:rui']);
    assert.equal(events[1]?.body, 'fine');
    assert.deepEqual((await h.storage.governance.listReviews(ws, 'lead')).map((r) => `${r.version}:${r.state}`), ['1:approved']);
    assert.equal((await h.storage.governance.findReview(ws, 'lead', 2)).state, 'draft');
    const audit = await h.storage.audit.list(ws, { action: 'review.', targetType: 'flow_version' });
    assert.deepEqual(audit.map((a) => `${a.action} ${String((a.before as { state: string }).state)}→${String((a.after as { state: string }).state)}`), ['review.approve in_review→approved', 'review.submit draft→in_review']);
    const missing = await h.storage.governance.step(ws, 'lead', 9, { kind: 'submit', actor: 'x', role: 'designer', at: T0 }, () => ({ ok: true, state: 'in_review' }));
    assert.equal(missing.ok ? 'ok' : missing.code, 'UNKNOWN_VERSION');
  });

  test('reviews are scoped by workspace', async () => {
    const ws = await flowWithVersions(1);
    const other = await flowWithVersions(1);
    await h.storage.governance.step(ws, 'lead', 1, { kind: 'submit', actor: 'a', role: 'designer', at: T0 }, () => ({ ok: true, state: 'in_review' }));
    assert.equal((await h.storage.governance.findReview(other, 'lead', 1)).state, 'draft');
    assert.deepEqual(await h.storage.governance.listEvents(other, 'lead', 1), []);
  });

  test('audit entries record before and after, filter by actor, action prefix and time, and iterate page by page', async () => {
    const ws = await h.newWorkspace();
    for (let i = 0; i < 7; i += 1) {
      await h.storage.audit.append(ws, { actor: i % 2 === 0 ? 'token:a' : 'token:b', action: i < 4 ? 'routing.replace' : 'token.create', targetType: 'flow', targetId: 'f', before: { n: i }, after: { n: i + 1 }, at: T0 + i });
    }
    assert.deepEqual((await h.storage.audit.list(ws, { actor: 'token:b' })).map((e) => e.at - T0), [5, 3, 1]);
    assert.deepEqual((await h.storage.audit.list(ws, { action: 'routing.' })).length, 4);
    assert.deepEqual((await h.storage.audit.list(ws, { action: 'routing' })).length, 0, 'without the dot the action is matched exactly');
    assert.deepEqual((await h.storage.audit.list(ws, { from: T0 + 2, to: T0 + 4 })).map((e) => e.at - T0), [3, 2]);
    const [newest] = await h.storage.audit.list(ws, { limit: 1 });
    assert.deepEqual(newest?.before, { n: 6 });
    assert.deepEqual(newest?.after, { n: 7 });
    const all: number[] = [];
    for await (const entry of h.storage.audit.iterate(ws, {}, 3)) all.push(entry.at - T0);
    assert.deepEqual(all, [6, 5, 4, 3, 2, 1, 0]);
  });

  test('the database itself refuses to change or delete an audit entry', async () => {
    const ws = await h.newWorkspace();
    const entry = await h.storage.audit.append(ws, { actor: 'token:a', action: 'flow.create', targetType: 'flow', targetId: 'f', at: T0 });
    await assert.rejects(h.rawExecute(`update audit_log set actor = 'someone else' where id = '${entry.id}'`), /append-only/);
    await assert.rejects(h.rawExecute(`delete from audit_log where id = '${entry.id}'`), /append-only/);
    const [kept] = await h.storage.audit.list(ws);
    assert.equal(kept?.actor, 'token:a');
  });

  test('removing a whole workspace still takes its audit entries with it', async () => {
    const ws = await h.newWorkspace();
    await h.storage.audit.append(ws, { actor: 'token:a', action: 'flow.create', targetType: 'flow', targetId: 'f', at: T0 });
    await h.rawExecute(`delete from workspaces where id = '${ws}'`);
    assert.deepEqual(await h.rawQuery(`select id from audit_log where workspace_id = '${ws}'`), []);
  });
});
