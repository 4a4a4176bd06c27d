import { createAuditLogRepository } from './audit-log-repository.js';
import type { FlowTable, FlowVersionTable } from '../database.js';
import { inTransaction, type Backend, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isForeignKeyViolation, isUniqueViolation } from '../dialect/is-unique-violation.js';
import { fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** A Flow's publishing status (Meta's lifecycle, lower-cased). */
export type FlowStatus = 'draft' | 'published' | 'deprecated' | 'throttled' | 'blocked';

/** The statuses a Flow can have, in lifecycle order. */
export const FLOW_STATUSES: readonly FlowStatus[] = ['draft', 'published', 'deprecated', 'throttled', 'blocked'];

/** A Flow: a stable slug id and its current status; its content lives in immutable versions. */
export interface Flow {
  workspaceId: string;
  id: string;
  name: string;
  status: FlowStatus;
  publishedVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One immutable version of a Flow: its Flow JSON text and the configuration it was saved with. */
export interface FlowVersion {
  workspaceId: string;
  flowId: string;
  number: number;
  flowJson: string;
  endpointConfig: unknown;
  policy: unknown;
  createdAt: number;
  createdBy: string;
}

/** The `endpointConfig` of a new version that keeps the previous version's endpoint configuration. */
export const INHERIT_ENDPOINT_CONFIG = 'inherit';

/** What the caller supplies to save a new version. */
export interface NewFlowVersion {
  flowJson: string;
  /**
   * The declarative endpoint configuration; `null` or absent = none. `'inherit'` copies the previous
   * version's configuration in the same transaction (a new version keeps its endpoint unless changed).
   */
  endpointConfig?: unknown;
  policy?: unknown;
  createdAt: Instant;
  createdBy: string;
}

/** Flows and their versions, scoped by workspace. Versions are append-only: there is no update. */
export interface FlowsRepository {
  create(workspaceId: string, flow: { id: string; name: string; at: Instant; by: string }): Promise<StorageResult<Flow, 'INVALID_FLOW_ID' | 'FLOW_EXISTS' | 'UNKNOWN_WORKSPACE'>>;
  find(workspaceId: string, flowId: string): Promise<Flow | undefined>;
  list(workspaceId: string): Promise<Flow[]>;
  setStatus(workspaceId: string, flowId: string, status: FlowStatus, change: { at: Instant; by: string }): Promise<StorageResult<Flow, 'UNKNOWN_FLOW'>>;
  addVersion(workspaceId: string, flowId: string, version: NewFlowVersion): Promise<StorageResult<FlowVersion, 'UNKNOWN_FLOW'>>;
  publish(workspaceId: string, flowId: string, number: number, change: { at: Instant; by: string; details?: Record<string, unknown> }): Promise<StorageResult<Flow, 'UNKNOWN_FLOW' | 'UNKNOWN_VERSION'>>;
  findVersion(workspaceId: string, flowId: string, number: number): Promise<FlowVersion | undefined>;
  findLatestVersion(workspaceId: string, flowId: string): Promise<FlowVersion | undefined>;
  findPublishedVersion(workspaceId: string, flowId: string): Promise<FlowVersion | undefined>;
  listVersions(workspaceId: string, flowId: string): Promise<FlowVersion[]>;
}

const FLOW_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether a string is a valid Flow id: a lower-case slug such as `appointment-booking`, at most 64 characters. */
export function isFlowId(value: string): boolean {
  return value.length <= 64 && FLOW_ID.test(value);
}

function toFlow(row: FlowTable): Flow {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    name: row.name,
    status: toFlowStatus(row.status),
    publishedVersion: row.published_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toFlowStatus(value: string): FlowStatus {
  return FLOW_STATUSES.find((s) => s === value) ?? 'draft';
}

function toFlowVersion(row: FlowVersionTable): FlowVersion {
  return {
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    number: row.number,
    flowJson: row.flow_json,
    endpointConfig: fromOptionalJsonText(row.endpoint_config),
    policy: fromOptionalJsonText(row.policy),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Creates the flows repository; every change is written together with its audit entry. */
export function createFlowsRepository(db: Executor, backend: Backend): FlowsRepository {
  const findFlowRow = (tx: Executor, workspaceId: string, flowId: string, lock: boolean) =>
    tx
      .selectFrom('flows')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', flowId)
      // Serialises version numbering per Flow on PostgreSQL; SQLite transactions already hold the write lock.
      .$if(lock && backend === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();

  const repository: FlowsRepository = {
    async create(workspaceId, flow) {
      if (!isFlowId(flow.id)) return fail('INVALID_FLOW_ID', 'a Flow id is a lower-case slug such as appointment-booking (at most 64 characters)');
      const at = toEpochMs(flow.at);
      const row: FlowTable = { workspace_id: workspaceId, id: flow.id, name: flow.name, status: 'draft', published_version: null, created_at: at, updated_at: at };
      try {
        await inTransaction(db, async (tx) => {
          await tx.insertInto('flows').values(row).execute();
          await createAuditLogRepository(tx).append(workspaceId, { actor: flow.by, action: 'flow.create', targetType: 'flow', targetId: flow.id, after: { name: flow.name, status: 'draft' }, at });
        });
      } catch (error) {
        if (isUniqueViolation(error)) return fail('FLOW_EXISTS', `a Flow with id ${flow.id} already exists`);
        if (isForeignKeyViolation(error)) return fail('UNKNOWN_WORKSPACE', 'the workspace does not exist');
        throw error;
      }
      return succeed(toFlow(row));
    },

    async find(workspaceId, flowId) {
      const row = await findFlowRow(db, workspaceId, flowId, false);
      return row && toFlow(row);
    },

    async list(workspaceId) {
      const rows = await db.selectFrom('flows').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      return rows.map(toFlow);
    },

    setStatus(workspaceId, flowId, status, change) {
      const at = toEpochMs(change.at);
      return inTransaction(db, async (tx) => {
        const before = await findFlowRow(tx, workspaceId, flowId, true);
        const row = await tx
          .updateTable('flows')
          .set({ status, updated_at: at })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', flowId)
          .returningAll()
          .executeTakeFirst();
        if (!row) return fail('UNKNOWN_FLOW', `no Flow ${flowId} in this workspace`);
        await createAuditLogRepository(tx).append(workspaceId, { actor: change.by, action: 'flow.status', targetType: 'flow', targetId: flowId, details: { status }, before: { status: before?.status }, after: { status }, at });
        return succeed(toFlow(row));
      });
    },

    addVersion(workspaceId, flowId, version) {
      const createdAt = toEpochMs(version.createdAt);
      return inTransaction(db, async (tx) => {
        const flow = await findFlowRow(tx, workspaceId, flowId, true);
        if (!flow) return fail('UNKNOWN_FLOW', `no Flow ${flowId} in this workspace`);
        const last = await tx
          .selectFrom('flow_versions')
          .select((eb) => eb.fn.max('number').as('max'))
          .where('workspace_id', '=', workspaceId)
          .where('flow_id', '=', flowId)
          .executeTakeFirst();
        const previous = Number(last?.max ?? 0);
        let endpointConfig: string | null;
        if (version.endpointConfig === INHERIT_ENDPOINT_CONFIG) {
          const prior = previous === 0 ? undefined : await tx
            .selectFrom('flow_versions')
            .select('endpoint_config')
            .where('workspace_id', '=', workspaceId)
            .where('flow_id', '=', flowId)
            .where('number', '=', previous)
            .executeTakeFirst();
          endpointConfig = prior?.endpoint_config ?? null;
        } else {
          endpointConfig = version.endpointConfig === undefined || version.endpointConfig === null ? null : toJsonText(version.endpointConfig);
        }
        const row: FlowVersionTable = {
          workspace_id: workspaceId,
          flow_id: flowId,
          number: previous + 1,
          flow_json: version.flowJson,
          endpoint_config: endpointConfig,
          policy: version.policy === undefined ? null : toJsonText(version.policy),
          created_at: createdAt,
          created_by: version.createdBy,
        };
        await tx.insertInto('flow_versions').values(row).execute();
        await tx.updateTable('flows').set({ updated_at: createdAt }).where('workspace_id', '=', workspaceId).where('id', '=', flowId).execute();
        await createAuditLogRepository(tx).append(workspaceId, {
          actor: version.createdBy,
          action: 'flow.version',
          targetType: 'flow',
          targetId: flowId,
          details: { version: row.number },
          before: previous === 0 ? undefined : { latestVersion: previous },
          after: { latestVersion: row.number, hasEndpointConfig: endpointConfig !== null },
          at: createdAt,
        });
        return succeed(toFlowVersion(row));
      });
    },

    publish(workspaceId, flowId, number, change) {
      const at = toEpochMs(change.at);
      return inTransaction(db, async (tx) => {
        const flow = await findFlowRow(tx, workspaceId, flowId, true);
        if (!flow) return fail('UNKNOWN_FLOW', `no Flow ${flowId} in this workspace`);
        const version = await repositoryOn(tx).findVersion(workspaceId, flowId, number);
        if (!version) return fail('UNKNOWN_VERSION', `Flow ${flowId} has no version ${number}`);
        const row = await tx
          .updateTable('flows')
          .set({ status: 'published', published_version: number, updated_at: at })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', flowId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await createAuditLogRepository(tx).append(workspaceId, {
          actor: change.by, action: 'flow.publish', targetType: 'flow', targetId: flowId, details: { version: number, ...(change.details ?? {}) },
          before: { status: flow.status, publishedVersion: flow.published_version }, after: { status: 'published', publishedVersion: number }, at,
        });
        return succeed(toFlow(row));
      });
    },

    async findVersion(workspaceId, flowId, number) {
      const row = await db
        .selectFrom('flow_versions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('flow_id', '=', flowId)
        .where('number', '=', number)
        .executeTakeFirst();
      return row && toFlowVersion(row);
    },

    async findLatestVersion(workspaceId, flowId) {
      const row = await db
        .selectFrom('flow_versions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('flow_id', '=', flowId)
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toFlowVersion(row);
    },

    async findPublishedVersion(workspaceId, flowId) {
      const flow = await repository.find(workspaceId, flowId);
      if (flow?.publishedVersion == null) return undefined;
      return repository.findVersion(workspaceId, flowId, flow.publishedVersion);
    },

    async listVersions(workspaceId, flowId) {
      const rows = await db
        .selectFrom('flow_versions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('flow_id', '=', flowId)
        .orderBy('number')
        .execute();
      return rows.map(toFlowVersion);
    },
  };
  const repositoryOn = (tx: Executor) => (tx === db ? repository : createFlowsRepository(tx, backend));
  return repository;
}
