// Issue 13: campaign dispatch against the Graph stand-in — throughput with pacing off as a ratio to bare
// HTTP posts of the same messages to the same stand-in in one run; the time to enqueue 100,000 recipients;
// the rate achieved with pacing at 80/s. SQLite in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { openStorage, type Storage } from '@flowline/storage';
import { startGraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { toFlowTemplateBody } from '../channels/flow-message.js';
import { createCloudApiClient } from '../channels/cloud-api-client.js';
import { guardedGraphPost } from '../channels/graph-post.js';
import { campaignChannelFor } from './campaign-channel.js';
import { createCampaignDispatcher } from './campaign-dispatcher.js';
import { createCampaign, startCampaign } from './campaign-service.js';

const N = Number(process.env['FLOWLINE_BENCH_N'] ?? 5000);
const ENQUEUE = Number(process.env['FLOWLINE_BENCH_ENQUEUE'] ?? 100_000);
const CONCURRENCY = 32;
const ROUNDS = 5;
const PACED = 400;

async function workspaceWith(storage: Storage, ws: string, contacts: number): Promise<void> {
  await storage.workspaces.create({ id: ws, name: ws, at: 0 });
  await storage.flows.create(ws, { id: 'renewal', name: 'Renewal', at: 0, by: 'bench' });
  await storage.flows.addVersion(ws, 'renewal', { flowJson: '{}', createdAt: 0, createdBy: 'bench' });
  // The version the campaign sends is the one live in Flowline (the review gate lets it through).
  await storage.flows.publish(ws, 'renewal', 1, { at: 0, by: 'bench' });
  for (let i = 0; i < contacts; i += 5000) {
    await storage.transaction(async (tx) => {
      for (let j = i; j < Math.min(contacts, i + 5000); j += 500) {
        await tx.audiences.importContacts(ws, Array.from({ length: Math.min(500, contacts - j) }, (_, k) => ({ phone: `+4477${String(j + k).padStart(8, '0')}`, optInSource: 'bench', optedInAt: 1 })), 2);
      }
    });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'flowline-h13-bench-'));
const storage = await openStorage({ dataDir: dir });
const standIn = await startGraphStandIn();
// The server's own client stack: the Cloud API client over the outbound address guard (createChannels builds the
// same, with private addresses refused; the stand-in listens on loopback, so loopback is let through here).
const client = createCloudApiClient({ baseUrl: standIn.baseUrl, apiVersion: 'v23.0', phoneNumberId: standIn.phoneNumberId, accessToken: 'bench-token-000000000000' }, guardedGraphPost({ privateHttp: 'loopback', timeoutMs: 10_000 }));
const now = () => new Date();
/** Messages per wall-clock second and per CPU-second of this process (the client, Flowline and the stand-in share its one thread). */
interface Rate { readonly wall: number; readonly cpu: number }
const rateOf = (count: number, start: number, cpu: NodeJS.CpuUsage): Rate => {
  const used = process.cpuUsage(cpu);
  return { wall: count / ((performance.now() - start) / 1000), cpu: count / ((used.user + used.system) / 1e6) };
};
try {
  // 1 and 2, interleaved in ROUNDS rounds (bare first in even rounds, dispatch first in odd ones) after a warm-up, so a
  // noisy moment of the machine falls on both sides; the ratio is taken per round and its median reported.
  const url = `${standIn.baseUrl}/v23.0/${standIn.phoneNumberId}/messages`;
  const messageOf = (i: number) => ({ to: `+4470${String(i).padStart(8, '0')}`, templateName: 'renewal_offer', language: 'en_US', flowToken: `token-${i}-0123456789abcdef`, callbackData: `send:${i}` });
  const bodyOf = (i: number) => JSON.stringify(toFlowTemplateBody(messageOf(i)));
  const headers = { authorization: 'Bearer bench-token-000000000000', 'content-type': 'application/json' };
  /** Bare posts: the same template message bodies, the same concurrency, no bookkeeping; each answer checked. */
  const bare = (post: (i: number) => Promise<number>) => async (count: number): Promise<Rate> => {
    let next = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const status = await post(next++);
        if (status !== 200) throw new Error(`the stand-in answered ${status}`);
      }
    }));
    return rateOf(count, start, cpu);
  };
  /** Node's fetch (undici). */
  const bareFetch = bare(async (i) => {
    const response = await fetch(url, { method: 'POST', headers, body: bodyOf(i) });
    await response.text();
    return response.status;
  });
  /** node:http with a keep-alive agent, the transport of the server's outbound guard, without the guard. */
  const agent = new Agent({ keepAlive: true });
  const bareHttp = bare((i) => new Promise<number>((resolve, reject) => {
    const body = bodyOf(i);
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  }));
  /** The server's own client stack (Cloud API client over the address guard) with no bookkeeping: what dispatch adds is the campaign's. */
  const bareClient = bare(async (i) => {
    const result = await client.sendFlowTemplate({ ...messageOf(i), flowActionData: {} });
    return result.ok ? 200 : result.status;
  });
  /** Dispatch with pacing off: claim (sends + idempotency records committed), call, record. */
  const dispatchRound = async (ws: string): Promise<Rate> => {
    await workspaceWith(storage, ws, N);
    const created = await createCampaign({ storage, now }, ws, { name: 'bench', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 'renewal_offer', language: 'en_US' }, messagesPerSecond: 1000, quietPeriodHours: 0 });
    if (!created.ok) throw new Error(created.message);
    await startCampaign({ storage, now }, ws, created.campaign.id);
    const unpaced = createCampaignDispatcher({ storage, now, log: () => undefined, pacing: false, concurrency: CONCURRENCY, channelFor: (c) => campaignChannelFor({ storage, now, cloudApiFor: () => Promise.resolve(client) }, c) });
    const before = standIn.messages.log.length;
    const cpu = process.cpuUsage();
    const start = performance.now();
    while ((await storage.campaigns.find(ws, created.campaign.id))?.status === 'running') {
      await unpaced.runOnce();
      // A send that got no answer within the client's deadline is `unknown` until a status webhook (off here) or the
      // review period settles it: the round cannot finish honestly, so it stops instead of waiting minutes for review.
      const states = await storage.campaigns.countStates(ws, created.campaign.id);
      const open = (state: string) => states.filter((s) => s.state === state).reduce((sum, s) => sum + s.count, 0);
      if (open('queued') === 0 && open('sending') === 0 && open('unknown') > 0) throw new Error(`${open('unknown')} sends got no answer within the client's deadline (did the machine stall?); rerun the bench`);
    }
    const rate = rateOf(N, start, cpu);
    if (standIn.messages.log.length - before !== N) throw new Error(`expected ${N} messages, the stand-in saw ${standIn.messages.log.length - before}`);
    return rate;
  };
  await bareFetch(500);
  await bareHttp(500);
  await bareClient(500);
  const rounds: { fetch: Rate; http: Rate; client: Rate; dispatch: Rate }[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    if (r % 2 === 0) {
      const fetched = await bareFetch(N);
      const http = await bareHttp(N);
      const own = await bareClient(N);
      rounds.push({ fetch: fetched, http, client: own, dispatch: await dispatchRound(`ws-dispatch-${r}`) });
    } else {
      const dispatch = await dispatchRound(`ws-dispatch-${r}`);
      const own = await bareClient(N);
      const http = await bareHttp(N);
      rounds.push({ fetch: await bareFetch(N), http, client: own, dispatch });
    }
  }
  const median = (values: readonly number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  // The baseline of a round is the faster bare client of that round.
  const wallRatios = rounds.map((r) => r.dispatch.wall / Math.max(r.fetch.wall, r.http.wall));
  const cpuRatios = rounds.map((r) => r.dispatch.cpu / Math.max(r.fetch.cpu, r.http.cpu));
  const ratio = median(wallRatios);
  const cpuRatio = median(cpuRatios);
  // CPU microseconds per message (client, Flowline and stand-in together), median over the rounds.
  const usOf = (pick: (r: (typeof rounds)[number]) => Rate) => median(rounds.map((r) => 1e6 / pick(r).cpu));
  const us = { http: usOf((r) => r.http), fetch: usOf((r) => r.fetch), client: usOf((r) => r.client), dispatch: usOf((r) => r.dispatch) };

  // 3. Enqueue: select the audience, split it by the seed and write the recipients.
  await workspaceWith(storage, 'ws-enqueue', ENQUEUE);
  const big = await createCampaign({ storage, now }, 'ws-enqueue', { name: 'big', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }, { key: 'B', flowId: 'renewal', version: 1 }], template: { name: 't', language: 'en' } });
  if (!big.ok) throw new Error(big.message);
  const enqueueStart = performance.now();
  const started = await startCampaign({ storage, now }, 'ws-enqueue', big.campaign.id);
  const enqueueMs = performance.now() - enqueueStart;
  if (!started.ok || started.recipients !== ENQUEUE) throw new Error('enqueue failed');
  await storage.campaigns.transition('ws-enqueue', big.campaign.id, ['running'], 'cancelled', now());

  // 4. Pacing at 80/s: the rate the stand-in measures from the first to the last message.
  await workspaceWith(storage, 'ws-paced', PACED);
  const paced = await createCampaign({ storage, now }, 'ws-paced', { name: 'paced', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 't', language: 'en' }, messagesPerSecond: 80, quietPeriodHours: 0 });
  if (!paced.ok) throw new Error(paced.message);
  await startCampaign({ storage, now }, 'ws-paced', paced.campaign.id);
  const pacedDispatcher = createCampaignDispatcher({ storage, now, log: () => undefined, concurrency: CONCURRENCY, channelFor: (c) => campaignChannelFor({ storage, now, cloudApiFor: () => Promise.resolve(client) }, c) });
  const from = standIn.messages.log.length;
  while ((await storage.campaigns.find('ws-paced', paced.campaign.id))?.status === 'running') await pacedDispatcher.runOnce();
  const times = standIn.messages.log.slice(from).map((m) => m.at);
  const achieved = (times.length - 1) / (((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000);
  const peak = standIn.messages.maxPerSecond({ from: times[0] ?? 0 });

  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const list = (values: readonly number[], digits = 0) => values.map((v) => (digits === 0 ? f(v) : v.toFixed(digits))).join(', ');
  process.stdout.write(`## Campaigns: dispatch against the Graph stand-in (SQLite)

\`node --conditions=source --import tsx apps/server/src/messaging/campaigns/campaign-dispatch.bench.ts\` (N = ${f(N)} messages a round, ${ROUNDS} rounds, ${CONCURRENCY} in flight, stand-in in the same process and thread; load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores — other work shares this machine, so compare the ratios, not the absolute figures)

| path | per wall-clock second (rounds) | per CPU-second of the process (rounds) |
|---|---:|---:|
| bare POSTs of the same template messages to the stand-in, Node's fetch | ${list(rounds.map((r) => r.fetch.wall))} | ${list(rounds.map((r) => r.fetch.cpu))} |
| bare POSTs, node:http with a keep-alive agent | ${list(rounds.map((r) => r.http.wall))} | ${list(rounds.map((r) => r.http.cpu))} |
| the server's Cloud API client over the outbound address guard, no campaign bookkeeping | ${list(rounds.map((r) => r.client.wall))} | ${list(rounds.map((r) => r.client.cpu))} |
| campaign dispatch, pacing off: send-time exclusions, the Meta Flow each send opens, claim (sends with flow_tokens and the idempotency records committed before the call), the server's Cloud API client over the outbound address guard, results recorded in batches | ${list(rounds.map((r) => r.dispatch.wall))} | ${list(rounds.map((r) => r.dispatch.cpu))} |
| ratio dispatch ÷ Node's fetch (the baseline of the figures before 2026-12-03), per round | ${list(rounds.map((r) => r.dispatch.wall / r.fetch.wall), 2)} | ${list(rounds.map((r) => r.dispatch.cpu / r.fetch.cpu), 2)} |
| ratio dispatch ÷ the server's client without bookkeeping, per round | ${list(rounds.map((r) => r.dispatch.wall / r.client.wall), 2)} | ${list(rounds.map((r) => r.dispatch.cpu / r.client.cpu), 2)} |
| ratio dispatch ÷ the faster bare client, per round | ${list(wallRatios, 2)} | ${list(cpuRatios, 2)} |
| **median ratio** | **${ratio.toFixed(2)}** | **${cpuRatio.toFixed(2)}** |

Rounds alternate bare-first and dispatch-first, so a noisy moment of the machine falls on both sides; each round's
baseline is the faster of its two bare clients. Every answer is checked (200 from the stand-in; the stand-in counts N
messages per dispatch round). The client, Flowline and the stand-in share one thread, so the CPU-second ratio is the cost of a dispatched message against a
bare one, and the wall-clock ratio is that plus waiting (SQLite commits, the machine's other work). Target ≥ 0.8:
${ratio >= 0.8 ? 'met' : 'not met'} by wall clock, ${cpuRatio >= 0.8 ? 'met' : 'not met'} per CPU-second.

CPU per message (median of the rounds; the stand-in's share, the same on every path, included): node:http ${us.http.toFixed(0)} µs,
fetch ${us.fetch.toFixed(0)} µs, the server's client ${us.client.toFixed(0)} µs, dispatch ${us.dispatch.toFixed(0)} µs — the campaign's
bookkeeping (exclusions, claim and records in SQLite, batching) costs ${(us.dispatch - us.client).toFixed(0)} µs a message, the guard and the
Cloud API client ${(us.client - us.http).toFixed(0)} µs over a bare node:http post. For 0.8 of node:http, dispatch would have to cost at most
${(us.http / 0.8).toFixed(0)} µs in all.

| measure | figure |
|---|---:|
| time to enqueue ${f(ENQUEUE)} recipients (segment selection, seeded A/B split, recipient rows) | ${(enqueueMs / 1000).toFixed(2)} s (${f(ENQUEUE / (enqueueMs / 1000))} recipients/s) |
| achieved rate with pacing at 80/s (${PACED} messages, first to last arrival at the stand-in) | ${achieved.toFixed(1)}/s (${((achieved / 80 - 1) * 100).toFixed(1)} % from 80; target ± 2 %) |
| most messages the stand-in saw in any one second at 80/s | ${peak} |
`);
} finally {
  await standIn.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
