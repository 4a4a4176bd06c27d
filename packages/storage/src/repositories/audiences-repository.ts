import { isJsonObject } from '@flowline/core';
import type { ContactTable } from '../database.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** A contact as an audience sees it: with where its consent came from. */
export interface AudienceContact {
  id: string;
  phone: string;
  name: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  optedIn: boolean;
  optedInAt: number | null;
  optInSource: string | null;
}

/** One imported contact: an E.164 phone with the opt-in's source and time (both required). */
export interface ImportedContact {
  readonly phone: string;
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly optInSource: string;
  readonly optedInAt: number;
}

/** What an import batch did. */
export interface ImportOutcome {
  created: number;
  /** Existing contacts merged (tags added, fields merged, opt-in recorded). */
  updated: number;
  /** Phones of existing contacts who are not opted in (they may have opted out): an import never opts them in. */
  keptOptedOut: string[];
}

/** The activity a segment can ask for. */
export type ContactActivity = 'sent' | 'opened' | 'completed';

/** Audiences: contact import with opt-in, and what segments select from. */
export interface AudiencesRepository {
  /** Creates or merges contacts (duplicates in the batch must already be merged by the caller). */
  importContacts(workspaceId: string, contacts: readonly ImportedContact[], at: Instant): Promise<ImportOutcome>;
  /** Contacts in phone order, a page at a time. */
  page(workspaceId: string, options: { afterPhone?: string; limit: number }): Promise<AudienceContact[]>;
  /** The contacts with this activity (on one Flow, or any) since a time. */
  contactsWithActivity(workspaceId: string, query: { flowId?: string; activity: ContactActivity; since: number }): Promise<Set<string>>;
}

function toAudienceContact(row: ContactTable): AudienceContact {
  const tags = fromJsonText(row.tags);
  const fields = fromJsonText(row.fields);
  return {
    id: row.id, phone: row.phone, name: row.name,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    fields: isJsonObject(fields) ? { ...fields } : {},
    optedIn: row.opted_in === 1, optedInAt: row.opted_in_at, optInSource: row.opt_in_source ?? null,
  };
}

/** Creates the audiences repository over a database handle. */
export function createAudiencesRepository(db: Executor): AudiencesRepository {
  return {
    importContacts(workspaceId, contacts, at) {
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        const outcome: ImportOutcome = { created: 0, updated: 0, keptOptedOut: [] };
        for (let i = 0; i < contacts.length; i += 500) {
          const part = contacts.slice(i, i + 500);
          const existing = new Map((await tx.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('phone', 'in', part.map((c) => c.phone)).execute()).map((r) => [r.phone, r]));
          const fresh: ContactTable[] = [];
          for (const c of part) {
            const row = existing.get(c.phone);
            if (row === undefined) {
              fresh.push({
                id: newId(), workspace_id: workspaceId, phone: c.phone, name: c.name ?? null, tags: toJsonText([...new Set(c.tags ?? [])]), fields: toJsonText(c.fields ?? {}),
                opted_in: 1, opted_in_at: c.optedInAt, opt_in_source: c.optInSource, created_at: ms, updated_at: ms,
              });
              continue;
            }
            const known = toAudienceContact(row);
            // A contact known here who is not opted in may have opted out: a list made elsewhere never opts them back in.
            const optedOut = !known.optedIn;
            if (optedOut) outcome.keptOptedOut.push(c.phone);
            await tx.updateTable('contacts').set({
              name: c.name ?? known.name,
              tags: toJsonText([...new Set([...known.tags, ...(c.tags ?? [])])]),
              fields: toJsonText({ ...known.fields, ...c.fields }),
              ...(optedOut ? {} : { opted_in: 1, opted_in_at: known.optedIn ? known.optedInAt : c.optedInAt, opt_in_source: known.optedIn && known.optInSource !== null ? known.optInSource : c.optInSource }),
              updated_at: ms,
            }).where('workspace_id', '=', workspaceId).where('id', '=', row.id).execute();
            outcome.updated++;
          }
          if (fresh.length > 0) await tx.insertInto('contacts').values(fresh).execute();
          outcome.created += fresh.length;
        }
        return outcome;
      });
    },
    async page(workspaceId, options) {
      const rows = await db
        .selectFrom('contacts')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(options.afterPhone !== undefined, (q) => q.where('phone', '>', options.afterPhone ?? ''))
        .orderBy('phone')
        .limit(options.limit)
        .execute();
      return rows.map(toAudienceContact);
    },
    async contactsWithActivity(workspaceId, query) {
      const { flowId, activity, since } = query;
      let rows: { contact_id: string }[];
      if (activity === 'opened') {
        rows = await db
          .selectFrom('events as e')
          .innerJoin('sends as s', (j) => j.onRef('s.id', '=', 'e.send_id').onRef('s.workspace_id', '=', 'e.workspace_id'))
          .select('s.contact_id')
          .distinct()
          .where('e.workspace_id', '=', workspaceId)
          .where('e.type', '=', 'opened')
          .where('e.at', '>=', since)
          .$if(flowId !== undefined, (q) => q.where('s.flow_id', '=', flowId ?? ''))
          .execute();
      } else {
        rows = await db
          .selectFrom('sends')
          .select('contact_id')
          .distinct()
          .where('workspace_id', '=', workspaceId)
          .$if(activity === 'completed', (q) => q.where('status', '=', 'completed').where('updated_at', '>=', since))
          .$if(activity === 'sent', (q) => q.where('status', 'not in', ['queued', 'failed']).where('created_at', '>=', since))
          .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
          .execute();
      }
      return new Set(rows.map((r) => r.contact_id));
    },
  };
}
