import { isJsonObject } from '@flowline/core';
import type { MetaFlowTable, WhatsAppConnectionTable, WhatsAppTemplateTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** A workspace's WhatsApp connection as stored: ids in clear, secrets sealed by the server (opaque text here). */
export interface WhatsAppConnectionRecord {
  workspaceId: string;
  wabaId: string;
  phoneNumberId: string;
  graphBaseUrl: string;
  graphApiVersion: string;
  accessTokenSealed: string;
  appSecretSealed: string | null;
  verifyTokenSealed: string | null;
  /** `business_public_key_signature_status` last read back from Meta (`VALID`, `MISMATCH`), null before. */
  keyStatus: string | null;
  keyCheckedAt: number | null;
  updatedAt: number;
}

/** What the caller supplies to save a connection; a sealed secret left undefined keeps the stored one. */
export interface WhatsAppConnectionInput {
  wabaId: string;
  phoneNumberId: string;
  graphBaseUrl: string;
  graphApiVersion: string;
  accessTokenSealed?: string;
  appSecretSealed?: string | null;
  verifyTokenSealed?: string | null;
  at: Instant;
}

/** One Flow on Meta that a Flowline Flow was pushed to (a Flowline Flow has a history of them). */
export interface MetaFlow {
  workspaceId: string;
  graphFlowId: string;
  flowId: string;
  name: string;
  /** Meta's status: DRAFT, PUBLISHED, DEPRECATED, THROTTLED, BLOCKED (or DELETED once a draft is deleted). */
  status: string;
  /** The Flowline version last uploaded as flow.json. */
  version: number | null;
  /** Meta's validation_errors of the last upload, as Meta sent them. */
  validationErrors: unknown[];
  /** Meta's last health_status, when read. */
  health: unknown;
  /**
   * When a newer version replaced this published Meta Flow while customers were still in it (null
   * otherwise): Flowline deprecates it on Meta once none of its sends is open and younger than the flow-token lifetime.
   */
  retiringAt: number | null;
  /**
   * The translated language whose build it carries (a BCP 47 tag such as `es`), null for the Flow's source
   * build: on Meta each language is its own Meta Flow, all linked to the one Flowline Flow (migration 0022).
   */
  language: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A disagreement between Meta's validator and Flowline's on one upload (a report that grows the test corpus). */
export interface FidelityFinding {
  id: string;
  workspaceId: string;
  flowId: string;
  version: number;
  graphFlowId: string;
  /** `meta_only` (Meta found problems Flowline did not) or `flowline_only` (the reverse). */
  kind: string;
  details: Record<string, unknown>;
  at: number;
}

/** A message template with a FLOW button created on the WABA, and Meta's review status. */
export interface WhatsAppTemplate {
  workspaceId: string;
  name: string;
  language: string;
  graphTemplateId: string;
  category: string;
  flowId: string;
  graphFlowId: string;
  /** PENDING, APPROVED, REJECTED, PAUSED, DISABLED… as Meta reports it. */
  status: string;
  reason: string | null;
  components: unknown[];
  createdAt: number;
  updatedAt: number;
}

/** The WhatsApp connection, the Meta Flows linked to Flowline Flows and the fidelity findings. */
export interface WhatsAppRepository {
  saveConnection(workspaceId: string, input: WhatsAppConnectionInput): Promise<WhatsAppConnectionRecord>;
  findConnection(workspaceId: string): Promise<WhatsAppConnectionRecord | undefined>;
  deleteConnection(workspaceId: string): Promise<boolean>;
  recordKeyStatus(workspaceId: string, status: string, at: Instant): Promise<void>;
  /** Records a Meta Flow created for a Flowline Flow (`language`: a translated language's build; absent: the source build); the newest of its language is its current one. */
  addMetaFlow(workspaceId: string, flow: { graphFlowId: string; flowId: string; name: string; status: string; language?: string; at: Instant }): Promise<MetaFlow>;
  /** `retiringAt`: an instant marks it retiring, null ends that (once it is deprecated). */
  updateMetaFlow(workspaceId: string, graphFlowId: string, change: { status?: string; version?: number; validationErrors?: unknown[]; health?: unknown; retiringAt?: Instant | null; at: Instant }): Promise<MetaFlow | undefined>;
  /** The retiring Meta Flows of every workspace, oldest retirement first (the background check's work list). */
  listRetiringMetaFlows(limit?: number): Promise<MetaFlow[]>;
  /** The Meta Flows of a Flowline Flow, every language, newest first (the first of a language is its current one). */
  listMetaFlows(workspaceId: string, flowId: string): Promise<MetaFlow[]>;
  /** Every Meta Flow linked in the workspace, newest first. */
  listAllMetaFlows(workspaceId: string): Promise<MetaFlow[]>;
  /** A Meta Flow by Meta's id, across workspaces: `flows` webhooks carry only Meta's id. */
  locateMetaFlow(graphFlowId: string): Promise<MetaFlow | undefined>;
  /** The workspaces connected to a WhatsApp Business Account: WABA-level webhooks carry only its id. */
  locateWorkspacesOfWaba(wabaId: string): Promise<string[]>;
  recordFinding(workspaceId: string, finding: Omit<FidelityFinding, 'id' | 'workspaceId' | 'at'> & { at: Instant }): Promise<FidelityFinding>;
  saveTemplate(workspaceId: string, template: Omit<WhatsAppTemplate, 'workspaceId' | 'createdAt' | 'updatedAt' | 'reason'> & { at: Instant }): Promise<WhatsAppTemplate>;
  /** Sets Meta's review status of a template (by Meta's id); false when no template has that id. */
  updateTemplateStatus(workspaceId: string, graphTemplateId: string, status: string, reason: string | null, at: Instant): Promise<boolean>;
  /** A template by Meta's id, across workspaces: `message_template_status_update` webhooks carry only Meta's id. */
  locateTemplate(graphTemplateId: string): Promise<WhatsAppTemplate | undefined>;
  /** By name, then language. */
  listTemplates(workspaceId: string): Promise<WhatsAppTemplate[]>;
  deleteTemplates(workspaceId: string, name: string): Promise<number>;
  /** Newest first. */
  listFindings(workspaceId: string, options?: { flowId?: string; limit?: number }): Promise<FidelityFinding[]>;
}

function toConnection(row: WhatsAppConnectionTable): WhatsAppConnectionRecord {
  return {
    workspaceId: row.workspace_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    graphBaseUrl: row.graph_base_url,
    graphApiVersion: row.graph_api_version,
    accessTokenSealed: row.access_token_sealed,
    appSecretSealed: row.app_secret_sealed,
    verifyTokenSealed: row.verify_token_sealed,
    keyStatus: row.key_status,
    keyCheckedAt: row.key_checked_at === null ? null : Number(row.key_checked_at),
    updatedAt: Number(row.updated_at),
  };
}

function toMetaFlow(row: MetaFlowTable): MetaFlow {
  const errors = fromJsonText(row.validation_errors);
  return {
    workspaceId: row.workspace_id,
    graphFlowId: row.graph_flow_id,
    flowId: row.flow_id,
    name: row.name,
    status: row.status,
    version: row.version === null ? null : Number(row.version),
    validationErrors: Array.isArray(errors) ? errors : [],
    health: fromOptionalJsonText(row.health),
    retiringAt: row.retiring_at === null ? null : Number(row.retiring_at),
    language: row.language ?? null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toTemplate(row: WhatsAppTemplateTable): WhatsAppTemplate {
  const components = fromJsonText(row.components);
  return {
    workspaceId: row.workspace_id, name: row.name, language: row.language, graphTemplateId: row.graph_template_id, category: row.category,
    flowId: row.flow_id, graphFlowId: row.graph_flow_id, status: row.status, reason: row.reason, components: Array.isArray(components) ? components : [],
    createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

/** Creates the WhatsApp repository over a database handle. */
export function createWhatsAppRepository(db: Executor): WhatsAppRepository {
  return {
    async saveConnection(workspaceId, input) {
      const existing = await db.selectFrom('whatsapp_connections').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      const accessToken = input.accessTokenSealed ?? existing?.access_token_sealed;
      if (accessToken === undefined) throw new Error('a new WhatsApp connection needs an access token');
      const row: WhatsAppConnectionTable = {
        workspace_id: workspaceId,
        waba_id: input.wabaId,
        phone_number_id: input.phoneNumberId,
        graph_base_url: input.graphBaseUrl,
        graph_api_version: input.graphApiVersion,
        access_token_sealed: accessToken,
        app_secret_sealed: input.appSecretSealed === undefined ? (existing?.app_secret_sealed ?? null) : input.appSecretSealed,
        verify_token_sealed: input.verifyTokenSealed === undefined ? (existing?.verify_token_sealed ?? null) : input.verifyTokenSealed,
        // Another number or token means the key must be registered again.
        key_status: existing !== undefined && existing.phone_number_id === input.phoneNumberId ? existing.key_status : null,
        key_checked_at: existing !== undefined && existing.phone_number_id === input.phoneNumberId ? existing.key_checked_at : null,
        updated_at: toEpochMs(input.at),
      };
      const { workspace_id: _ws, ...update } = row;
      await db.insertInto('whatsapp_connections').values(row).onConflict((oc) => oc.column('workspace_id').doUpdateSet(update)).execute();
      return toConnection(row);
    },
    async findConnection(workspaceId) {
      const row = await db.selectFrom('whatsapp_connections').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      return row && toConnection(row);
    },
    async deleteConnection(workspaceId) {
      const result = await db.deleteFrom('whatsapp_connections').where('workspace_id', '=', workspaceId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async recordKeyStatus(workspaceId, status, at) {
      await db.updateTable('whatsapp_connections').set({ key_status: status, key_checked_at: toEpochMs(at) }).where('workspace_id', '=', workspaceId).execute();
    },
    async addMetaFlow(workspaceId, flow) {
      const at = toEpochMs(flow.at);
      const row: MetaFlowTable = {
        workspace_id: workspaceId, graph_flow_id: flow.graphFlowId, flow_id: flow.flowId, name: flow.name, status: flow.status,
        version: null, validation_errors: '[]', health: null, created_at: at, updated_at: at, deleted_at: null, retiring_at: null, language: flow.language ?? null,
      };
      await db.insertInto('meta_flows').values(row).execute();
      return toMetaFlow(row);
    },
    async updateMetaFlow(workspaceId, graphFlowId, change) {
      const set: Partial<MetaFlowTable> = { updated_at: toEpochMs(change.at) };
      if (change.status !== undefined) set.status = change.status;
      if (change.version !== undefined) set.version = change.version;
      if (change.validationErrors !== undefined) set.validation_errors = toJsonText(change.validationErrors);
      if (change.health !== undefined) set.health = toJsonText(change.health);
      if (change.retiringAt !== undefined) set.retiring_at = change.retiringAt === null ? null : toEpochMs(change.retiringAt);
      await db.updateTable('meta_flows').set(set).where('workspace_id', '=', workspaceId).where('graph_flow_id', '=', graphFlowId).execute();
      const row = await db.selectFrom('meta_flows').selectAll().where('workspace_id', '=', workspaceId).where('graph_flow_id', '=', graphFlowId).executeTakeFirst();
      return row && toMetaFlow(row);
    },
    async listMetaFlows(workspaceId, flowId) {
      const rows = await db.selectFrom('meta_flows').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId)
        .orderBy('created_at', 'desc').orderBy('graph_flow_id', 'desc').execute();
      return rows.map(toMetaFlow);
    },
    async listAllMetaFlows(workspaceId) {
      const rows = await db.selectFrom('meta_flows').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('graph_flow_id', 'desc').limit(1000).execute();
      return rows.map(toMetaFlow);
    },
    async listRetiringMetaFlows(limit = 500) {
      const rows = await db.selectFrom('meta_flows').selectAll().where('retiring_at', 'is not', null).orderBy('retiring_at').orderBy('graph_flow_id').limit(limit).execute();
      return rows.map(toMetaFlow);
    },
    async locateMetaFlow(graphFlowId) {
      const row = await db.selectFrom('meta_flows').selectAll().where('graph_flow_id', '=', graphFlowId).executeTakeFirst();
      return row && toMetaFlow(row);
    },
    async locateWorkspacesOfWaba(wabaId) {
      const rows = await db.selectFrom('whatsapp_connections').select('workspace_id').where('waba_id', '=', wabaId).orderBy('workspace_id').execute();
      return rows.map((row) => row.workspace_id);
    },
    async recordFinding(workspaceId, finding) {
      const row = {
        id: newId(), workspace_id: workspaceId, flow_id: finding.flowId, version: finding.version, graph_flow_id: finding.graphFlowId,
        kind: finding.kind, details: toJsonText(finding.details), at: toEpochMs(finding.at),
      };
      await db.insertInto('fidelity_findings').values(row).execute();
      return { id: row.id, workspaceId, flowId: row.flow_id, version: row.version, graphFlowId: row.graph_flow_id, kind: row.kind, details: finding.details, at: row.at };
    },
    async saveTemplate(workspaceId, template) {
      const at = toEpochMs(template.at);
      const row: WhatsAppTemplateTable = {
        workspace_id: workspaceId, name: template.name, language: template.language, graph_template_id: template.graphTemplateId, category: template.category,
        flow_id: template.flowId, graph_flow_id: template.graphFlowId, status: template.status, reason: null, components: toJsonText(template.components), created_at: at, updated_at: at,
      };
      const { workspace_id: _ws, name: _name, language: _language, created_at: _created, ...update } = row;
      await db.insertInto('whatsapp_templates').values(row).onConflict((oc) => oc.columns(['workspace_id', 'name', 'language']).doUpdateSet(update)).execute();
      return toTemplate(row);
    },
    async updateTemplateStatus(workspaceId, graphTemplateId, status, reason, at) {
      const result = await db.updateTable('whatsapp_templates').set({ status, reason, updated_at: toEpochMs(at) })
        .where('workspace_id', '=', workspaceId).where('graph_template_id', '=', graphTemplateId).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async locateTemplate(graphTemplateId) {
      const row = await db.selectFrom('whatsapp_templates').selectAll().where('graph_template_id', '=', graphTemplateId).executeTakeFirst();
      return row && toTemplate(row);
    },
    async listTemplates(workspaceId) {
      const rows = await db.selectFrom('whatsapp_templates').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('language').limit(1000).execute();
      return rows.map(toTemplate);
    },
    async deleteTemplates(workspaceId, name) {
      const result = await db.deleteFrom('whatsapp_templates').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async listFindings(workspaceId, options = {}) {
      const { flowId } = options;
      const rows = await db.selectFrom('fidelity_findings').selectAll().where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 100).execute();
      return rows.map((row) => {
        const details = fromJsonText(row.details);
        return {
          id: row.id, workspaceId: row.workspace_id, flowId: row.flow_id, version: Number(row.version), graphFlowId: row.graph_flow_id, kind: row.kind,
          details: isJsonObject(details) ? { ...details } : {}, at: Number(row.at),
        };
      });
    },
  };
}
