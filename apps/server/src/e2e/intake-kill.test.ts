import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStorage, type Storage, type StorageConfig } from '@flowline/storage';
import { createAdminApi } from './test-support/admin-api.js';
import { createSends, LOAD_FLOW, postCompletion, runLanes, signedCompletion } from './test-support/completion-load.js';
import { e2eBackends } from './test-support/e2e-backends.js';
import { startHttpSink, waitFor } from './test-support/http-sink.js';
import { startServerProcess, type ServerProcess } from './test-support/server-process.js';

// Issue 18, "Must show": the intake side killed. A real server process receiving a burst of signed
// completion webhooks is killed with SIGKILL (no flush, no shutdown) and started again: every webhook it
// acknowledged (200) has exactly one submission with its routed action, and WhatsApp's redelivery of
// every webhook afterwards (the unacknowledged ones included) adds nothing twice.

const ADMIN = 'intake-kill-admin-token-0123456789';
const WORKSPACE = 'default';
const BURST = 150;
const IN_FLIGHT = 24;

/** Submissions by message id and outbox actions by submission, read from the database. */
async function stored(storage: Storage): Promise<{ byMessage: Map<string, string[]>; actions: Map<string, { key: string; status: string }[]> }> {
  const byMessage = new Map<string, string[]>();
  for (const s of await storage.submissions.list(WORKSPACE, { flowId: LOAD_FLOW, limit: 100_000 })) {
    if (s.messageId !== null) byMessage.set(s.messageId, [...(byMessage.get(s.messageId) ?? []), s.id]);
  }
  const actions = new Map<string, { key: string; status: string }[]>();
  for (const a of await storage.outbox.list(WORKSPACE, { limit: 100_000 })) {
    if (a.submissionId !== null) actions.set(a.submissionId, [...(actions.get(a.submissionId) ?? []), { key: a.idempotencyKey, status: a.status }]);
  }
  return { byMessage, actions };
}

for (const backend of e2eBackends('flowline_intake_kill').filter((b) => b.env['FLOWLINE_APP_SECRET'] !== undefined)) {
  test(`a server killed with SIGKILL during a burst of signed completion webhooks keeps every acknowledged answer exactly once with its action [${backend.name}]`, { timeout: 120_000 }, async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flowline-intake-kill-'));
    const sink = await startHttpSink();
    const appSecret = backend.env['FLOWLINE_APP_SECRET'];
    const env = {
      FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '0', FLOWLINE_KEY_PASSPHRASE: 'intake-kill-passphrase',
      FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_OUTBOX_LEASE_MS: '3000', ...backend.env,
    };
    let server: ServerProcess | undefined;
    let storage: Storage | undefined;
    try {
      server = await startServerProcess(env);
      const current = server;
      const api = createAdminApi(() => current.baseUrl, ADMIN);
      const rules = await api('PUT', `/flows/${LOAD_FLOW}/routing`, { rules: [{ name: 'Every lead to the CRM', default: true, actions: [{ type: 'webhook', url: sink.url, secret: 'crm-secret' }] }] });
      assert.equal(rules.status, 200, rules.text);
      const databaseUrl = backend.env['DATABASE_URL'];
      const schema = backend.env['FLOWLINE_DATABASE_SCHEMA'];
      const config: StorageConfig = databaseUrl === undefined ? { dataDir } : { databaseUrl, ...(schema === undefined ? {} : { schema }) };
      storage = await openStorage(config);
      const sends = await createSends(storage, WORKSPACE, BURST);
      const completions = sends.map((send, i) => signedCompletion(send, `wamid.intake.${i}`, appSecret));

      // The burst: IN_FLIGHT webhooks at a time; the process is killed once a third were acknowledged.
      const acknowledged = new Set<string>();
      let kill: Promise<void> | undefined;
      const target = server;
      await runLanes(completions, IN_FLIGHT, async (completion) => {
        const answer = await postCompletion(target.baseUrl, completion);
        if (answer.status !== 200) return;
        acknowledged.add(completion.messageId);
        if (kill === undefined && acknowledged.size >= BURST / 3) kill = target.kill();
      });
      await kill;
      t.diagnostic(`${acknowledged.size} of ${BURST} webhooks acknowledged before and while the process was killed`);
      assert.ok(kill !== undefined, 'the process was killed');
      assert.ok(acknowledged.size < BURST, 'the kill landed during the burst: some webhooks got no 200');

      // Every acknowledged answer is stored once and routed, before the restart: it was committed before its 200.
      const afterKill = await stored(storage);
      for (const messageId of acknowledged) {
        const ids = afterKill.byMessage.get(messageId) ?? [];
        assert.equal(ids.length, 1, `${messageId} was acknowledged: one submission`);
        assert.equal(afterKill.actions.get(ids[0] ?? '')?.length, 1, `${messageId}: its routed action is in the outbox`);
      }
      for (const ids of afterKill.byMessage.values()) assert.equal(ids.length, 1, 'no answer is stored twice');

      // Restarted, the server gets WhatsApp's redelivery of every webhook (acknowledged or not).
      server = await startServerProcess(env);
      const restarted = server;
      const outcomes = new Map<string, string | undefined>();
      await runLanes(completions, IN_FLIGHT, async (completion) => {
        const answer = await postCompletion(restarted.baseUrl, completion);
        assert.equal(answer.status, 200, `${completion.messageId} is answered 200 after the restart`);
        outcomes.set(completion.messageId, answer.outcome);
      });
      for (const messageId of acknowledged) assert.equal(outcomes.get(messageId), 'duplicate', `${messageId} was stored before the kill: its redelivery is a duplicate`);

      const actionKeys = await waitFor('every action delivered', async () => {
        const now = await stored(storage as Storage);
        const all = [...now.actions.values()].flat();
        return all.length === BURST && all.every((a) => a.status === 'delivered') ? now : undefined;
      }, 30_000);
      for (const completion of completions) {
        const ids = actionKeys.byMessage.get(completion.messageId) ?? [];
        assert.equal(ids.length, 1, `${completion.messageId}: exactly one submission`);
        assert.equal(actionKeys.actions.get(ids[0] ?? '')?.length, 1, `${completion.messageId}: exactly one action`);
      }
      const expected = new Set([...actionKeys.actions.values()].flat().map((a) => a.key));
      const received = new Set(sink.requests.map((r) => String(r.headers['idempotency-key'])));
      assert.deepEqual([...received].sort(), [...expected].sort(), 'every action reached the CRM, under its own idempotency key');
      t.diagnostic(`${sink.requests.length} deliveries for ${expected.size} actions (a redelivery after the kill keeps its key)`);
    } finally {
      await server?.stop();
      await storage?.close();
      await sink.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
