import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';
import { startGraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { createAdminApi, createReviewTeam } from '../../e2e/test-support/admin-api.js';
import { campaignServerEnv, killHard, spawnCampaignServer, stopServer, type CampaignServer } from './test-support/campaign-server.js';

const RECIPIENTS = Number(process.env['H13_DEBUG_RECIPIENTS'] ?? 10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, state: () => Promise<string> = () => Promise.resolve('')): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${await state()}`);
    await sleep(2000);
  }
}

const backends = [{ name: 'sqlite' as const }, ...(testDatabaseUrl() === undefined ? [] : [{ name: 'postgres' as const }])];

// Must show (issue 13): kill -9 the server mid-campaign (10,000 recipients against the Graph stand-in),
// restart: every recipient is sent exactly once (the stand-in counts), the campaign completes, counts exact.
for (const backend of backends) {
  test(`kill -9 mid-campaign and restart: each of ${RECIPIENTS} recipients is sent exactly once and the counts are exact [${backend.name}]`, { timeout: 3_600_000 }, async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flowline-h13-crash-'));
    const appSecret = randomBytes(16).toString('hex');
    const adminToken = `campaign-crash-admin-${randomBytes(12).toString('hex')}`;
    const pg = backend.name === 'postgres' ? throwawaySchema(testDatabaseUrl() ?? '', 'flowline_h13_crash') : undefined;
    const standIn = await startGraphStandIn({ appSecret });
    standIn.messages.sendStatusWebhooks(true);
    const env = campaignServerEnv({ dataDir, standInUrl: standIn.baseUrl, phoneNumberId: standIn.phoneNumberId, appSecret, adminToken, ...(pg === undefined ? {} : { databaseUrl: testDatabaseUrl() ?? '', schema: pg.schema }) });
    const t0 = Date.now();
    const phase = (name: string) => t.diagnostic(`${name} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let server: CampaignServer = await spawnCampaignServer(env);
    phase('server listening');
    const api = createAdminApi(() => server.baseUrl, adminToken);
    try {
      standIn.setWebhookUrl(`${server.baseUrl}/webhooks/whatsapp`);
      const csv = ['phone,name,plan', ...Array.from({ length: RECIPIENTS }, (_, i) => `+44 7700 ${String(i).padStart(6, '0')},Customer ${i},${i % 3 === 0 ? 'gold' : 'basic'}`)].join('\n');
      const imported = await api('POST', '/contacts/import', { csv, optInSource: 'checkout form', optedInAt: '2026-01-01T00:00:00Z' });
      assert.equal(imported.status, 200, imported.text);
      assert.equal(imported.body['imported'], RECIPIENTS);
      const created = await api('POST', '/campaigns', {
        name: 'crash-test', channel: 'whatsapp', kind: 'template', template: { name: 'renewal_offer', language: 'en_US' },
        arms: [{ key: 'A', flowId: 'feedback', version: 1 }, { key: 'B', flowId: 'feedback', version: 1 }],
        personalisation: { customer: 'name' }, messagesPerSecond: 1000, reviewAfterSeconds: 30, seed: 'crash',
      });
      assert.equal(created.status, 201, created.text);
      const id = String(created.body['id']);
      phase('contacts imported, campaign created');
      // Nothing reaches customers without review: the seeded Flow's version is approved as a team would.
      await createReviewTeam(() => server.baseUrl, adminToken)('feedback', 1);
      const started = await api('POST', `/campaigns/${id}/start`);
      phase('campaign started');
      assert.equal(started.status, 200, started.text);
      assert.equal(started.body['recipients'], RECIPIENTS);

      // Mid-campaign: once about a third has reached the stand-in, the process is killed without warning.
      await until('a third of the campaign', 1_200_000, () => Promise.resolve(standIn.messages.log.length >= RECIPIENTS / 3 ? true : undefined));
      await killHard(server.child);
      const atKill = standIn.messages.log.length;
      t.diagnostic(`killed after ${atKill} messages reached the stand-in`);
      assert.ok(atKill < RECIPIENTS, 'the campaign was still running when killed');

      phase('killed');
      server = await spawnCampaignServer(env);
      phase('restarted');
      standIn.setWebhookUrl(`${server.baseUrl}/webhooks/whatsapp`);
      const progressOf = async () => {
        const answer = await api('GET', `/campaigns/${id}`);
        return answer.body as { campaign: { status: string }; progress: { totals: Record<string, number> } };
      };
      // The dead process's lease expires, the new one takes the campaign over; the stand-in re-delivers the status webhooks it could not.
      const describe = async () => `${JSON.stringify(await progressOf())} stand-in ${standIn.messages.log.length} log lines; server: ${server.events.join('\n')}`;
      let view = await until('the campaign to settle', 1_800_000, async () => {
        const v = await progressOf();
        return v.campaign.status === 'completed' ? v : undefined;
      }, describe);
      phase('completed after restart');
      const inReview = view.progress.totals['review'] ?? 0;
      t.diagnostic(`after restart: ${inReview} in review (never reached the stand-in before the kill), events ${server.events.filter((e) => e.includes('recovered')).join(' ')}`);
      if (inReview > 0) {
        // A person decides: these had no status webhook, so they never reached Meta; resending them is the operator's call.
        await standIn.messages.drainStatuses();
        const reviewed = await api('POST', `/campaigns/${id}/review`, { decision: 'resend' });
        assert.equal(reviewed.status, 200, reviewed.text);
        view = await until('the resends', 600_000, async () => {
          const v = await progressOf();
          return v.campaign.status === 'completed' && (v.progress.totals['review'] ?? 0) === 0 ? v : undefined;
        });
      }
      phase('resends done');
      await standIn.messages.drainStatuses();
      phase('status webhooks drained');
      const counts = standIn.messages.acceptedByRecipient();
      assert.equal(counts.size, RECIPIENTS, 'every recipient reached the stand-in');
      const twice = [...counts].filter(([, n]) => n !== 1);
      assert.deepEqual(twice, [], 'nobody was sent twice');
      const totals = view.progress.totals;
      assert.deepEqual(
        { recipients: totals['recipients'], sent: totals['sent'], failed: totals['failed'], queued: totals['queued'], sending: totals['sending'], unknown: totals['unknown'], review: totals['review'] },
        { recipients: RECIPIENTS, sent: RECIPIENTS, failed: 0, queued: 0, sending: 0, unknown: 0, review: 0 },
      );
    } finally {
      await stopServer(server.child);
      await standIn.close();
      rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    }
  });
}
