import { inTransaction, type Executor } from '../dialect/executor.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { fillSecretSealingBacklog } from '../migrations/0005_secret_sealing_backlog.js';

/** A row that may still hold plain connector secrets: a rule's `actions` or an outbox action's `payload`. */
export interface UnsealedRow {
  readonly table: 'routing_rules' | 'outbox_actions';
  readonly id: string;
  readonly workspaceId: string;
  /** The column's JSON (`actions` of a rule, `payload` of an outbox action). */
  readonly value: unknown;
}

/**
 * The backlog of rows written before connector secrets were sealed (filled by migration 0005). A
 * maintenance task across workspaces: the server seals each row's secrets once, at start.
 */
export interface SecretSealingRepository {
  /** Lists again every row that may hold plain secrets, as migration 0005 did (e.g. after restoring an old backup). */
  enlist(): Promise<void>;
  /** Up to `limit` rows still to check (a row deleted since is dropped from the backlog). */
  pending(limit: number): Promise<UnsealedRow[]>;
  /** Writes the row's sealed value (when given) and removes it from the backlog, in one transaction. */
  complete(row: UnsealedRow, sealedValue: unknown): Promise<void>;
}

/** Creates the secret-sealing backlog repository over a database handle. */
export function createSecretSealingRepository(db: Executor): SecretSealingRepository {
  return {
    enlist: () => fillSecretSealingBacklog(db),
    async pending(limit) {
      const entries = await db.selectFrom('secret_sealing_backlog').selectAll().orderBy('table_name').orderBy('row_id').limit(limit).execute();
      const rows: UnsealedRow[] = [];
      for (const entry of entries) {
        const text =
          entry.table_name === 'routing_rules'
            ? (await db.selectFrom('routing_rules').select('actions as text').where('id', '=', entry.row_id).where('workspace_id', '=', entry.workspace_id).executeTakeFirst())?.text
            : (await db.selectFrom('outbox_actions').select('payload as text').where('id', '=', entry.row_id).where('workspace_id', '=', entry.workspace_id).executeTakeFirst())?.text;
        if (text === undefined) {
          await db.deleteFrom('secret_sealing_backlog').where('table_name', '=', entry.table_name).where('row_id', '=', entry.row_id).execute();
          continue;
        }
        rows.push({ table: entry.table_name, id: entry.row_id, workspaceId: entry.workspace_id, value: fromJsonText(text) });
      }
      return rows;
    },
    complete(row, sealedValue) {
      return inTransaction(db, async (tx) => {
        if (sealedValue !== undefined) {
          if (row.table === 'routing_rules') await tx.updateTable('routing_rules').set({ actions: toJsonText(sealedValue) }).where('id', '=', row.id).where('workspace_id', '=', row.workspaceId).execute();
          else await tx.updateTable('outbox_actions').set({ payload: toJsonText(sealedValue) }).where('id', '=', row.id).where('workspace_id', '=', row.workspaceId).execute();
        }
        await tx.deleteFrom('secret_sealing_backlog').where('table_name', '=', row.table).where('row_id', '=', row.id).execute();
      });
    },
  };
}
