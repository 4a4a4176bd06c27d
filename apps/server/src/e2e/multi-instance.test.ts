import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { openStorage, type Storage } from '@flowline/storage';
import { testDatabaseUrl, throwawayDatabase } from '@flowline/storage/test-support';
import { startGraphStandIn } from '../messaging/channels/test-support/graph-stand-in.js';
import { createAdminApi, createReviewTeam } from './test-support/admin-api.js';
import { requestBooking, slotOn } from './test-support/booking-request.js';
import { createSends, LOAD_FLOW, postCompletion, runLanes, signedCompletion, type SignedCompletion } from './test-support/completion-load.js';
import { startHttpSink, waitFor } from './test-support/http-sink.js';
import { startServerProcess, type ServerProcess } from './test-support/server-process.js';

// Issue 18, "Must show": three real server processes on one PostgreSQL database, load on all three at
// once — signed completion webhooks, each redelivered to a different instance, and endpoint requests
// booking the same slots, a campaign sent through the Graph stand-in — and the instance holding the
// campaign's lease killed with SIGKILL mid-load and started again. Every acknowledged answer is routed
// exactly once, every action reaches the sink under one idempotency key, no slot is over capacity, no
// campaign recipient is messaged twice, and nothing stays leased once the lease (3 s here) has passed.

const ADMIN = 'multi-instance-admin-token-0123456789';
const APP_SECRET = 'multi-instance-app-secret';
const WORKSPACE = 'default';
const WEBHOOKS = 120;
const BOOKINGS_PER_SLOT = 8;
const LEASE_MS = 3000;
const RECIPIENTS = 300;
// Slow enough that the campaign is still being sent when the instance holding it is killed.
const CAMPAIGN_RATE = 10;
const url = testDatabaseUrl();

type Task =
  | { readonly kind: 'webhook'; readonly completion: SignedCompletion; readonly first: number }
  | { readonly kind: 'booking'; readonly slot: string; readonly flowToken: string; readonly first: number };

test('three instances on one PostgreSQL under load, the campaign\'s sender killed with SIGKILL and restarted: answers routed once, actions delivered, slots within capacity, nobody messaged twice, no lease left', {
  timeout: 180_000,
  skip: url === undefined ? 'FLOWLINE_TEST_DATABASE_URL is not set: several instances share state through PostgreSQL only' : false,
}, async (t) => {
  if (url === undefined) return;
  const database = await throwawayDatabase(url, 'flowline_multi');
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-multi-'));
  const sink = await startHttpSink({ delayMs: 20 });
  // WhatsApp for the campaign: the stand-in, its status webhooks signed with the same app secret.
  const standIn = await startGraphStandIn({ appSecret: APP_SECRET });
  standIn.messages.sendStatusWebhooks(true);
  // One data folder for the three (the shared key pair, as a mounted volume or copied keys would be).
  const env = {
    DATABASE_URL: database.url, FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '0', FLOWLINE_KEY_PASSPHRASE: 'multi-instance-passphrase',
    FLOWLINE_APP_SECRET: APP_SECRET, FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_OUTBOX_LEASE_MS: String(LEASE_MS), FLOWLINE_DB_POOL_MAX: '4',
    FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: standIn.phoneNumberId, FLOWLINE_WHATSAPP_ACCESS_TOKEN: 'stand-in-access-token-0000000000', FLOWLINE_GRAPH_BASE_URL: standIn.baseUrl,
  };
  const instances: (ServerProcess | undefined)[] = [];
  let storage: Storage | undefined;
  const raw = new pg.Client({ connectionString: database.url });
  try {
    // The first start creates the keys and seeds; the other two start together against the migrated database.
    instances.push(await startServerProcess(env));
    instances.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const first = instances[0];
    assert.ok(first);
    // Any live instance answers the admin API (the one killed may be the first: it is the campaign's sender).
    const api = createAdminApi(() => (instances.find((i) => i !== undefined) ?? first).baseUrl, ADMIN);
    const rules = await api('PUT', `/flows/${LOAD_FLOW}/routing`, {
      rules: [{ name: 'Every lead to the CRM and the ERP', default: true, actions: [{ type: 'webhook', url: `${sink.url}?to=crm`, secret: 'crm' }, { type: 'webhook', url: `${sink.url}?to=erp`, secret: 'erp' }] }],
    });
    assert.equal(rules.status, 200, rules.text);
    storage = await openStorage({ databaseUrl: database.url });
    await raw.connect();
    const sends = await createSends(storage, WORKSPACE, WEBHOOKS);

    // A campaign, started before the load: every instance runs a dispatcher; one holds the campaign's lease.
    standIn.setWebhookUrl(`${first.baseUrl}/webhooks/whatsapp`);
    const csv = ['phone,name', ...Array.from({ length: RECIPIENTS }, (_, i) => `+44 7700 ${String(900_000 + i)},Customer ${i}`)].join('\n');
    const imported = await api('POST', '/contacts/import', { csv, optInSource: 'checkout form', optedInAt: '2026-01-01T00:00:00Z' });
    assert.equal(imported.body['imported'], RECIPIENTS, imported.text);
    const created = await api('POST', '/campaigns', {
      name: 'multi-instance', channel: 'whatsapp', kind: 'template', template: { name: 'renewal_offer', language: 'en_US' },
      arms: [{ key: 'A', flowId: 'feedback', version: 1 }], messagesPerSecond: CAMPAIGN_RATE, reviewAfterSeconds: 20, seed: 'multi',
    });
    assert.equal(created.status, 201, created.text);
    const campaignId = String(created.body['id']);
    await createReviewTeam(() => first.baseUrl, ADMIN)('feedback', 1);
    const started = await api('POST', `/campaigns/${campaignId}/start`);
    assert.equal(started.status, 200, started.text);
    // The load starts once the campaign is being sent, so the kill lands mid-campaign.
    await waitFor('the campaign to be sending', () => (standIn.messages.acceptedByRecipient().size >= 10 ? true : undefined), 60_000);

    // Each webhook twice (WhatsApp's redelivery), the copies to different instances; bookings spread the same way.
    const slots = [slotOn('hair', 1, '09:00', Date.now()), slotOn('hair', 1, '09:30', Date.now()), slotOn('nails', 2, '10:00', Date.now()), slotOn('nails', 2, '11:00', Date.now())];
    const capacity: Readonly<Record<string, number>> = { hair: 2, nails: 1 };
    const tasks: Task[] = [];
    sends.forEach((send, i) => {
      const completion = signedCompletion(send, `wamid.multi.${i}`, APP_SECRET);
      tasks.push({ kind: 'webhook', completion, first: i % 3 }, { kind: 'webhook', completion, first: (i + 1) % 3 });
      if (i < slots.length * BOOKINGS_PER_SLOT) tasks.push({ kind: 'booking', slot: slots[i % slots.length] ?? '', flowToken: `multi-booking-${i}`, first: (i + 2) % 3 });
    });

    const ingested = new Map<string, number>();
    const acknowledged = new Set<string>();
    const booked = new Map<string, { slot: string; screen: string | undefined; bookingId: string | undefined }>();
    let done = 0;
    let restart: Promise<void> | undefined;
    let refusedWhileDown = 0;
    let fallbacks = 0;
    let victimHeldCampaign = false;
    let sentAtKill = 0;
    // A request that fails (the instance died) is sent again to the next instance, as a load balancer and WhatsApp's retries do.
    const attempt = async (task: Task): Promise<void> => {
      for (let i = 0; i < 60; i += 1) {
        const instance = instances[(task.first + i) % 3];
        if (instance === undefined) continue;
        if (task.kind === 'webhook') {
          const answer = await postCompletion(instance.baseUrl, task.completion);
          if (answer.status === 200) {
            acknowledged.add(task.completion.messageId);
            if (answer.outcome === 'ingested') ingested.set(task.completion.messageId, (ingested.get(task.completion.messageId) ?? 0) + 1);
            return;
          }
          refusedWhileDown += 1;
        } else {
          const answer = await requestBooking(instance.baseUrl, dataDir, APP_SECRET, task.slot, task.flowToken);
          if (answer.status === 200 && (answer.screen === 'CONFIRMED' || answer.screen === 'APPOINTMENT')) {
            booked.set(task.flowToken, { slot: task.slot, screen: answer.screen, bookingId: answer.bookingId });
            return;
          }
          // The handler's deadline passed (a busy machine) and the fallback re-showed the screen: the customer
          // presses again, with the same flow token, so the booking already made (if any) is the one returned.
          if (answer.status === 200) fallbacks += 1;
          else refusedWhileDown += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no instance answered ${task.kind === 'webhook' ? task.completion.messageId : task.flowToken}`);
    };
    await runLanes(tasks, 24, async (task) => {
      await attempt(task);
      done += 1;
      if (done === Math.floor(tasks.length / 3) && restart === undefined) {
        // The instance sending the campaign dies mid-load (the campaign mid-way, deliveries in flight, a batch
        // of webhooks mid-commit) and is started again; status webhooks go to another instance meanwhile.
        restart = (async () => {
          const owner = (await raw.query<{ lease_owner: string | null }>('select lease_owner from campaigns where id = $1', [campaignId])).rows[0]?.lease_owner ?? '';
          const held = instances.findIndex((i) => i !== undefined && owner.includes(`-${i.child.pid ?? 'none'}-`));
          victimHeldCampaign = held >= 0;
          const index = held >= 0 ? held : 1;
          const victim = instances[index];
          instances[index] = undefined;
          const other = instances[(index + 1) % 3];
          if (other !== undefined) standIn.setWebhookUrl(`${other.baseUrl}/webhooks/whatsapp`);
          await victim?.kill();
          sentAtKill = standIn.messages.acceptedByRecipient().size;
          instances[index] = await startServerProcess(env);
        })();
      }
    });
    await restart;
    t.diagnostic(`the killed instance ${victimHeldCampaign ? 'held' : 'did not hold'} the campaign's lease; ${sentAtKill} of ${RECIPIENTS} recipients had been messaged`);
    assert.ok(victimHeldCampaign, 'the instance killed was the one sending the campaign');
    assert.ok(sentAtKill > 0 && sentAtKill < RECIPIENTS, 'the campaign was being sent when its instance was killed');
    t.diagnostic(`${tasks.length} requests; ${refusedWhileDown} attempts failed (the killed instance) and were sent again elsewhere; ${fallbacks} booking answers were the deadline fallback and were sent again`);

    // Every answer was acknowledged and is routed exactly once.
    assert.equal(acknowledged.size, WEBHOOKS);
    for (const [messageId, count] of ingested) assert.equal(count, 1, `${messageId} was ingested by one instance only`);
    const submissions = await storage.submissions.list(WORKSPACE, { flowId: LOAD_FLOW, limit: 100_000 });
    const perMessage = new Map<string, number>();
    for (const s of submissions) if (s.messageId !== null) perMessage.set(s.messageId, (perMessage.get(s.messageId) ?? 0) + 1);
    for (const messageId of acknowledged) assert.equal(perMessage.get(messageId), 1, `${messageId}: exactly one submission`);
    assert.ok(submissions.every((s) => s.contract.ok), 'every answer passed its contract and was routed (no exception)');

    // Every action delivered (the killed instance's leases taken over after they expired), under one key each.
    const actions = await waitFor('every action delivered', async () => {
      const all = await storage?.outbox.list(WORKSPACE, { limit: 100_000 }) ?? [];
      return all.length === 2 * WEBHOOKS && all.every((a) => a.status === 'delivered') ? all : undefined;
    }, 60_000);
    const keys = new Set(actions.map((a) => a.idempotencyKey));
    assert.equal(keys.size, actions.length, 'one idempotency key per action');
    const received = new Map<string, number>();
    for (const request of sink.requests) {
      const key = String(request.headers['idempotency-key']);
      received.set(key, (received.get(key) ?? 0) + 1);
      assert.equal((JSON.parse(request.body) as { id?: unknown }).id, key, 'the body carries the same key as the header');
    }
    assert.deepEqual([...received.keys()].sort(), [...keys].sort(), 'every action reached the sink, and nothing else did');
    t.diagnostic(`${sink.requests.length} deliveries for ${keys.size} actions (${sink.requests.length - keys.size} repeated after the kill, same keys)`);

    // No slot over capacity; each slot filled (demand exceeds capacity); every confirmed answer names a stored booking.
    const rows = (await raw.query<{ id: string; resource_id: string; slot_start: string }>("select id, resource_id, slot_start from bookings where status = 'confirmed' and preview = 0")).rows;
    const perSlot = new Map<string, string[]>();
    for (const row of rows) perSlot.set(`${row.resource_id}@${row.slot_start}`, [...(perSlot.get(`${row.resource_id}@${row.slot_start}`) ?? []), row.id]);
    assert.equal(perSlot.size, slots.length);
    for (const [slot, ids] of perSlot) assert.equal(ids.length, capacity[slot.split('@')[0] ?? ''], `${slot} is booked to capacity, not beyond`);
    const confirmed = [...booked.values()].filter((b) => b.screen === 'CONFIRMED');
    assert.deepEqual(confirmed.map((b) => b.bookingId).sort(), rows.map((r) => r.id).sort(), 'every stored booking was confirmed to one booker, and every confirmation is stored');
    assert.equal(booked.size, slots.length * BOOKINGS_PER_SLOT, 'every booker got an answer: confirmed, or sent back to choose another slot');

    // Another instance took the campaign over once its lease expired: everyone messaged, nobody twice. A
    // recipient whose message was in flight at the kill is resolved by its status webhook, or put in
    // review (never resent blindly) and resent by a person's decision once no webhook came.
    const campaign = async () => (await api('GET', `/campaigns/${campaignId}`)).body as { campaign: { status: string }; progress: { totals: Record<string, number> } };
    let view = await waitFor('the campaign to complete', async () => {
      const v = await campaign();
      return v.campaign.status === 'completed' ? v : undefined;
    }, 120_000);
    t.diagnostic(`campaign completed; ${view.progress.totals['review'] ?? 0} recipients in review (in flight at the kill, no status webhook)`);
    if ((view.progress.totals['review'] ?? 0) > 0) {
      await standIn.messages.drainStatuses();
      const reviewed = await api('POST', `/campaigns/${campaignId}/review`, { decision: 'resend' });
      assert.equal(reviewed.status, 200, reviewed.text);
      view = await waitFor('the resends', async () => {
        const v = await campaign();
        return v.campaign.status === 'completed' && (v.progress.totals['review'] ?? 0) === 0 ? v : undefined;
      }, 60_000);
    }
    const messaged = standIn.messages.acceptedByRecipient();
    assert.equal(messaged.size, RECIPIENTS, 'every recipient was messaged');
    assert.deepEqual([...messaged].filter(([, n]) => n !== 1), [], 'nobody was messaged twice');
    assert.equal(view.progress.totals['sent'], RECIPIENTS);
    assert.equal((await raw.query('select count(*)::int as n from campaigns where lease_owner is not null')).rows[0]?.n, 0, 'the campaign\'s lease was released');

    // The answered sends are completed, and after the lease window nothing is left leased.
    assert.equal((await raw.query("select count(*)::int as n from sends where flow_id = $1 and status <> 'completed'", [LOAD_FLOW])).rows[0]?.n, 0);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
    assert.equal((await raw.query("select count(*)::int as n from outbox_actions where status = 'delivering' or lease_token is not null or lease_until is not null")).rows[0]?.n, 0);
  } finally {
    await Promise.all(instances.map((i) => i?.stop()));
    await raw.end().catch(() => undefined);
    await storage?.close();
    await sink.close();
    await standIn.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
