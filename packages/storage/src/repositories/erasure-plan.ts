import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../dialect/executor.js';

/** The text that replaces an erased JSON payload or body (a marker, so readers see why it is empty). */
export const ERASED_MARKER = '{"erased":true}';

/**
 * The keys of an event's data that hold no personal data and that the dashboards count by (routing
 * accuracy, time to resolution, deliveries): erasure keeps them so the figures stay true.
 */
export const EVENT_DATA_KEPT: readonly string[] = ['submissionId', 'ruleIds', 'actions', 'usedDefault', 'itemId', 'by', 'durationMs', 'fromQueue', 'toQueue', 'actionId', 'kind', 'attempt'];

/** An event's data text with only the counted keys, or the same text when nothing else was there. */
function keepCountedKeys(text: string | null): string | null {
  if (text === null) return null;
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const entries = Object.entries(data);
  const kept = entries.filter(([key]) => EVENT_DATA_KEPT.includes(key));
  if (kept.length === entries.length) return text;
  return kept.length === 0 ? null : JSON.stringify(Object.fromEntries(kept));
}

/** Who is erased, and when: what every step of the plan selects its rows by. */
export interface ErasureScope {
  readonly workspaceId: string;
  readonly contactId: string;
  /** The contact's phone before anonymisation, to find copies not linked by id (exceptions, outbox payloads). */
  readonly phone: string;
  /** The tombstone phone the contact and its campaign recipients get (unique per workspace). */
  readonly tombstone: string;
  readonly at: number;
}

/** One table's part of an erasure: what it does and why, and the statement that does it (rows touched). */
export interface ErasureStep {
  readonly table: string;
  readonly why: string;
  erase(tx: Executor, scope: ErasureScope): Promise<number>;
}

const count = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number =>
  Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0n);

/** The contact's sends (by id), as a subquery so a contact with many sends needs no parameter list. */
const sendIds = (tx: Executor, s: ErasureScope) =>
  tx.selectFrom('sends').select('id').where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId);

const flowTokens = (tx: Executor, s: ErasureScope) =>
  tx.selectFrom('sends').select('flow_token').where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId);

/** The contact's submissions: answers to one of their sends, by send or by flow token. */
const submissionIds = (tx: Executor, s: ErasureScope) =>
  tx.selectFrom('submissions').select('id').where('workspace_id', '=', s.workspaceId)
    .where((eb) => eb.or([eb('send_id', 'in', sendIds(tx, s)), eb('flow_token', 'in', flowTokens(tx, s))]));

/**
 * LIKE patterns for the phone as JSON text writes it (`"+351…` or `"351…`, also inside an escaped excerpt),
 * so a longer number that merely ends with these digits is not taken for it; none when the phone holds
 * characters LIKE would read as wildcards (phones are E.164 or bare digits).
 */
const phonePatterns = (s: ErasureScope): string[] => {
  if (!/^\+?[0-9]{5,20}$/.test(s.phone)) return [];
  const digits = s.phone.replace(/^\+/, '');
  return [`%"${digits}%`, `%"+${digits}%`];
};

/** The contact's outbox actions: those of their submissions, and any other whose payload names their phone. */
const actionIds = (tx: Executor, s: ErasureScope) => {
  return tx.selectFrom('outbox_actions').select('id').where('workspace_id', '=', s.workspaceId)
    .where((eb) => eb.or([eb('submission_id', 'in', submissionIds(tx, s)), ...phonePatterns(s).map((p) => eb('payload', 'like', p))]));
};

/** The contact's files in `media`: by their phone (with or without `+`), or by their submissions. */
export const mediaOfContact = (tx: Executor, s: ErasureScope) => (eb: ExpressionBuilder<Database, 'media'>) => {
  const digits = s.phone.replace(/^\+/, '');
  const phones = /^[0-9]{5,20}$/.test(digits) ? [digits, `+${digits}`] : [];
  return eb.and([
    eb('workspace_id', '=', s.workspaceId),
    eb.or([eb('submission_id', 'in', submissionIds(tx, s)), ...(phones.length === 0 ? [] : [eb('contact_phone', 'in', phones)])]),
  ]);
};

/**
 * What erasure does to each table that can hold a contact's personal data (docs/privacy.md), in one
 * place: a table added later that holds such data gets its line here (a `messages` or `media` table), and
 * the erasure test fails until it has one, since it scans every table for the erased values. Rows that
 * count toward figures (submissions, sends, events, inbox items, outbox actions) are redacted, never deleted.
 */
export const ERASURE_PLAN: readonly ErasureStep[] = [
  {
    table: 'submissions', why: 'answers and contract problems (which may quote answers) are emptied; the row, its Flow, version, contract outcome and time stay counted',
    erase: async (tx, s) => count(await tx.updateTable('submissions').set({ answers: '{}', contract_problems: '[]' })
      .where('workspace_id', '=', s.workspaceId).where('id', 'in', submissionIds(tx, s))
      .where((eb) => eb.or([eb('answers', '!=', '{}'), eb('contract_problems', '!=', '[]')])).executeTakeFirst()),
  },
  {
    table: 'inbox_items', why: 'title and body (answers, excerpts) are replaced; status, queue and times stay for the inbox figures; exceptions that quote the phone are found by it',
    erase: async (tx, s) => {
      const patterns = phonePatterns(s);
      return count(await tx.updateTable('inbox_items').set({ title: '[erased]', body: ERASED_MARKER })
        .where('workspace_id', '=', s.workspaceId)
        .where((eb) => eb.or([
          eb('contact_id', '=', s.contactId), eb('submission_id', 'in', submissionIds(tx, s)),
          ...patterns.flatMap((p) => [eb('body', 'like', p), eb('title', 'like', p)]),
        ]))
        .where('body', '!=', ERASED_MARKER).executeTakeFirst());
    },
  },
  {
    table: 'outbox_deliveries', why: 'an attempt\'s error may echo the payload; the attempt and its outcome stay',
    erase: async (tx, s) => count(await tx.updateTable('outbox_deliveries').set({ error: null })
      .where('workspace_id', '=', s.workspaceId).where('action_id', 'in', actionIds(tx, s)).where('error', 'is not', null).executeTakeFirst()),
  },
  {
    table: 'outbox_actions', why: 'payloads are replaced; an action not yet delivered is cancelled as `erased` so no worker sends personal data (a delivered one keeps its status)',
    // Before the contact's phone is replaced: actions are found by it too (after outbox_deliveries, which finds them the same way).
    erase: async (tx, s) => count(await tx.updateTable('outbox_actions')
      .set((eb) => ({
        payload: ERASED_MARKER, last_error: null, lease_token: null, lease_until: null, updated_at: s.at,
        status: eb.case().when('status', '=', 'delivered').then('delivered').else('erased').end(),
      }))
      .where('workspace_id', '=', s.workspaceId).where('id', 'in', actionIds(tx, s).where('payload', '!=', ERASED_MARKER)).executeTakeFirst()),
  },
  {
    table: 'events', why: 'event data keeps only the keys the dashboards count by (EVENT_DATA_KEPT); free text (a screen\'s fields, a resolution note) is removed; the event, its type and time stay for the funnel',
    erase: async (tx, s) => {
      const rows = await tx.selectFrom('events').select(['id', 'data']).where('workspace_id', '=', s.workspaceId).where('send_id', 'in', sendIds(tx, s)).where('data', 'is not', null).execute();
      let touched = 0;
      for (const row of rows) {
        const kept = keepCountedKeys(row.data);
        if (kept === row.data) continue;
        await tx.updateTable('events').set({ data: kept }).where('workspace_id', '=', s.workspaceId).where('id', '=', row.id).execute();
        touched += 1;
      }
      return touched;
    },
  },
  {
    table: 'endpoint_sessions', why: 'the flow_token data the endpoint kept between screens is emptied',
    erase: async (tx, s) => count(await tx.updateTable('endpoint_sessions').set({ data: '{}', updated_at: s.at })
      .where('workspace_id', '=', s.workspaceId).where('flow_token', 'in', flowTokens(tx, s)).where('data', '!=', '{}').executeTakeFirst()),
  },
  {
    table: 'sandbox_messages', why: 'the sandbox chat\'s message bodies are replaced; the messages stay in order',
    erase: async (tx, s) => count(await tx.updateTable('sandbox_messages').set({ body: ERASED_MARKER })
      .where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId).where('body', '!=', ERASED_MARKER).executeTakeFirst()),
  },
  {
    table: 'sandbox_sessions', why: 'open sandbox Flows hold the runtime state with every answer; they count toward nothing and are removed',
    erase: async (tx, s) => count(await tx.deleteFrom('sandbox_sessions').where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId).executeTakeFirst()),
  },
  {
    table: 'messages', why: 'the text, the details (media ids, reply ids, reaction emoji), the author\'s profile name and Meta\'s error title of every message in the contact\'s conversation are removed; direction, author kind, type, status and times stay for the back-and-forth figures',
    erase: async (tx, s) => count(await tx.updateTable('messages').set({ text: null, details: '{}', author_name: null, error_title: null })
      .where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId)
      .where((eb) => eb.or([eb('text', 'is not', null), eb('details', '!=', '{}'), eb('author_name', 'is not', null), eb('error_title', 'is not', null)])).executeTakeFirst()),
  },
  {
    table: 'media', why: 'the rows of the contact\'s files lose their phone (the tombstone), file names, Meta\'s media ids and hashes and are marked `erased`; the files are deleted from the media store after the commit, then these rows (eraseContact returns the keys; rows whose file could not be deleted stay marked, so erasing again retries them)',
    erase: async (tx, s) => count(await tx.updateTable('media')
      .set({ contact_phone: s.tombstone, file_name: '[erased]', media_id: '[erased]', sha256: null, error: null, status: 'erased', updated_at: s.at })
      .where(mediaOfContact(tx, s)).where('status', '!=', 'erased').executeTakeFirst()),
  },
  {
    table: 'campaign_recipients', why: 'the phone a campaign copied is replaced by the tombstone; state and send stay for the campaign report',
    erase: async (tx, s) => count(await tx.updateTable('campaign_recipients').set({ phone: s.tombstone })
      .where('workspace_id', '=', s.workspaceId).where('contact_id', '=', s.contactId).where('phone', '!=', s.tombstone).executeTakeFirst()),
  },
  {
    table: 'contacts', why: 'phone, name, tags, fields and language become a tombstone and consent is withdrawn; the row id stays so counts and links hold',
    erase: async (tx, s) => count(await tx.updateTable('contacts')
      .set({ phone: s.tombstone, name: null, tags: '[]', fields: '{}', language: null, opted_in: 0, opted_in_at: null, opt_in_source: null, erased_at: s.at, updated_at: s.at })
      .where('workspace_id', '=', s.workspaceId).where('id', '=', s.contactId).where('erased_at', 'is', null).executeTakeFirst()),
  },
];

/**
 * The tables erasure leaves as they are, and why: none holds a contact's personal data. Together with
 * ERASURE_PLAN it names every table, so a new table must be placed in one of them (a contract test checks).
 */
export const KEPT_BY_ERASURE: Readonly<Record<string, string>> = {
  workspaces: 'the tenant, not a customer',
  api_tokens: 'staff tokens',
  flows: 'Flow definitions', flow_versions: 'Flow definitions', flow_localizations: 'a Flow\'s languages', flow_translations: 'translations of Flow texts', flow_scenarios: 'scenario tests written by staff, not about a contact', graph_flow_links: 'Meta Flow ids', meta_flows: 'Meta Flow state',
  fidelity_findings: 'Flow checks', whatsapp_templates: 'message templates', whatsapp_connections: 'sealed connection secrets',
  flow_health_events: 'Meta\'s Flow health notices', channels: 'channel configuration', routing_rules: 'operator rules',
  governance_settings: 'review rules', version_reviews: 'review state', version_review_events: 'review steps by staff',
  secret_sealing_backlog: 'row ids only', calendar_resources: 'calendars', opening_hours: 'calendars',
  lookup_rows: 'operator reference tables, not about a contact',
  endpoint_traces: 'timing and outcome per request; no flow_token, no data',
  sends: 'the Flow, version, status and an unguessable flow_token; the send counts toward the Flow\'s figures',
  conversations: 'the last inbound and outbound times, the owner (a staff member) and the state',
  quick_replies: 'saved snippets written by staff, not about a contact',
  campaign_exclusions: 'a campaign name and the contact\'s id, kept so the erased contact is never messaged by it',
  bookings: 'slot, seat, status and the contact\'s id; the name the customer typed lives in the submission and the endpoint session',
  campaigns: 'segments and personalisation keys, not contacts\' values',
  webhook_receipts: 'dedupe keys: message ids and content hashes',
  audit_log: 'append-only (database triggers); entries never carry a contact\'s personal data, erasure records ids and counts',
  flowline_migrations: 'the migrator\'s bookkeeping', flowline_migration_lock: 'the migrator\'s bookkeeping',
};
