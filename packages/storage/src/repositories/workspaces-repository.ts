import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isUniqueViolation } from '../dialect/is-unique-violation.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** A tenant: every other record belongs to exactly one workspace. */
export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
}

/** Workspaces: the root of tenant isolation. */
export interface WorkspacesRepository {
  create(workspace: { id: string; name: string; at: Instant }): Promise<StorageResult<Workspace, 'WORKSPACE_EXISTS'>>;
  find(workspaceId: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
}

/** Creates the workspaces repository over a database handle. */
export function createWorkspacesRepository(db: Executor): WorkspacesRepository {
  return {
    async create(workspace) {
      const row = { id: workspace.id, name: workspace.name, created_at: toEpochMs(workspace.at) };
      try {
        await db.insertInto('workspaces').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) return fail('WORKSPACE_EXISTS', `workspace ${workspace.id} already exists`);
        throw error;
      }
      return succeed({ id: row.id, name: row.name, createdAt: row.created_at });
    },
    async find(workspaceId) {
      const row = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
      return row && { id: row.id, name: row.name, createdAt: row.created_at };
    },
    async list() {
      const rows = await db.selectFrom('workspaces').selectAll().orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
    },
  };
}
