import { createAuditLogRepository } from './audit-log-repository.js';
import { ERASURE_PLAN, type ErasureScope } from './erasure-plan.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** What one erasure did: rows touched per table (0 everywhere when it had already been done). */
export interface ErasureReport {
  contactId: string;
  /** When the contact was first erased (epoch ms). */
  erasedAt: number;
  /** The contact had been erased before; this call only swept rows written since. */
  alreadyErased: boolean;
  counts: Record<string, number>;
  /**
   * Media store keys of the contact's files (marked `erased`): delete the files once this has committed, then
   * their rows (`media.forgetErased`). A key whose delete failed comes back on the next erasure.
   */
  mediaKeys: string[];
}

/** Erasure of a contact on request (docs/privacy.md), scoped by workspace. */
export interface ErasureRepository {
  /**
   * Anonymises the contact and redacts every copy of their personal data (ERASURE_PLAN), and appends the
   * `contact.erase` audit entry with ids and counts only, all in ONE transaction. Idempotent: erasing again
   * touches nothing already erased.
   */
  eraseContact(workspaceId: string, contactId: string, request: { actor: string; at: Instant }): Promise<StorageResult<ErasureReport, 'NOT_FOUND'>>;
}

/** The phone an erased contact keeps: unique per workspace (contacts are unique by phone) and no one's number. */
export function toTombstonePhone(contactId: string): string {
  return `erased:${contactId}`;
}

/** Creates the erasure repository over a database handle. */
export function createErasureRepository(db: Executor): ErasureRepository {
  return {
    eraseContact(workspaceId, contactId, request) {
      const at = toEpochMs(request.at);
      return inTransaction(db, async (tx) => {
        const contact = await tx.selectFrom('contacts').select(['phone', 'erased_at']).where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
        if (contact === undefined) return fail('NOT_FOUND', 'no such contact');
        const scope: ErasureScope = { workspaceId, contactId, phone: contact.phone, tombstone: toTombstonePhone(contactId), at };
        const counts: Record<string, number> = {};
        for (const step of ERASURE_PLAN) counts[step.table] = (counts[step.table] ?? 0) + (await step.erase(tx, scope));
        // Files live outside the database: their keys go back to the caller, this erasure's and any an earlier one could not delete.
        const mediaKeys = (await tx.selectFrom('media').select('storage_key').where('workspace_id', '=', workspaceId).where('contact_phone', '=', scope.tombstone).where('storage_key', 'is not', null).execute())
          .flatMap((row) => (row.storage_key === null ? [] : [row.storage_key]));
        const alreadyErased = contact.erased_at != null;
        const report: ErasureReport = { contactId, erasedAt: contact.erased_at ?? at, alreadyErased, counts, mediaKeys };
        // Ids and counts only: the audit log is append-only, so it must never hold what was erased.
        await createAuditLogRepository(tx).append(workspaceId, {
          actor: request.actor, action: 'contact.erase', targetType: 'contact', targetId: contactId, details: { alreadyErased, counts }, at: request.at,
        });
        return succeed(report);
      });
    },
  };
}
