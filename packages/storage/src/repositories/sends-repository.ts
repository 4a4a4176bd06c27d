import type { SendTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isForeignKeyViolation } from '../dialect/is-unique-violation.js';
import { newId, newSecret } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** Where a send stands, as far as the channel has told us. */
export type SendStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'completed' | 'failed' | 'expired';

const SEND_STATUSES: readonly SendStatus[] = ['queued', 'sent', 'delivered', 'read', 'completed', 'failed', 'expired'];

/** One Flow sent to one contact, with the unguessable flow_token that correlates its answers. */
export interface Send {
  id: string;
  workspaceId: string;
  flowId: string;
  version: number;
  contactId: string;
  channel: string;
  flowToken: string;
  status: SendStatus;
  messageId: string | null;
  /** The Meta Flow this WhatsApp send opened (the message's `flow_id` or its template's FLOW button); null for the sandbox. */
  graphFlowId: string | null;
  /** The language the Flow was sent in (docs/localization.md); null when the Flow has no translations. */
  language: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Sends, scoped by workspace. */
export interface SendsRepository {
  /** Records a send of a Flow version to a contact, with a fresh 192-bit flow_token. */
  create(workspaceId: string, send: { flowId: string; version: number; contactId: string; channel: string; graphFlowId?: string; language?: string; at: Instant }): Promise<StorageResult<Send, 'UNKNOWN_FLOW_VERSION' | 'UNKNOWN_CONTACT'>>;
  /** Records many sends in one statement (a campaign's batch), each with a fresh flow_token (and a new id unless given); the contacts and versions must exist. */
  createMany(workspaceId: string, sends: readonly { id?: string; flowId: string; version: number; contactId: string; channel: string; graphFlowId?: string; language?: string; at: Instant }[]): Promise<Send[]>;
  find(workspaceId: string, sendId: string): Promise<Send | undefined>;
  findByFlowToken(workspaceId: string, flowToken: string): Promise<Send | undefined>;
  /** The sends with any of these ids, in one query (unknown ids are simply absent). */
  findMany(workspaceId: string, sendIds: readonly string[]): Promise<Send[]>;
  /** The sends carrying any of these flow tokens, in one query (unknown tokens are simply absent). */
  findByFlowTokens(workspaceId: string, flowTokens: readonly string[]): Promise<Send[]>;
  /** The send whose channel message has this id (message-status webhooks name it). */
  findByMessageId(workspaceId: string, messageId: string): Promise<Send | undefined>;
  /** The workspace a flow_token belongs to, for inbound correlation before the workspace is known; the token is the secret. */
  locateFlowToken(flowToken: string): Promise<{ workspaceId: string; sendId: string } | undefined>;
  /** The sends carrying any of these flow tokens, in any workspace, in one query (each names its workspace; unknown tokens are absent). */
  locateFlowTokens(flowTokens: readonly string[]): Promise<Send[]>;
  updateStatus(workspaceId: string, sendId: string, update: { status: SendStatus; messageId?: string; at: Instant }): Promise<boolean>;
  /** Newest first; `language` keeps the sends made in that language (docs/localization.md). */
  list(workspaceId: string, options?: { flowId?: string; contactId?: string; language?: string; limit?: number }): Promise<Send[]>;
  /**
   * How many sends of each of these Meta Flows are still open (not completed, failed or expired) and were
   * made at or after `since` (older flow tokens have lapsed): the customers still in a retiring Meta Flow.
   * Meta Flows with none are absent.
   */
  countOpenByGraphFlow(workspaceId: string, graphFlowIds: readonly string[], since: Instant): Promise<Map<string, number>>;
}

/** Statuses after which a send's customer is no longer in the Flow. */
const CLOSED: readonly SendStatus[] = ['completed', 'failed', 'expired'];

function toSend(row: SendTable): Send {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    version: row.version,
    contactId: row.contact_id,
    channel: row.channel,
    flowToken: row.flow_token,
    status: SEND_STATUSES.find((s) => s === row.status) ?? 'queued',
    messageId: row.message_id,
    graphFlowId: row.graph_flow_id,
    language: row.language ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Creates the sends repository over a database handle. */
export function createSendsRepository(db: Executor): SendsRepository {
  return {
    async create(workspaceId, send) {
      const contact = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', send.contactId).executeTakeFirst();
      if (!contact) return fail('UNKNOWN_CONTACT', 'no such contact in this workspace');
      const at = toEpochMs(send.at);
      const row: SendTable = {
        id: newId(),
        workspace_id: workspaceId,
        flow_id: send.flowId,
        version: send.version,
        contact_id: send.contactId,
        channel: send.channel,
        flow_token: newSecret(24),
        status: 'queued',
        message_id: null,
        graph_flow_id: send.graphFlowId ?? null,
        language: send.language ?? null,
        created_at: at,
        updated_at: at,
      };
      try {
        await db.insertInto('sends').values(row).execute();
      } catch (error) {
        if (isForeignKeyViolation(error)) return fail('UNKNOWN_FLOW_VERSION', `Flow ${send.flowId} has no version ${send.version} in this workspace`);
        throw error;
      }
      return succeed(toSend(row));
    },
    async createMany(workspaceId, sends) {
      if (sends.length === 0) return [];
      const rows: SendTable[] = sends.map((send) => {
        const at = toEpochMs(send.at);
        return { id: send.id ?? newId(), workspace_id: workspaceId, flow_id: send.flowId, version: send.version, contact_id: send.contactId, channel: send.channel, flow_token: newSecret(24), status: 'queued', message_id: null, graph_flow_id: send.graphFlowId ?? null, language: send.language ?? null, created_at: at, updated_at: at };
      });
      // 12 columns a row: 500 rows stay well below SQLite's and PostgreSQL's bound-parameter limits.
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('sends').values(rows.slice(i, i + 500)).execute();
      return rows.map(toSend);
    },
    async find(workspaceId, sendId) {
      const row = await db.selectFrom('sends').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', sendId).executeTakeFirst();
      return row && toSend(row);
    },
    async findByFlowToken(workspaceId, flowToken) {
      const row = await db.selectFrom('sends').selectAll().where('workspace_id', '=', workspaceId).where('flow_token', '=', flowToken).executeTakeFirst();
      return row && toSend(row);
    },
    async findMany(workspaceId, sendIds) {
      if (sendIds.length === 0) return [];
      const rows = await db.selectFrom('sends').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', [...new Set(sendIds)]).execute();
      return rows.map(toSend);
    },
    async findByFlowTokens(workspaceId, flowTokens) {
      if (flowTokens.length === 0) return [];
      const rows = await db.selectFrom('sends').selectAll().where('workspace_id', '=', workspaceId).where('flow_token', 'in', [...new Set(flowTokens)]).execute();
      return rows.map(toSend);
    },
    async findByMessageId(workspaceId, messageId) {
      const row = await db.selectFrom('sends').selectAll().where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).executeTakeFirst();
      return row && toSend(row);
    },
    async locateFlowToken(flowToken) {
      const row = await db.selectFrom('sends').select(['workspace_id', 'id']).where('flow_token', '=', flowToken).executeTakeFirst();
      return row && { workspaceId: row.workspace_id, sendId: row.id };
    },
    async locateFlowTokens(flowTokens) {
      if (flowTokens.length === 0) return [];
      const rows = await db.selectFrom('sends').selectAll().where('flow_token', 'in', [...new Set(flowTokens)]).execute();
      return rows.map(toSend);
    },
    async updateStatus(workspaceId, sendId, update) {
      const result = await db
        .updateTable('sends')
        .set({ status: update.status, updated_at: toEpochMs(update.at), ...(update.messageId === undefined ? {} : { message_id: update.messageId }) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', sendId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async list(workspaceId, options = {}) {
      const { flowId, contactId, language } = options;
      const rows = await db
        .selectFrom('sends')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .$if(contactId !== undefined, (q) => q.where('contact_id', '=', contactId ?? ''))
        .$if(language !== undefined, (q) => q.where('language', '=', language ?? ''))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toSend);
    },
    async countOpenByGraphFlow(workspaceId, graphFlowIds, since) {
      const counts = new Map<string, number>();
      if (graphFlowIds.length === 0) return counts;
      const rows = await db
        .selectFrom('sends')
        .select(['graph_flow_id', (eb) => eb.fn.countAll<number | string | bigint>().as('open')])
        .where('workspace_id', '=', workspaceId)
        .where('graph_flow_id', 'in', [...new Set(graphFlowIds)])
        .where('status', 'not in', [...CLOSED])
        .where('created_at', '>=', toEpochMs(since))
        .groupBy('graph_flow_id')
        .execute();
      for (const row of rows) if (row.graph_flow_id !== null) counts.set(row.graph_flow_id, Number(row.open));
      return counts;
    },
  };
}
