import type { Kysely } from 'kysely';

/**
 * Conversations (issue 12 §2): a conversation gets an owner (assignee) and a state, its messages are
 * stored (`messages`, idempotent by WhatsApp's message id), operators keep quick replies, and a
 * campaign's exclusion list becomes its own table. Assignment and campaign exclusion were contact data
 * (the field `conversation_assignee`, the tag `campaign-exclusion:<campaign>`): they are moved here and
 * removed from the contacts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('assignee', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('state', 'text', (c) => c.notNull().defaultTo('open')).execute();
  await db.schema.alterTable('conversations').addColumn('state_at', 'bigint').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    // customer, operator or automation (Flow messages, templates sent by campaigns).
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('wamid', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('error_code', 'integer')
    .addColumn('error_title', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_at', 'bigint')
    // A webhook delivered twice names the same message: the second write is skipped.
    .addUniqueConstraint('messages_workspace_wamid', ['workspace_id', 'wamid'])
    .execute();
  await db.schema.createIndex('messages_workspace_contact_at').on('messages').columns(['workspace_id', 'contact_id', 'at', 'id']).execute();

  await db.schema
    .createTable('quick_replies')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('quick_replies_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('quick_replies_workspace_title', ['workspace_id', 'title'])
    .execute();

  await db.schema
    .createTable('campaign_exclusions')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // The campaign's name, as routing's `exclude_from_campaign` action names it.
    .addColumn('campaign', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_exclusions_pk', ['workspace_id', 'campaign', 'contact_id'])
    .execute();

  await moveContactData(db as Kysely<MigrationDb>);
}

interface MigrationDb {
  contacts: { id: string; workspace_id: string; tags: string; fields: string; updated_at: number };
  conversations: { workspace_id: string; contact_id: string; last_inbound_at: number | null; last_outbound_at: number | null; assignee: string | null; state: string; state_at: number | null };
  campaign_exclusions: { workspace_id: string; campaign: string; contact_id: string; created_at: number };
}

const ASSIGNEE_FIELD = 'conversation_assignee';
const EXCLUSION_TAG = 'campaign-exclusion:';

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Moves each contact's assignee to its conversation and its exclusion tags to `campaign_exclusions`, in pages. */
async function moveContactData(db: Kysely<MigrationDb>): Promise<void> {
  let after = '';
  for (;;) {
    // Only contacts that may hold either: the LIKE is a superset, each row is checked after parsing.
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'workspace_id', 'tags', 'fields', 'updated_at'])
      .where('id', '>', after)
      .where((eb) => eb.or([eb('fields', 'like', `%${ASSIGNEE_FIELD}%`), eb('tags', 'like', `%${EXCLUSION_TAG}%`)]))
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const fields = parse(row.fields);
      const tags = parse(row.tags);
      const fieldObject = typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? { ...(fields as Record<string, unknown>) } : undefined;
      const assignee = fieldObject?.[ASSIGNEE_FIELD];
      const tagList = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
      const exclusions = tagList.filter((t) => t.startsWith(EXCLUSION_TAG)).map((t) => t.slice(EXCLUSION_TAG.length));
      if (fieldObject !== undefined && ASSIGNEE_FIELD in fieldObject) {
        await db
          .insertInto('conversations')
          .values({ workspace_id: row.workspace_id, contact_id: row.id, last_inbound_at: null, last_outbound_at: null, assignee: typeof assignee === 'string' ? assignee : null, state: 'open', state_at: null })
          .onConflict((oc) => oc.columns(['workspace_id', 'contact_id']).doUpdateSet({ assignee: typeof assignee === 'string' ? assignee : null }))
          .execute();
        delete fieldObject[ASSIGNEE_FIELD];
      }
      if (exclusions.length > 0) {
        await db
          .insertInto('campaign_exclusions')
          .values([...new Set(exclusions)].map((campaign) => ({ workspace_id: row.workspace_id, campaign, contact_id: row.id, created_at: row.updated_at })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await db
        .updateTable('contacts')
        .set({ fields: fieldObject === undefined ? row.fields : JSON.stringify(fieldObject), tags: Array.isArray(tags) ? JSON.stringify(tagList.filter((t) => !t.startsWith(EXCLUSION_TAG))) : row.tags })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}
