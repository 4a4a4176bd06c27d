import type { Campaign } from '@flowline/storage';
import type { ApiDeps } from '../api-deps.js';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute, type AuthContext } from '../define-route.js';
import { campaignComparisonQuery, campaignRecipientsQuery, createCampaignBody, importContactsBody, reviewCampaignBody, startCampaignBody } from '@flowline/api-contract';
import { campaignComparison, campaignProgress } from '../../../messaging/campaigns/campaign-report.js';
import { createCampaign, moveCampaign, reviewCampaign, startCampaign } from '../../../messaging/campaigns/campaign-service.js';
import { importContacts } from '../../../messaging/campaigns/import-contacts.js';

/** A campaign as the API shows it. */
function toCampaignView(c: Campaign) {
  return {
    id: c.id, name: c.name, status: c.status, statusReason: c.statusReason, channel: c.channel, kind: c.kind, seed: c.seed,
    messagesPerSecond: c.messagesPerSecond, definition: c.definition, startAt: c.startAt, enqueuedAt: c.enqueuedAt, finishedAt: c.finishedAt,
    createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/** A campaign's state as the audit log keeps it before and after a step. */
const stateOf = (c: Campaign) => ({ status: c.status, statusReason: c.statusReason, startAt: c.startAt });

/** Records a campaign step in the audit log (docs/governance.md): who, when, the campaign, before and after. */
async function auditCampaign(deps: ApiDeps, auth: AuthContext, action: string, campaign: Campaign, change: { details?: Record<string, unknown>; before?: unknown; after: unknown }): Promise<void> {
  await deps.storage.audit.append(auth.workspaceId, {
    actor: auth.actor, action, targetType: 'campaign', targetId: campaign.id, details: { name: campaign.name, ...change.details },
    ...(change.before === undefined ? {} : { before: change.before }), after: change.after, at: deps.now(),
  });
}

/** Audiences and campaigns: contact import, campaign create/start/pause/resume/cancel/review (each audited), progress and A/B comparison. */
export const campaignRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post', path: '/contacts/import', permission: 'contacts:write', tag: 'campaigns',
    summary: 'Import contacts from CSV (phone normalised to E.164, opt-in source and time required, duplicates merged); answers a per-row error report',
    body: importContactsBody,
    async handle({ auth, deps, body }) {
      const optedInAt = body.optedInAt === undefined ? undefined : Date.parse(body.optedInAt);
      if (optedInAt !== undefined && !Number.isFinite(optedInAt)) return fail(400, 'INVALID_OPT_IN_TIME', 'optedInAt must be an ISO 8601 date-time such as 2026-03-01T10:00:00Z');
      const result = await importContacts(deps.storage, auth.workspaceId, body.csv, { now: deps.now(), ...(body.optInSource === undefined ? {} : { optInSource: body.optInSource }), ...(optedInAt === undefined ? {} : { optedInAt }) });
      if (!result.ok) return fail(400, result.code, result.message);
      // Counts and the import's defaults only: the audit log never holds a contact's phone or name.
      const { rows, imported, created, updated, duplicatesMerged, notOptedIn, errorCount } = result.report;
      await deps.storage.audit.append(auth.workspaceId, {
        actor: auth.actor, action: 'contacts.import', targetType: 'contacts', targetId: auth.workspaceId,
        details: { rows, imported, created, updated, duplicatesMerged, keptNotOptedIn: notOptedIn.length, errorCount, optInSource: body.optInSource ?? null, optedInAt: body.optedInAt ?? null },
        at: deps.now(),
      });
      return ok(result.report);
    },
  }),
  defineRoute({
    method: 'get', path: '/campaigns', permission: 'sends:read', tag: 'campaigns', summary: 'List campaigns, newest first',
    async handle({ auth, deps }) {
      return ok({ items: (await deps.storage.campaigns.list(auth.workspaceId, { limit: 200 })).map(toCampaignView) });
    },
  }),
  defineRoute({
    method: 'post', path: '/campaigns', permission: 'sends:create', tag: 'campaigns', status: 201,
    summary: 'Create a campaign (a draft): FLOW-button template or interactive Flow message, arms (Flow versions, weights), segment, personalisation, pacing',
    body: createCampaignBody,
    async handle({ auth, deps, body }) {
      const personalisation: Record<string, string> = {};
      for (const [k, v] of Object.entries(body.personalisation ?? {})) {
        if (typeof v !== 'string') return fail(400, 'INVALID_PERSONALISATION', `personalisation.${k} must be a string (name, phone, fields.<name> or a "literal")`);
        personalisation[k] = v;
      }
      const fields: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(body.segment?.fields ?? {})) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return fail(400, 'INVALID_SEGMENT', `segment.fields.${k} must be a string, number or boolean`);
        fields[k] = v;
      }
      const { activity, ...segment } = body.segment ?? {};
      const created = await createCampaign(deps, auth.workspaceId, {
        ...body, personalisation,
        segment: { ...segment, fields, ...(activity === undefined ? {} : { activity: { ...activity, negate: activity.negate === true } }) },
      });
      if (!created.ok) return fail(created.status, created.code, created.message);
      await auditCampaign(deps, auth, 'campaign.create', created.campaign, { after: toCampaignView(created.campaign) });
      return ok(toCampaignView(created.campaign), 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/campaigns/{campaignId}', permission: 'sends:read', tag: 'campaigns',
    summary: 'A campaign with its progress: queued, sent, delivered, read, opened, completed, failed with Meta\'s reason, by arm',
    async handle({ auth, deps, params }) {
      const campaign = await deps.storage.campaigns.find(auth.workspaceId, params['campaignId'] ?? '');
      if (campaign === undefined) return notFound('campaign');
      return ok({ campaign: toCampaignView(campaign), progress: await campaignProgress(deps.storage, campaign) });
    },
  }),
  defineRoute({
    method: 'get', path: '/campaigns/{campaignId}/comparison', permission: 'sends:read', tag: 'campaigns',
    summary: 'The A/B comparison of a campaign\'s arms: completion with Wilson and Newcombe intervals, times with Mann–Whitney, and a verdict in words',
    query: campaignComparisonQuery,
    async handle({ auth, deps, params, query }) {
      const campaign = await deps.storage.campaigns.find(auth.workspaceId, params['campaignId'] ?? '');
      if (campaign === undefined) return notFound('campaign');
      const minimumSent = query.minimumSent === undefined ? undefined : Number(query.minimumSent);
      if (minimumSent !== undefined && !(Number.isInteger(minimumSent) && minimumSent >= 1)) return fail(400, 'INVALID_QUERY', 'minimumSent must be a whole number ≥ 1');
      return ok(await campaignComparison(deps.storage, campaign, { ...(query.confidence === undefined ? {} : { confidence: Number(query.confidence) }), ...(minimumSent === undefined ? {} : { minimumSent }) }));
    },
  }),
  defineRoute({
    method: 'get', path: '/campaigns/{campaignId}/recipients', permission: 'sends:read', tag: 'campaigns',
    summary: 'A campaign\'s recipients (by state), with arm, attempts and Meta\'s reason',
    query: campaignRecipientsQuery,
    async handle({ auth, deps, params, query }) {
      const limit = Math.min(500, Math.max(1, Number(query.limit ?? '100') || 100));
      const items = await deps.storage.campaigns.listRecipients(auth.workspaceId, params['campaignId'] ?? '', { limit, ...(query.state === undefined ? {} : { state: query.state }), ...(query.after === undefined ? {} : { afterContactId: query.after }) });
      return ok({ items, nextCursor: items.length === limit ? items[items.length - 1]?.contactId ?? null : null });
    },
  }),
  defineRoute({
    method: 'post', path: '/campaigns/{campaignId}/start', permission: 'sends:create', tag: 'campaigns',
    summary: 'Start a draft now or at a time: selects the audience, splits it by the seed and enqueues it',
    body: startCampaignBody,
    async handle({ auth, deps, params, body }) {
      const startAt = body?.startAt === undefined ? undefined : Date.parse(body.startAt);
      if (startAt !== undefined && !Number.isFinite(startAt)) return fail(400, 'INVALID_START', 'startAt must be an ISO 8601 date-time');
      const started = await startCampaign(deps, auth.workspaceId, params['campaignId'] ?? '', startAt === undefined ? {} : { startAt });
      if (!started.ok) return fail(started.status, started.code, started.message);
      await auditCampaign(deps, auth, 'campaign.start', started.campaign, { details: { recipients: started.recipients }, before: stateOf(started.before), after: stateOf(started.campaign) });
      return ok({ campaign: toCampaignView(started.campaign), recipients: started.recipients });
    },
  }),
  ...(['pause', 'resume', 'cancel'] as const).map((move) => defineRoute({
    method: 'post', path: `/campaigns/{campaignId}/${move}`, permission: 'sends:create', tag: 'campaigns',
    summary: move === 'pause' ? 'Pause a campaign (sends in flight finish)' : move === 'resume' ? 'Resume a paused campaign, or one Meta stopped once the cause is fixed' : 'Cancel a campaign and its queued recipients',
    async handle({ auth, deps, params }) {
      const moved = await moveCampaign(deps, auth.workspaceId, params['campaignId'] ?? '', move);
      if (!moved.ok) return fail(moved.status, moved.code, moved.message);
      await auditCampaign(deps, auth, `campaign.${move}`, moved.campaign, { ...(move === 'cancel' ? { details: { recipientsCancelled: moved.cancelled } } : {}), before: stateOf(moved.before), after: stateOf(moved.campaign) });
      return ok(toCampaignView(moved.campaign));
    },
  })),
  defineRoute({
    method: 'post', path: '/campaigns/{campaignId}/review', permission: 'sends:create', tag: 'campaigns',
    summary: 'Decide for recipients in review (no status webhook told whether their message was sent): resend, mark-sent or mark-failed',
    body: reviewCampaignBody,
    async handle({ auth, deps, params, body }) {
      const reviewed = await reviewCampaign(deps, auth.workspaceId, params['campaignId'] ?? '', body.decision);
      if (!reviewed.ok) return fail(reviewed.status, reviewed.code, reviewed.message);
      await auditCampaign(deps, auth, 'campaign.review', reviewed.campaign, { details: { decision: body.decision, recipients: reviewed.recipients }, before: stateOf(reviewed.before), after: stateOf(reviewed.campaign) });
      return ok({ recipients: reviewed.recipients });
    },
  }),
];
