import { backoffDelayMs, classifySendFailure, exclusionReason, isKnownTimeZone, nextSendTime, NO_JITTER, slowDown, speedUp, startPacing, takeSlot, toFlowActionData, type PacingState, type SendWindow } from '@flowline/core';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isWithinServiceWindow, type Campaign, type CampaignRecipient, type CampaignStatus, type ClaimedRecipient, type Storage } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';
import type { GraphSendResult } from '../channels/graph-send-result.js';
import type { TemplateRef } from '../channels/find-opened-meta-flow.js';
import type { CampaignChannel } from './campaign-channel.js';
import { definitionOf, type CampaignArm, type CampaignDefinition } from './campaign-definition.js';

/** What the dispatcher needs from the server. */
export interface CampaignDispatcherDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly log: Logger;
  /** The channel a campaign sends through; undefined pauses the campaign with a reason. */
  readonly channelFor: (campaign: Campaign) => Promise<CampaignChannel | undefined>;
  /** Pace sends to the campaign's messages per second (default true; off only for benchmarks). */
  readonly pacing?: boolean;
  /** Sends in flight at once per campaign (default 32). */
  readonly concurrency?: number;
  /** How often campaigns are looked for (default 250 ms). */
  readonly tickMs?: number;
  /** How long a dispatcher's hold on a campaign lasts unless renewed (default 15 s, beyond a Cloud API timeout); a crashed process's campaigns are taken over after it. */
  readonly leaseMs?: number;
  /** Attempts after temporary failures before a recipient fails (default 5). */
  readonly maxAttempts?: number;
}

/** The campaign dispatcher of one server process. */
export interface CampaignDispatcher {
  /** Works campaigns until stopped (a campaign taken over from a dead process first has its sends in flight recovered). */
  start(): Promise<void>;
  /** Stops taking new work and waits for the sends in flight to be recorded. */
  stop(): Promise<void>;
  /** Works every dispatchable campaign once, until each runs out of due recipients (tests, benchmarks). */
  runOnce(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const PAIR_RATE_RETRY_MS = 6000;
const STOP_CHECK_MS = 2000;
// Meta's answers are recorded in batches: one transaction per 250 answers or half a second, whichever comes first.
// Until then a recipient stays `sending`, which a crash turns into `unknown` (resolved by its status webhook), so
// the batch size bounds only how many wait for a webhook after a crash, never whether anyone is sent twice.
const RECORD_BATCH = 250;
const RECORD_AFTER_MS = 500;

/**
 * Creates the dispatcher. For each recipient: exclusions are checked at send time; the send (its
 * flow_token) and the recipient's `sending` state commit BEFORE the Cloud API call — the idempotency
 * record — so after a crash an unanswered send is `unknown`, resolved by its status webhook or put in review,
 * never sent again blindly. Sends are paced to the campaign's rate; 130429/131056 slow it down and retry.
 */
export function createCampaignDispatcher(deps: CampaignDispatcherDeps): CampaignDispatcher {
  const concurrency = deps.concurrency ?? 32;
  const pacingOn = deps.pacing ?? true;
  const maxAttempts = deps.maxAttempts ?? 5;
  const leaseMs = deps.leaseMs ?? 15_000;
  // Names the machine and process holding a campaign (campaigns.lease_owner), for an operator asking which
  // instance is sending it; the random part keeps two dispatchers of one process apart.
  const owner = `dispatcher-${hostname()}-${process.pid}-${randomBytes(6).toString('hex')}`;
  const active = new Map<string, Promise<void>>();
  // A campaign's pacing outlives one run of it, so a run that comes back after a pause does not start with a burst.
  const pacings = new Map<string, PacingState>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopping = false;

  const tick = async (): Promise<void> => {
    const nowMs = deps.now().getTime();
    for (const campaign of await deps.storage.campaigns.listDispatchable(nowMs)) {
      const key = `${campaign.workspaceId}/${campaign.id}`;
      if (active.has(key) || stopping) continue;
      const work = runCampaign(campaign).catch((error: unknown) => {
        deps.log('error', 'campaign.dispatch_failed', { campaignId: campaign.id, error: error instanceof Error ? error.message : String(error) });
      }).finally(() => active.delete(key));
      active.set(key, work);
    }
  };

  async function runCampaign(campaign: Campaign): Promise<void> {
    const ws = campaign.workspaceId;
    const { storage } = deps;
    const lease = await storage.campaigns.acquireLease(ws, campaign.id, owner, deps.now().getTime() + leaseMs, deps.now());
    if (lease === 'held') return;
    try {
      await runLeased(campaign, lease === 'acquired');
    } finally {
      await storage.campaigns.releaseLease(ws, campaign.id, owner);
    }
  }

  async function runLeased(campaign: Campaign, fresh: boolean): Promise<void> {
    const ws = campaign.workspaceId;
    const { storage } = deps;
    if (fresh) {
      // Whatever is still `sending` was left by a process that died: never re-sent blindly.
      const recovered = await storage.campaigns.recoverInFlight(ws, campaign.id, deps.now());
      if (recovered > 0) deps.log('warn', 'campaign.recovered_in_flight', { campaignId: campaign.id, recipients: recovered });
    }
    if (campaign.status === 'scheduled') await storage.campaigns.transition(ws, campaign.id, ['scheduled'], 'running', deps.now(), null);
    const channel = await deps.channelFor(campaign);
    if (channel === undefined) {
      await storage.campaigns.transition(ws, campaign.id, ['running'], 'paused', deps.now(), `the ${campaign.channel} channel is not configured on this server`);
      return;
    }
    const definition = definitionOf(campaign);
    const arms = new Map(definition.arms.map((a) => [a.key, a]));
    const key = `${ws}/${campaign.id}`;
    const kept = pacings.get(key);
    let pacing: PacingState = kept !== undefined && kept.ceiling === campaign.messagesPerSecond ? kept : startPacing(campaign.messagesPerSecond, performance.now());
    let stopCheckAt = 0;
    let leaseRenewAt = deps.now().getTime() + leaseMs / 2;
    let stop: { status: CampaignStatus; reason: string } | undefined;
    // Sends in flight: a count and the one waiter for a free place (Promise.race over the set tied a reaction
    // to every pending send for each freed place: 32 per message, kept until each send ended).
    let inFlight = 0;
    let freed: (() => void) | undefined;
    let drained: (() => void) | undefined;
    const release = () => {
      inFlight -= 1;
      const wake = freed;
      freed = undefined;
      wake?.();
      if (inFlight === 0) drained?.();
    };
    const placeFree = () => new Promise<void>((resolve) => {
      freed = resolve;
    });
    const allSettled = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => {
      drained = resolve;
    }));
    const sent: Parameters<Storage['campaigns']['recordSent']>[2][number][] = [];
    let flushing: Promise<void> = Promise.resolve();
    let flushedAt = performance.now();
    const flushSent = () => {
      flushedAt = performance.now();
      const batch = sent.splice(0);
      if (batch.length > 0) flushing = flushing.then(() => storage.campaigns.recordSent(ws, campaign.id, batch));
      return flushing;
    };

    const handle = async (recipient: ClaimedRecipient, arm: CampaignArm, result: GraphSendResult): Promise<void> => {
      const at = deps.now();
      if (result.ok) {
        pacing = speedUp(pacing);
        sent.push({ contactId: recipient.contactId, sendId: recipient.sendId, flowId: arm.flowId, version: arm.version, messageId: result.messageId, at });
        if (sent.length >= RECORD_BATCH || performance.now() - flushedAt > RECORD_AFTER_MS) await flushSent();
        return;
      }
      const handling = classifySendFailure(result.status, result.code);
      const reason = `${result.code === undefined ? `HTTP ${result.status}` : `(${result.code})`} ${result.message}`;
      const code = result.code ?? null;
      switch (handling.kind) {
        case 'slow-down':
          pacing = slowDown(pacing, performance.now());
          await storage.campaigns.requeue(ws, campaign.id, [{ contactId: recipient.contactId, nextAttemptAt: at.getTime() + (result.code === 131056 ? PAIR_RATE_RETRY_MS : 1000), code, reason }], at);
          return;
        case 'retry':
          if (recipient.attempts >= maxAttempts) await storage.campaigns.recordFailed(ws, campaign.id, [{ contactId: recipient.contactId, sendId: recipient.sendId, code, reason: `gave up after ${recipient.attempts} attempts: ${reason}`, at }]);
          else await storage.campaigns.requeue(ws, campaign.id, [{ contactId: recipient.contactId, nextAttemptAt: at.getTime() + backoffDelayMs(recipient.attempts, NO_JITTER), code, reason }], at);
          return;
        case 'fail-recipient':
          await storage.campaigns.recordFailed(ws, campaign.id, [{ contactId: recipient.contactId, sendId: recipient.sendId, code, reason, at }]);
          return;
        case 'stop-campaign':
          stop ??= { status: handling.status, reason };
          await storage.campaigns.requeue(ws, campaign.id, [{ contactId: recipient.contactId, nextAttemptAt: at.getTime(), code, reason }], at);
          return;
        case 'unknown-outcome':
          await storage.campaigns.markUnknown(ws, campaign.id, [recipient.contactId], `no answer from the Cloud API (${result.message}): waiting for a status webhook`, at);
          return;
      }
    };

    const sendOne = async (recipient: ClaimedRecipient, arm: CampaignArm, contact: { phone: string; name: string | null; fields: Record<string, unknown> } | undefined, template: TemplateRef | undefined): Promise<void> => {
      const flowActionData = contact === undefined ? {} : toFlowActionData(definition.personalisation, contact);
      let result: GraphSendResult;
      try {
        result = await channel.send({ to: recipient.phone, contactId: recipient.contactId, sendId: recipient.sendId, flowToken: recipient.flowToken, arm, flowActionData, graphFlowId: recipient.graphFlowId ?? undefined, template });
      } catch (error) {
        // A channel that throws gave no answer: the outcome is unknown, never retried blindly.
        result = { ok: false, retry: false, status: 0, code: undefined, message: error instanceof Error ? error.message : String(error) };
      }
      await handle(recipient, arm, result);
    };

    for (;;) {
      const current = await storage.campaigns.find(ws, campaign.id);
      if (current?.status !== 'running' || stopping || stop !== undefined) break;
      // The lease is renewed once half of it has run (each renewal is a commit; per batch it cost more than the batch's reads).
      if (deps.now().getTime() >= leaseRenewAt) {
        if ((await storage.campaigns.acquireLease(ws, campaign.id, owner, deps.now().getTime() + leaseMs, deps.now())) === 'held') break;
        leaseRenewAt = deps.now().getTime() + leaseMs / 2;
      }
      const nowMs = performance.now();
      if (nowMs >= stopCheckAt) {
        stopCheckAt = nowMs + STOP_CHECK_MS;
        const found = await channel.stopReason();
        if (found !== undefined) {
          stop = { status: found.status, reason: found.reason };
          break;
        }
      }
      // A batch covers about a quarter of a second of slots: few recipients wait in `sending` at a time, and
      // claiming the next batch right after the last send of this one overlaps the slots' waiting.
      const batchSize = pacingOn ? Math.max(1, Math.min(concurrency * 2, Math.ceil(pacing.rate / 4))) : concurrency * 4;
      const due = await storage.campaigns.listDue(ws, campaign.id, deps.now(), batchSize);
      if (due.length === 0) {
        await allSettled();
        await flushSent();
        if (await finishIfDone(campaign, definition)) break;
        // Retries and unknown outcomes wait; the next tick comes back.
        break;
      }
      const ready = await applyExclusions(campaign, definition, due);
      // Read for every batch, not once: after a publish new recipients open the new Meta Flow, and each send records the one it opens.
      // Each recipient gets their language's build: its Meta Flow, and for a template campaign its template (docs/localization.md).
      const opens = await channel.openedMetaFlows();
      const openOf = new Map(ready.map((r) => [r.recipient.contactId, opens.open(r.recipient.arm, r.contact?.language)]));
      const claimed = await storage.campaigns.claim(ws, campaign.id, ready.map((r) => {
        const arm = arms.get(r.recipient.arm);
        const opened = openOf.get(r.recipient.contactId);
        return {
          contactId: r.recipient.contactId, flowId: arm?.flowId ?? '', version: arm?.version ?? 0,
          ...(opened?.graphFlowId === undefined ? {} : { graphFlowId: opened.graphFlowId }), ...(opened?.language === undefined ? {} : { language: opened.language }),
        };
      }), campaign.channel, deps.now());
      const contactOf = new Map(ready.map((r) => [r.recipient.contactId, r.contact]));
      for (const recipient of claimed) {
        const arm = arms.get(recipient.arm);
        if (arm === undefined) continue;
        if (pacingOn) {
          const slot = takeSlot(pacing, performance.now());
          pacing = slot.state;
          await sleep(slot.at - performance.now());
        }
        while (inFlight >= concurrency) await placeFree();
        inFlight += 1;
        sendOne(recipient, arm, contactOf.get(recipient.contactId), openOf.get(recipient.contactId)?.template).catch((error: unknown) => {
          deps.log('error', 'campaign.record_failed', { campaignId: campaign.id, error: error instanceof Error ? error.message : String(error) });
        }).finally(release);
      }
    }
    await allSettled();
    await flushSent();
    pacings.set(key, pacing);
    if (stop !== undefined) {
      await storage.campaigns.transition(ws, campaign.id, ['running'], stop.status, deps.now(), stop.reason);
      deps.log('warn', 'campaign.stopped', { campaignId: campaign.id, status: stop.status });
    }
  }

  /** Skips recipients excluded at send time; returns the others with their contact. */
  async function applyExclusions(campaign: Campaign, definition: CampaignDefinition, due: readonly CampaignRecipient[]) {
    const ws = campaign.workspaceId;
    const contacts = new Map((await deps.storage.contacts.findByPhones(ws, due.map((r) => r.phone))).map((c) => [c.id, c]));
    const last = definition.quietPeriodMs > 0 ? await deps.storage.campaigns.lastSentByOthers(ws, campaign.id, due.map((r) => r.contactId)) : new Map<string, number>();
    const now = deps.now().getTime();
    const onList = await deps.storage.campaigns.findExcludedContacts(ws, campaign.name, due.map((r) => r.contactId));
    const excluded: { contactId: string; reason: string }[] = [];
    const ready: { recipient: CampaignRecipient; contact: { phone: string; name: string | null; fields: Record<string, unknown>; language: string | null } | undefined }[] = [];
    for (const recipient of due) {
      const contact = contacts.get(recipient.contactId);
      let reason = contact === undefined ? 'the contact no longer exists' : exclusionReason({ optedIn: contact.optedIn, onExclusionList: onList.has(recipient.contactId), campaignName: campaign.name, lastOtherCampaignAt: last.get(recipient.contactId), quietPeriodMs: definition.quietPeriodMs, now });
      // An interactive Flow message is free-form: WhatsApp takes it only inside the 24-hour window (platform spec §5.3).
      if (reason === undefined && campaign.kind === 'interactive' && campaign.channel === 'whatsapp' && !isWithinServiceWindow(await deps.storage.contacts.findConversation(ws, recipient.contactId), now)) {
        reason = 'outside the 24-hour window: an interactive Flow message cannot be sent; use a FLOW-button template';
      }
      if (reason === undefined) ready.push({ recipient, contact });
      else excluded.push({ contactId: recipient.contactId, reason });
    }
    if (excluded.length > 0) await deps.storage.campaigns.markExcluded(ws, campaign.id, excluded, now);
    return definition.sendWindow === undefined ? ready : deferOutsideWindow(campaign, definition.sendWindow, ready, now);
  }

  /** Keeps the recipients whose local send window is open; the others wait, unclaimed, for their opening. */
  async function deferOutsideWindow<T extends { recipient: CampaignRecipient; contact: { fields: Record<string, unknown> } | undefined }>(campaign: Campaign, window: SendWindow, ready: readonly T[], now: number): Promise<T[]> {
    const openings = new Map<string, number>();
    const open: T[] = [];
    const waiting: { contactId: string; nextAttemptAt: number; reason: string }[] = [];
    for (const entry of ready) {
      const own = entry.contact?.fields['timeZone'];
      const zone = typeof own === 'string' && isKnownTimeZone(own) ? own : window.timeZone;
      let opening = openings.get(zone);
      if (opening === undefined) {
        opening = nextSendTime(now, window, zone);
        openings.set(zone, opening);
      }
      if (opening <= now) open.push(entry);
      else waiting.push({ contactId: entry.recipient.contactId, nextAttemptAt: opening, reason: `waiting for the send window (${window.start}–${window.end} ${zone})` });
    }
    if (waiting.length > 0) await deps.storage.campaigns.defer(campaign.workspaceId, campaign.id, waiting);
    return open;
  }

  /** Resolves unknown outcomes; completes the campaign when nobody is left queued, sending or unknown. */
  async function finishIfDone(campaign: Campaign, definition: CampaignDefinition): Promise<boolean> {
    const ws = campaign.workspaceId;
    const now = deps.now().getTime();
    await deps.storage.campaigns.resolveUnknown(ws, campaign.id, now - definition.reviewAfterMs, now);
    const states = await deps.storage.campaigns.countStates(ws, campaign.id);
    const open = states.some((s) => (s.state === 'queued' || s.state === 'sending' || s.state === 'unknown') && s.count > 0);
    if (open) return false;
    const done = await deps.storage.campaigns.transition(ws, campaign.id, ['running'], 'completed', now, null);
    if (done) deps.log('info', 'campaign.completed', { campaignId: campaign.id });
    return true;
  }

  return {
    start() {
      let ticking = false;
      timer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        void tick().catch((error: unknown) => deps.log('error', 'campaign.tick_failed', { error: error instanceof Error ? error.message : String(error) })).finally(() => {
          ticking = false;
        });
      }, deps.tickMs ?? 250);
      timer.unref();
      return Promise.resolve();
    },
    async stop() {
      stopping = true;
      if (timer !== undefined) clearInterval(timer);
      await Promise.all(active.values());
    },
    async runOnce() {
      await tick();
      await Promise.all(active.values());
    },
  };
}
