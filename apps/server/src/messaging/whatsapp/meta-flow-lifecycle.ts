import { validateFlow, type ValidationResult } from '@flowline/core';

type Problem = ValidationResult['errors'][number];
import type { FlowHealthEvent, FlowVersion, MetaFlow } from '@flowline/storage';
import { loadMetaFlowChoice, type OpenedMetaFlow } from '../channels/find-opened-meta-flow.js';
import { metaSendRefusal } from './apply-meta-flow-event.js';
import { buildLanguageFlowJson, type IncompleteCounts } from './language-build.js';
import { isBuildOf, metaFlowLanguages, sameLanguage } from './language-meta-flows.js';
import type { GraphError } from './graph-error.js';
import type { GraphClient, MetaValidationError } from './graph-client.js';
import type { WhatsAppConnections, WhatsAppDeps } from './whatsapp-connection.js';

/** A lifecycle failure: HTTP status for the API, a stable code, a plain message and Meta's error when there was one. */
export interface LifecycleFailure {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly graph?: GraphError;
}

type Outcome<T> = ({ readonly ok: true } & T) | LifecycleFailure;

/** Meta statuses in which a Flow is live (sendable, or held by Meta's monitoring). */
const LIVE = new Set(['PUBLISHED', 'THROTTLED', 'BLOCKED']);

function failed(status: number, code: string, message: string): LifecycleFailure {
  return { ok: false, status, code, message };
}

/** A Graph error as a lifecycle failure: 424 for the token, 409 for Meta's state, 422 for a refused request, 502 for Meta's trouble. */
export function toLifecycleFailure(error: GraphError): LifecycleFailure {
  const status = error.kind === 'expired_token' || error.kind === 'missing_permission' ? 424 : error.kind === 'name_taken' || error.kind === 'flow_state' ? 409 : error.kind === 'invalid_request' || error.kind === 'not_found' ? 422 : 502;
  return { ok: false, status, code: `GRAPH_${error.kind.toUpperCase()}`, message: error.message, graph: error };
}

/**
 * The current Meta Flow of one build (`null`: the source build, which sends use unless their language has
 * its own published one): the newest live one that is not retiring, else the newest (a draft, sent in draft mode).
 */
export function currentMetaFlow(history: readonly MetaFlow[], language: string | null = null): MetaFlow | undefined {
  const own = history.filter((m) => isBuildOf(m, language));
  return own.find((m) => LIVE.has(m.status) && m.retiringAt === null) ?? own.find((m) => m.status !== 'DELETED' && m.retiringAt === null) ?? own.find((m) => m.status !== 'DELETED');
}

/**
 * The name of a new Meta Flow (Meta names are unique per WABA, and replaced Meta Flows stay): the Flow's
 * name, "<Name> (es)" for a translated language, then " (2)", " (3)"… for later ones of the same build.
 */
export function metaFlowName(flowName: string, language: string | null, earlier: number): string {
  const base = language === null ? flowName : `${flowName} (${language})`;
  return earlier === 0 ? base : `${base} (${earlier + 1})`;
}

/** What a push did with one translated language (docs/localization.md): pushed to its own Meta Flow, skipped as incomplete, or refused by Meta. */
export type LanguagePush =
  | { readonly language: string; readonly outcome: 'pushed'; readonly meta: MetaFlow; readonly created: boolean; readonly metaValidationErrors: MetaValidationError[]; readonly flowlineErrors: Problem[]; readonly findings: number; readonly endpointUriSet: { endpointUri: string; previous: string | null } | null }
  | { readonly language: string; readonly outcome: 'skipped'; readonly reason: string; readonly problems: IncompleteCounts }
  | { readonly language: string; readonly outcome: 'failed'; readonly status: number; readonly code: string; readonly message: string };

/** What a publish did with one translated language: published its draft, skipped it (no draft of the version), or Meta refused. */
export type LanguagePublish =
  | { readonly language: string; readonly outcome: 'published'; readonly meta: MetaFlow }
  | { readonly language: string; readonly outcome: 'skipped' | 'failed'; readonly code: string; readonly message: string };

/** One language of a Flow on Meta: its current Meta Flow and the one its sends open now. */
export interface LanguageOnMeta {
  readonly language: string;
  /** The Flow's source language (its Meta Flow is the Flow's current one). */
  readonly source: boolean;
  /** The newest Meta Flow of this language's build that is not retiring (a draft until it is published); null when it has none. */
  readonly current: MetaFlow | null;
  /** What a WhatsApp send in this language opens now: its own published Meta Flow, else the fallback's or the source's. */
  readonly sendsOpen: OpenedMetaFlow;
}

/** Default lifetime of a flow token: how long a customer may take to finish a Flow after its send (FLOWLINE_FLOW_TOKEN_DAYS). */
export const DEFAULT_FLOW_TOKEN_DAYS = 3;

/** A replaced Meta Flow that customers are still in: deprecated on Meta once `openSends` is 0. */
export interface RetiringMetaFlow {
  readonly graphFlowId: string;
  /** Open sends of it younger than the flow-token lifetime: the customers still in it. */
  readonly openSends: number;
}

/**
 * The health alerts of a Flow that are still on: the newest event per Meta Flow and alert
 * (ENDPOINT_ERROR_RATE, ENDPOINT_LATENCY…) unless Meta has since sent it DEACTIVATED. Events come newest first.
 */
export function activeAlerts(events: readonly FlowHealthEvent[]): FlowHealthEvent[] {
  const seen = new Set<string>();
  const active: FlowHealthEvent[] = [];
  for (const event of events) {
    if (event.event === 'FLOW_STATUS_CHANGE') continue;
    const key = `${event.graphFlowId} ${event.event}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (event.alertState !== 'DEACTIVATED') active.push(event);
  }
  return active;
}

/** Whether a Flow JSON document uses a data endpoint (then Meta needs `endpoint_uri`). */
function usesEndpoint(flowJson: string): boolean {
  try {
    const doc = JSON.parse(flowJson) as Record<string, unknown>;
    return typeof doc['data_api_version'] === 'string' || doc['routing_model'] !== undefined;
  } catch {
    return false;
  }
}

/** The place of a validation error: `line:column`. */
function placeOf(error: { line_start?: number; column_start?: number }): string {
  return `${error.line_start ?? '?'}:${error.column_start ?? '?'}`;
}

/**
 * Where the two validators disagree on one upload: each problem one of them reports at a line that the
 * other has no error on. Line precision only (Meta's columns and Flowline's differ in what they point at).
 */
export function compareValidators(meta: readonly MetaValidationError[], flowline: readonly Problem[]): { kind: 'meta_only' | 'flowline_only'; details: Record<string, unknown> }[] {
  const metaLines = new Set(meta.map((e) => e.line_start));
  const ourLines = new Set(flowline.map((p) => p.line));
  const findings: { kind: 'meta_only' | 'flowline_only'; details: Record<string, unknown> }[] = [];
  for (const e of meta) if (!ourLines.has(e.line_start ?? -1)) findings.push({ kind: 'meta_only', details: { error: e.error, message: e.message, at: placeOf(e) } });
  for (const p of flowline) if (!metaLines.has(p.line)) findings.push({ kind: 'flowline_only', details: { error: p.code, message: p.message, at: `${p.line}:${p.column}`, pointer: p.pointer } });
  return findings;
}

/** One WhatsApp alert of the workspace (the dashboard's list): a Meta health alert, or a THROTTLED / BLOCKED status. */
export interface WorkspaceAlert {
  readonly flowId: string;
  readonly graphFlowId: string;
  /** `alert`: an ENDPOINT_ERROR_RATE, ENDPOINT_LATENCY… alert still on; `status`: the Meta Flow sends use is THROTTLED or BLOCKED. */
  readonly kind: 'alert' | 'status';
  /** The alert's name, or the status. */
  readonly event: string;
  readonly alertState: string | null;
  readonly message: string | null;
  readonly at: number;
}

/** The draft Meta Flow of this exact name on the WABA, if Meta lists one (`looked`: the list could be read). */
export async function findDraftByName(client: GraphClient, name: string): Promise<{ found: string | undefined; looked: boolean }> {
  const listed = await client.listFlows();
  if (!listed.ok) return { found: undefined, looked: false };
  const match = listed.value.find((f) => f['name'] === name && f['status'] === 'DRAFT' && typeof f['id'] === 'string');
  return { found: typeof match?.['id'] === 'string' ? match['id'] : undefined, looked: true };
}

/** Options of the lifecycle: the public base URL the endpoint is reached at by Meta. */
export interface LifecycleOptions {
  /** FLOWLINE_PUBLIC_BASE_URL: `endpoint_uri` = this + `/endpoint/{flowId}` for dynamic Flows. */
  readonly publicBaseUrl: string | undefined;
  /** The endpoint public key (PEM) registered with the phone number; read at each use (a key rotation changes it). */
  readonly publicKeyPem: string;
  /** Meta categories of new Meta Flows (default OTHER). */
  readonly defaultCategories?: readonly string[];
  /** FLOWLINE_FLOW_TOKEN_DAYS: sends older than this no longer hold a retiring Meta Flow (default 3). */
  readonly flowTokenDays?: number;
}

/** Flowline's versions driving the Flow's life on Meta: link, push, publish, deprecate, delete, preview, health, keys. */
export function createMetaFlowLifecycle(deps: WhatsAppDeps, connections: WhatsAppConnections, options: LifecycleOptions) {
  const { storage } = deps;
  const tokenLifetimeMs = (options.flowTokenDays ?? DEFAULT_FLOW_TOKEN_DAYS) * 86_400_000;
  /** The customers still in each of these Meta Flows: open sends younger than the flow-token lifetime. */
  const openSendsOf = (ws: string, graphFlowIds: readonly string[]) => storage.sends.countOpenByGraphFlow(ws, graphFlowIds, deps.now().getTime() - tokenLifetimeMs);
  /** Deprecates one Meta Flow on Meta and records it (no longer retiring); the error when Meta refused. */
  const deprecateOnMeta = async (ws: string, client: GraphClient, graphFlowId: string): Promise<GraphError | undefined> => {
    const result = await client.deprecateFlow(graphFlowId);
    if (!result.ok) return result.error;
    await storage.whatsapp.updateMetaFlow(ws, graphFlowId, { status: 'DEPRECATED', retiringAt: null, at: deps.now() });
    return undefined;
  };
  const clientFor = async (ws: string): Promise<Outcome<{ client: GraphClient }>> => {
    const got = await connections.client(ws);
    return got.ok ? { ok: true, client: got.client } : failed(409, 'WHATSAPP_NOT_CONNECTED', got.message);
  };
  /** Points sends (graph_flow_links) at the Meta Flow they should use now. */
  const relink = async (ws: string, flowId: string) => {
    const current = currentMetaFlow(await storage.whatsapp.listMetaFlows(ws, flowId));
    if (current !== undefined) await storage.channels.linkGraphFlow(ws, flowId, current.graphFlowId, deps.now());
  };

  /** The `endpoint_uri` a version needs on Meta: undefined for a static one, a failure when FLOWLINE_PUBLIC_BASE_URL is unset. */
  const endpointUriFor = (flowId: string, flowJson: string): Outcome<{ endpointUri: string | undefined }> => {
    if (!usesEndpoint(flowJson)) return { ok: true, endpointUri: undefined };
    if (options.publicBaseUrl === undefined) return failed(409, 'PUBLIC_BASE_URL_MISSING', 'this Flow uses the data endpoint: set FLOWLINE_PUBLIC_BASE_URL to the HTTPS address Meta reaches this server at, so that its endpoint_uri can be set');
    return { ok: true, endpointUri: `${options.publicBaseUrl.replace(/\/+$/, '')}/endpoint/${encodeURIComponent(flowId)}` };
  };

  /**
   * Sets the draft's `endpoint_uri` on Meta when it is unset or another one (a draft made for a static
   * version, a Flow linked from Meta's builder, a changed FLOWLINE_PUBLIC_BASE_URL); before the upload, so
   * that a dynamic flow.json never sits on Meta without its endpoint. `previous` is what Meta had (null: unset).
   */
  async function ensureEndpointUri(ws: string, client: GraphClient, flowId: string, graphFlowId: string, endpointUri: string): Promise<Outcome<{ set: { endpointUri: string; previous: string | null } | undefined }>> {
    const read = await client.getFlow(graphFlowId, ['id', 'endpoint_uri']);
    if (!read.ok) return toLifecycleFailure(read.error);
    const current = typeof read.value['endpoint_uri'] === 'string' ? read.value['endpoint_uri'] : null;
    if (current === endpointUri) return { ok: true, set: undefined };
    const updated = await client.updateFlow(graphFlowId, { endpointUri });
    if (!updated.ok) {
      await recordNotEditable(ws, client, graphFlowId, updated.error);
      return toLifecycleFailure(updated.error);
    }
    deps.log('info', 'whatsapp.endpoint_uri_set', { workspace: ws, flowId, graphFlowId, endpointUri, previous: current });
    return { ok: true, set: { endpointUri, previous: current } };
  }

  /**
   * Meta said the draft is not editable (139001): it changed on Meta (published in Meta's builder). Its
   * status is read and recorded, so that the next push makes a new Meta Flow instead of failing the same way.
   */
  const recordNotEditable = async (ws: string, client: GraphClient, graphFlowId: string, error: GraphError): Promise<void> => {
    if (error.kind !== 'flow_state') return;
    const read = await client.getFlow(graphFlowId, ['id', 'status']);
    if (read.ok && typeof read.value['status'] === 'string') await storage.whatsapp.updateMetaFlow(ws, graphFlowId, { status: read.value['status'], at: deps.now() });
  };

  /** Creates a new Meta Flow for one build of a Flowline Flow, named `name` (see metaFlowName). */
  async function createOnMeta(ws: string, client: GraphClient, flowId: string, name: string, language: string | null, endpointUri: string | undefined, categories: readonly string[] | undefined): Promise<Outcome<{ meta: MetaFlow; recovered: boolean }>> {
    const created = await client.createFlow({ name, categories: categories ?? options.defaultCategories ?? ['OTHER'], ...(endpointUri === undefined ? {} : { endpointUri }) });
    let graphFlowId: string;
    if (created.ok) graphFlowId = created.value.id;
    else {
      // A lost answer (network failure, 5xx) may hide a Flow Meta did create: look for it by its name, so it is recorded, not orphaned.
      const recovered = created.error.retry && created.error.kind !== 'rate_limited' ? await findDraftByName(client, name) : { found: undefined, looked: true };
      if (recovered.found === undefined) {
        const failure = toLifecycleFailure(created.error);
        return recovered.looked ? failure : { ...failure, message: `${failure.message} (Meta may have created "${name}" anyway: the sync list, GET /api/v1/whatsapp/flows, shows it and can link it)` };
      }
      graphFlowId = recovered.found;
      deps.log('warn', 'whatsapp.flow_create_recovered', { workspace: ws, flowId, graphFlowId, error: created.error.kind });
    }
    const meta = await storage.whatsapp.addMetaFlow(ws, { graphFlowId, flowId, name, status: 'DRAFT', ...(language === null ? {} : { language }), at: deps.now() });
    deps.log('info', 'whatsapp.flow_created', { workspace: ws, flowId, graphFlowId: meta.graphFlowId, ...(language === null ? {} : { language }) });
    return { ok: true, meta, recovered: !created.ok };
  }

  type BuildPush = { meta: MetaFlow; metaValidationErrors: MetaValidationError[]; flowlineErrors: Problem[]; findings: number; created: boolean; endpointUriSet: { endpointUri: string; previous: string | null } | null };

  /**
   * Uploads one build of a version (the source's Flow JSON, or a translated language's) as flow.json to
   * that build's Meta draft, creating the Meta Flow when it has none (or only published ones: a published
   * Meta Flow is immutable). A build that uses the data endpoint first gets the draft's endpoint_uri set when
   * Meta has none or another. Meta's validation_errors are stored beside Flowline's own; every disagreement
   * is recorded as a fidelity finding.
   */
  async function pushBuild(ws: string, client: GraphClient, flow: { id: string; name: string }, version: FlowVersion, build: { language: string | null; flowJson: string }, endpointUri: string | undefined, categories: readonly string[] | undefined): Promise<Outcome<BuildPush>> {
    const own = (await storage.whatsapp.listMetaFlows(ws, flow.id)).filter((m) => isBuildOf(m, build.language));
    let draft = own.find((m) => m.status === 'DRAFT');
    const created = draft === undefined;
    // A Meta Flow created now carries the endpoint_uri from its create; one found after a lost answer is checked like an older draft.
    let checkEndpoint = !created;
    if (draft === undefined) {
      const made = await createOnMeta(ws, client, flow.id, metaFlowName(flow.name, build.language, own.length), build.language, endpointUri, categories);
      if (!made.ok) return made;
      draft = made.meta;
      checkEndpoint = made.recovered;
      if (build.language === null && own.every((m) => !LIVE.has(m.status))) await relink(ws, flow.id);
    }
    let endpointUriSet: { endpointUri: string; previous: string | null } | null = null;
    if (endpointUri !== undefined && checkEndpoint) {
      // Refused or unreadable: nothing was uploaded, the draft keeps its recorded version; a retry of the push sets it.
      const ensured = await ensureEndpointUri(ws, client, flow.id, draft.graphFlowId, endpointUri);
      if (!ensured.ok) return { ...ensured, message: `${ensured.message} (version ${version.number} was not uploaded: push again)` };
      endpointUriSet = ensured.set ?? null;
    }
    const uploaded = await client.uploadFlowJson(draft.graphFlowId, build.flowJson);
    if (!uploaded.ok) {
      // The Meta Flow exists (and is recorded) even when its upload failed: a retry pushes to it.
      await recordNotEditable(ws, client, draft.graphFlowId, uploaded.error);
      return toLifecycleFailure(uploaded.error);
    }
    const metaErrors = uploaded.value.validationErrors;
    const ours = validateFlow(build.flowJson, { now: deps.now() }).errors;
    const at = deps.now();
    const meta = (await storage.whatsapp.updateMetaFlow(ws, draft.graphFlowId, { version: version.number, validationErrors: metaErrors, at })) ?? draft;
    const disagreements = compareValidators(metaErrors, ours);
    for (const d of disagreements) await storage.whatsapp.recordFinding(ws, { flowId: flow.id, version: version.number, graphFlowId: draft.graphFlowId, kind: d.kind, details: build.language === null ? d.details : { ...d.details, language: build.language }, at });
    if (disagreements.length > 0) deps.log('warn', 'whatsapp.fidelity_findings', { workspace: ws, flowId: flow.id, version: version.number, count: disagreements.length, ...(build.language === null ? {} : { language: build.language }) });
    return { ok: true, meta, metaValidationErrors: metaErrors, flowlineErrors: ours, findings: disagreements.length, created, endpointUriSet };
  }

  /**
   * Pushes a version in each translated language of the Flow to that language's own Meta Flow: a language
   * whose translation is incomplete for the version is skipped (never a half-translated Flow on Meta), one
   * Meta refuses is reported; neither stops the others.
   */
  async function pushLanguages(ws: string, client: GraphClient, flow: { id: string; name: string }, version: FlowVersion, endpointUri: string | undefined, categories: readonly string[] | undefined): Promise<LanguagePush[]> {
    const localization = await storage.translations.findLocalization(ws, flow.id);
    const results: LanguagePush[] = [];
    for (const language of localization?.languages ?? []) {
      const build = await buildLanguageFlowJson(storage, ws, version, language);
      if (!build.ok) {
        deps.log('info', 'whatsapp.language_skipped', { workspace: ws, flowId: flow.id, version: version.number, language, problems: build.problems });
        results.push({ language, outcome: 'skipped', reason: build.reason, problems: build.problems });
        continue;
      }
      const pushed = await pushBuild(ws, client, flow, version, build, endpointUri, categories);
      if (pushed.ok) {
        const { ok: _ok, ...done } = pushed;
        results.push({ language, outcome: 'pushed', ...done });
      } else results.push({ language, outcome: 'failed', status: pushed.status, code: pushed.code, message: pushed.message });
    }
    return results;
  }

  /**
   * Replaces Meta Flows that were live: each one no customer is in is deprecated on Meta at once; the
   * others are retiring (customers who received them can still finish them; the background check deprecates
   * each once its last open send is done or older than the flow-token lifetime, see sweepRetiring).
   */
  async function replaceLive(ws: string, client: GraphClient, previous: readonly MetaFlow[], at: Date): Promise<{ deprecated: string[]; retiring: RetiringMetaFlow[]; warnings: string[] }> {
    const deprecated: string[] = [];
    const retiring: RetiringMetaFlow[] = [];
    const warnings: string[] = [];
    const open = await openSendsOf(ws, previous.map((m) => m.graphFlowId));
    for (const old of previous) {
      const openSends = open.get(old.graphFlowId) ?? 0;
      if (openSends > 0) {
        if (old.retiringAt === null) await storage.whatsapp.updateMetaFlow(ws, old.graphFlowId, { retiringAt: at, at });
        retiring.push({ graphFlowId: old.graphFlowId, openSends });
        continue;
      }
      const error = await deprecateOnMeta(ws, client, old.graphFlowId);
      if (error === undefined) deprecated.push(old.graphFlowId);
      else {
        // Recorded, not lost: the old Meta Flow is retiring, and the background check retries its deprecation.
        await storage.whatsapp.updateMetaFlow(ws, old.graphFlowId, { retiringAt: old.retiringAt ?? at, at });
        warnings.push(`the previous Meta Flow ${old.graphFlowId} was not deprecated: ${error.message} (Flowline retries it)`);
      }
    }
    return { deprecated, retiring, warnings };
  }

  return {
    /**
     * The Meta Flows of a Flow (newest first, every language), the one sends use, each language's Meta
     * Flow and what its sends open (`languages`, when the Flow has languages), and the fidelity findings.
     */
    async status(ws: string, flowId: string) {
      const history = await storage.whatsapp.listMetaFlows(ws, flowId);
      const localization = await storage.translations.findLocalization(ws, flowId);
      const choice = await loadMetaFlowChoice(storage, ws, flowId);
      const languages: LanguageOnMeta[] = [];
      if (localization !== undefined) languages.push({ language: localization.sourceLanguage, source: true, current: currentMetaFlow(history) ?? null, sendsOpen: choice.open({ language: localization.sourceLanguage }) });
      for (const language of [...(localization?.languages ?? []), ...metaFlowLanguages(history)]) {
        if (languages.some((l) => !l.source && sameLanguage(l.language, language))) continue;
        languages.push({ language, source: false, current: currentMetaFlow(history, language) ?? null, sendsOpen: choice.open({ language }) });
      }
      // Alerts of Meta Flows that can no longer be sent (deprecated, deleted) are history, not alerts.
      const gone = new Set(history.filter((m) => m.status === 'DEPRECATED' || m.status === 'DELETED').map((m) => m.graphFlowId));
      const events = (await storage.channels.listFlowHealth(ws, { flowId, limit: 200 })).filter((e) => !gone.has(e.graphFlowId));
      const retiring = history.filter((m) => m.retiringAt !== null);
      const open = await openSendsOf(ws, retiring.map((m) => m.graphFlowId));
      return {
        current: currentMetaFlow(history) ?? null,
        languages,
        // A retiring Meta Flow carries the customers still in it.
        history: history.map((m) => (m.retiringAt === null ? m : { ...m, openSends: open.get(m.graphFlowId) ?? 0 })),
        findings: await storage.whatsapp.listFindings(ws, { flowId, limit: 20 }),
        alerts: activeAlerts(events), sendRefusal: (await metaSendRefusal(storage, ws, flowId)) ?? null,
      };
    },
    /**
     * The workspace's WhatsApp alerts for the dashboard: every Flow's active health alerts (of Meta Flows
     * that can still be sent) and each Flow whose current Meta Flow is THROTTLED or BLOCKED; newest first.
     */
    async workspaceAlerts(ws: string): Promise<WorkspaceAlert[]> {
      const metaFlows = await storage.whatsapp.listAllMetaFlows(ws);
      const byGraphId = new Map(metaFlows.map((m) => [m.graphFlowId, m]));
      const items: WorkspaceAlert[] = [];
      const flowIds = [...new Set(metaFlows.map((m) => m.flowId))];
      for (const flowId of flowIds) {
        const current = currentMetaFlow(metaFlows.filter((m) => m.flowId === flowId));
        if (current !== undefined && (current.status === 'THROTTLED' || current.status === 'BLOCKED')) {
          items.push({ flowId, graphFlowId: current.graphFlowId, kind: 'status', event: current.status, alertState: null, message: (await metaSendRefusal(storage, ws, flowId)) ?? null, at: current.updatedAt });
        }
      }
      const events = (await storage.channels.listFlowHealth(ws, { limit: 500 })).filter((e) => {
        const meta = byGraphId.get(e.graphFlowId);
        return meta !== undefined && meta.status !== 'DEPRECATED' && meta.status !== 'DELETED';
      });
      for (const alert of activeAlerts(events)) {
        items.push({ flowId: alert.flowId ?? byGraphId.get(alert.graphFlowId)?.flowId ?? '', graphFlowId: alert.graphFlowId, kind: 'alert', event: alert.event, alertState: alert.alertState, message: alert.message, at: alert.at });
      }
      return items.sort((a, b) => b.at - a.at);
    },
    /** Links an existing Meta Flow (made in Meta's builder) to a Flowline Flow. */
    async link(ws: string, flowId: string, graphFlowId: string): Promise<Outcome<{ meta: MetaFlow }>> {
      if ((await storage.flows.find(ws, flowId)) === undefined) return failed(404, 'UNKNOWN_FLOW', `no Flow ${flowId} in this workspace`);
      const taken = await storage.whatsapp.locateMetaFlow(graphFlowId);
      if (taken !== undefined) return failed(409, 'ALREADY_LINKED', `Meta Flow ${graphFlowId} is already linked to Flow ${taken.workspaceId === ws ? taken.flowId : 'of another workspace'}`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const read = await got.client.getFlow(graphFlowId, ['id', 'name', 'status', 'validation_errors']);
      if (!read.ok) return toLifecycleFailure(read.error);
      const at = deps.now();
      const name = typeof read.value['name'] === 'string' ? read.value['name'] : graphFlowId;
      await storage.whatsapp.addMetaFlow(ws, { graphFlowId, flowId, name, status: typeof read.value['status'] === 'string' ? read.value['status'] : 'DRAFT', at });
      const errors = Array.isArray(read.value['validation_errors']) ? (read.value['validation_errors'] as unknown[]) : [];
      const meta = await storage.whatsapp.updateMetaFlow(ws, graphFlowId, { validationErrors: errors, at });
      await relink(ws, flowId);
      return meta === undefined ? failed(500, 'INTERNAL', 'the link was not stored') : { ok: true, meta };
    },
    /**
     * Uploads a version's Flow JSON as flow.json to the Flow's Meta draft, creating the Meta Flow when it
     * has none (or only published ones: a published Meta Flow is immutable); then each translated language
     * whose translation is complete for the version to that language's own Meta Flow ("<Name> (es)"), all
     * linked to this Flow (`languages`: pushed, skipped as incomplete, or refused). A version that uses the
     * data endpoint first gets each draft's endpoint_uri set when Meta has none or another (`endpointUriSet`).
     * Meta's validation_errors are stored beside Flowline's own; every disagreement is recorded as a fidelity finding.
     */
    async push(ws: string, flowId: string, request: { version?: number; categories?: readonly string[] }): Promise<Outcome<BuildPush & { languages: LanguagePush[] }>> {
      const flow = await storage.flows.find(ws, flowId);
      if (flow === undefined) return failed(404, 'UNKNOWN_FLOW', `no Flow ${flowId} in this workspace`);
      const version = request.version === undefined ? await storage.flows.findLatestVersion(ws, flowId) : await storage.flows.findVersion(ws, flowId, request.version);
      if (version === undefined) return failed(404, 'UNKNOWN_VERSION', `Flow ${flowId} has no version ${request.version ?? ''}`.trim());
      const endpoint = endpointUriFor(flowId, version.flowJson);
      if (!endpoint.ok) return endpoint;
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const source = await pushBuild(ws, got.client, flow, version, { language: null, flowJson: version.flowJson }, endpoint.endpointUri, request.categories);
      if (!source.ok) return source;
      // Every language shares the source's structure, so its build needs the same endpoint_uri.
      const languages = await pushLanguages(ws, got.client, flow, version, endpoint.endpointUri, request.categories);
      return { ...source, languages };
    },
    /**
     * Publishes the Flow's Meta draft, then each translated language's draft of the same version, and moves
     * sends to them (a send in a language opens that language's Meta Flow once it is published). The Meta
     * Flows that were live before are replaced, every language's (a language not published now is served by
     * the new source Meta Flow): deprecated at once when no customer is in them, else retiring until their
     * last open send is done or older than the flow-token lifetime (see sweepRetiring). With no source draft,
     * the language drafts of the live version are published (a retry after Meta refused one).
     */
    async publish(ws: string, flowId: string): Promise<Outcome<{ meta: MetaFlow; deprecated: string[]; retiring: RetiringMetaFlow[]; warnings: string[]; languages: LanguagePublish[] }>> {
      const history = await storage.whatsapp.listMetaFlows(ws, flowId);
      const sourceDraft = history.find((m) => m.language === null && m.status === 'DRAFT' && m.version !== null);
      const live = currentMetaFlow(history);
      const version = sourceDraft?.version ?? (live !== undefined && LIVE.has(live.status) ? live.version : null);
      const languageDrafts = version === null ? [] : history.filter((m) => m.language !== null && m.status === 'DRAFT' && m.version === version);
      if (sourceDraft === undefined && languageDrafts.length === 0) return failed(409, 'NOTHING_TO_PUBLISH', `Flow ${flowId} has no pushed draft on Meta: push a version first`);
      if (sourceDraft !== undefined && sourceDraft.validationErrors.length > 0) return failed(409, 'META_VALIDATION_ERRORS', `Meta reported ${sourceDraft.validationErrors.length} validation error(s) on version ${sourceDraft.version ?? ''}: fix them and push again`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      let meta: MetaFlow | undefined = live;
      if (sourceDraft !== undefined) {
        const published = await got.client.publishFlow(sourceDraft.graphFlowId);
        if (!published.ok) return toLifecycleFailure(published.error);
        const at = deps.now();
        meta = (await storage.whatsapp.updateMetaFlow(ws, sourceDraft.graphFlowId, { status: 'PUBLISHED', at })) ?? sourceDraft;
        await storage.channels.linkGraphFlow(ws, flowId, sourceDraft.graphFlowId, at);
      }
      if (meta === undefined) return failed(500, 'INTERNAL', 'the published Meta Flow was not found');
      const languages: LanguagePublish[] = [];
      const publishedNow = new Set(sourceDraft === undefined ? [] : [sourceDraft.graphFlowId]);
      const warnings: string[] = [];
      let firstRefusal: LifecycleFailure | undefined;
      for (const draft of languageDrafts) {
        const language = draft.language ?? '';
        if (languages.some((l) => l.language === language)) continue;
        let refusal: LifecycleFailure;
        if (draft.validationErrors.length > 0) refusal = failed(409, 'META_VALIDATION_ERRORS', `Meta reported ${draft.validationErrors.length} validation error(s) on the ${language} build of version ${version ?? ''}: fix them and push again`);
        else {
          const published = await got.client.publishFlow(draft.graphFlowId);
          if (published.ok) {
            publishedNow.add(draft.graphFlowId);
            languages.push({ language, outcome: 'published', meta: (await storage.whatsapp.updateMetaFlow(ws, draft.graphFlowId, { status: 'PUBLISHED', at: deps.now() })) ?? draft });
            continue;
          }
          refusal = toLifecycleFailure(published.error);
        }
        firstRefusal ??= refusal;
        languages.push({ language, outcome: 'failed', code: refusal.code, message: refusal.message });
        warnings.push(`${language} was not published (${refusal.message}); sends in ${language} open the source Meta Flow until it is: publish again`);
      }
      // A retry that published nothing is a failure, as a refused source publish is.
      if (sourceDraft === undefined && publishedNow.size === 0 && firstRefusal !== undefined) return firstRefusal;
      if (sourceDraft !== undefined) {
        const localization = await storage.translations.findLocalization(ws, flowId);
        for (const language of localization?.languages ?? []) {
          if (languages.some((l) => l.language === language)) continue;
          languages.push({ language, outcome: 'skipped', code: 'NOT_PUSHED', message: `no ${language} draft of version ${version ?? ''} on Meta (its translation was incomplete, or Meta refused it, when the version was pushed): sends in ${language} open the source Meta Flow` });
        }
      }
      // The Meta Flows live before that the ones published now replace: every one after a new source version, else those of the languages published now.
      const replacedLanguages = languages.filter((l) => l.outcome === 'published').map((l) => l.language);
      const previous = history.filter((m) => LIVE.has(m.status) && !publishedNow.has(m.graphFlowId) && (sourceDraft !== undefined || replacedLanguages.some((l) => isBuildOf(m, l))));
      const replaced = await replaceLive(ws, got.client, previous, deps.now());
      deps.log('info', 'whatsapp.flow_published', {
        workspace: ws, flowId, graphFlowId: meta.graphFlowId, version, deprecated: replaced.deprecated, retiring: replaced.retiring.map((r) => r.graphFlowId),
        languages: languages.map((l) => `${l.language}:${l.outcome}`),
      });
      return { ok: true, meta, deprecated: replaced.deprecated, retiring: replaced.retiring, warnings: [...warnings, ...replaced.warnings], languages };
    },
    /**
     * The background check of retiring Meta Flows (every workspace): each one that no open send younger
     * than the flow-token lifetime uses any more is deprecated on Meta. A refusal by Meta is logged and
     * retried at the next check. Returns what it deprecated.
     */
    async sweepRetiring(): Promise<{ deprecated: string[]; stillOpen: RetiringMetaFlow[] }> {
      const deprecated: string[] = [];
      const stillOpen: RetiringMetaFlow[] = [];
      const byWorkspace = new Map<string, MetaFlow[]>();
      for (const m of await storage.whatsapp.listRetiringMetaFlows()) byWorkspace.set(m.workspaceId, [...(byWorkspace.get(m.workspaceId) ?? []), m]);
      for (const [ws, retiring] of byWorkspace) {
        const open = await openSendsOf(ws, retiring.map((m) => m.graphFlowId));
        const drained = retiring.filter((m) => (open.get(m.graphFlowId) ?? 0) === 0);
        for (const m of retiring) if (!drained.includes(m)) stillOpen.push({ graphFlowId: m.graphFlowId, openSends: open.get(m.graphFlowId) ?? 0 });
        if (drained.length === 0) continue;
        const got = await clientFor(ws);
        if (!got.ok) {
          deps.log('warn', 'whatsapp.retire_skipped', { workspace: ws, reason: got.message });
          continue;
        }
        for (const m of drained) {
          if (!LIVE.has(m.status)) {
            // Deprecated (or deleted) meanwhile, on Meta or by hand: nothing left to do.
            await storage.whatsapp.updateMetaFlow(ws, m.graphFlowId, { retiringAt: null, at: deps.now() });
            continue;
          }
          const error = await deprecateOnMeta(ws, got.client, m.graphFlowId);
          if (error === undefined) {
            deprecated.push(m.graphFlowId);
            deps.log('info', 'whatsapp.flow_retired', { workspace: ws, flowId: m.flowId, graphFlowId: m.graphFlowId });
          } else deps.log('warn', 'whatsapp.retire_failed', { workspace: ws, flowId: m.flowId, graphFlowId: m.graphFlowId, error: error.message });
        }
      }
      return { deprecated, stillOpen };
    },
    /** Deprecates the Flow's live Meta Flows (sends stop; there is no way back on Meta). */
    async deprecate(ws: string, flowId: string): Promise<Outcome<{ deprecated: string[] }>> {
      const live = (await storage.whatsapp.listMetaFlows(ws, flowId)).filter((m) => LIVE.has(m.status));
      if (live.length === 0) return failed(409, 'NOTHING_TO_DEPRECATE', `Flow ${flowId} has no published Meta Flow`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const deprecated: string[] = [];
      for (const m of live) {
        const error = await deprecateOnMeta(ws, got.client, m.graphFlowId);
        if (error !== undefined) return { ...toLifecycleFailure(error), message: `${error.message}${deprecated.length > 0 ? ` (already deprecated: ${deprecated.join(', ')})` : ''}` };
        deprecated.push(m.graphFlowId);
      }
      return { ok: true, deprecated };
    },
    /**
     * Deletes the Flow's Meta drafts, the source's and each language's (Meta deletes drafts only): `deleted`
     * is the first one deleted (the source's when it has one), `languages` the language drafts deleted.
     */
    async deleteDraft(ws: string, flowId: string): Promise<Outcome<{ deleted: string; languages: { language: string; graphFlowId: string }[] }>> {
      const drafts = (await storage.whatsapp.listMetaFlows(ws, flowId)).filter((m) => m.status === 'DRAFT').sort((a, b) => (a.language === null ? 0 : 1) - (b.language === null ? 0 : 1));
      if (drafts.length === 0) return failed(409, 'NO_DRAFT', `Flow ${flowId} has no draft on Meta (published Meta Flows cannot be deleted, only deprecated)`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const deleted: MetaFlow[] = [];
      for (const draft of drafts) {
        const result = await got.client.deleteFlow(draft.graphFlowId);
        if (!result.ok) {
          if (deleted.length > 0) await relink(ws, flowId);
          const failure = toLifecycleFailure(result.error);
          return deleted.length === 0 ? failure : { ...failure, message: `${failure.message} (already deleted: ${deleted.map((m) => m.graphFlowId).join(', ')})` };
        }
        await storage.whatsapp.updateMetaFlow(ws, draft.graphFlowId, { status: 'DELETED', at: deps.now() });
        deleted.push(draft);
      }
      await relink(ws, flowId);
      const [first] = deleted;
      return { ok: true, deleted: first?.graphFlowId ?? '', languages: deleted.filter((m) => m.language !== null).map((m) => ({ language: m.language ?? '', graphFlowId: m.graphFlowId })) };
    },
    /** Meta's preview link of the newest Meta Flow of the source build, or of a translated language's (`preview.invalidate(…)`); valid 30 days. */
    async preview(ws: string, flowId: string, invalidate: boolean, wanted: string | null = null): Promise<Outcome<{ graphFlowId: string; previewUrl: string; expiresAt: string | undefined }>> {
      const source = wanted === null ? undefined : (await storage.translations.findLocalization(ws, flowId))?.sourceLanguage;
      const language = wanted === null || (source !== undefined && sameLanguage(source, wanted)) ? null : wanted;
      const newest = (await storage.whatsapp.listMetaFlows(ws, flowId)).find((m) => m.status !== 'DELETED' && isBuildOf(m, language));
      if (newest === undefined && language !== null) return failed(409, 'NOT_ON_META', `Flow ${flowId} has no ${language} Meta Flow: push a version whose ${language} translation is complete`);
      if (newest === undefined) return failed(409, 'NOT_ON_META', `Flow ${flowId} is not on Meta yet: push a version first`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const result = await got.client.getPreview(newest.graphFlowId, invalidate);
      return result.ok ? { ok: true, graphFlowId: newest.graphFlowId, ...result.value } : toLifecycleFailure(result.error);
    },
    /** Meta's status and health_status of the Meta Flow sends use (AVAILABLE / LIMITED / BLOCKED with reasons); stored. */
    async health(ws: string, flowId: string): Promise<Outcome<{ meta: MetaFlow; health: unknown }>> {
      const current = currentMetaFlow(await storage.whatsapp.listMetaFlows(ws, flowId));
      if (current === undefined) return failed(409, 'NOT_ON_META', `Flow ${flowId} is not on Meta yet: push a version first`);
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const read = await got.client.getFlow(current.graphFlowId, ['id', 'status', 'validation_errors', 'health_status']);
      if (!read.ok) return toLifecycleFailure(read.error);
      const status = typeof read.value['status'] === 'string' ? read.value['status'] : current.status;
      const health = read.value['health_status'] ?? null;
      const meta = (await storage.whatsapp.updateMetaFlow(ws, current.graphFlowId, { status, health, at: deps.now() })) ?? current;
      return { ok: true, meta, health };
    },
    /** Uploads the endpoint public key to the phone number and reads back its signature status. */
    async registerKey(ws: string): Promise<Outcome<{ signatureStatus: string | null; matches: boolean }>> {
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const uploaded = await got.client.registerPublicKey(options.publicKeyPem);
      if (!uploaded.ok) return toLifecycleFailure(uploaded.error);
      return this.readKey(ws);
    },
    /** Reads the key registered for the phone number: its signature status and whether it is this server's key. */
    async readKey(ws: string): Promise<Outcome<{ signatureStatus: string | null; matches: boolean }>> {
      const got = await clientFor(ws);
      if (!got.ok) return got;
      const read = await got.client.readPublicKey();
      if (!read.ok) return toLifecycleFailure(read.error);
      const status = read.value.signatureStatus ?? null;
      const normalise = (pem: string) => pem.replace(/\s+/g, '');
      const matches = read.value.publicKey !== undefined && normalise(read.value.publicKey) === normalise(options.publicKeyPem);
      if (status !== null) await storage.whatsapp.recordKeyStatus(ws, status, deps.now());
      return { ok: true, signatureStatus: status, matches };
    },
  };
}

/** The lifecycle service (see createMetaFlowLifecycle). */
export type MetaFlowLifecycle = ReturnType<typeof createMetaFlowLifecycle>;
