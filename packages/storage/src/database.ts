/**
 * Kysely table types for every table the migrations create. Times are epoch milliseconds,
 * booleans are 0/1 integers and JSON is stored as text, so one schema runs on SQLite and PostgreSQL.
 */

/** The table types of the Flowline database. */
export interface Database {
  workspaces: WorkspaceTable;
  api_tokens: ApiTokenTable;
  flows: FlowTable;
  flow_versions: FlowVersionTable;
  flow_localizations: FlowLocalizationTable;
  flow_translations: FlowTranslationTable;
  flow_scenarios: FlowScenarioTable;
  endpoint_sessions: EndpointSessionTable;
  endpoint_traces: EndpointTraceTable;
  lookup_rows: LookupRowTable;
  calendar_resources: CalendarResourceTable;
  opening_hours: OpeningHoursTable;
  bookings: BookingTable;
  audit_log: AuditLogTable;
  channels: ChannelTable;
  contacts: ContactTable;
  conversations: ConversationTable;
  messages: MessageTable;
  quick_replies: QuickReplyTable;
  campaign_exclusions: CampaignExclusionTable;
  sends: SendTable;
  submissions: SubmissionTable;
  routing_rules: RoutingRuleTable;
  outbox_actions: OutboxActionTable;
  outbox_deliveries: OutboxDeliveryTable;
  inbox_items: InboxItemTable;
  events: EventTable;
  webhook_receipts: WebhookReceiptTable;
  graph_flow_links: GraphFlowLinkTable;
  whatsapp_connections: WhatsAppConnectionTable;
  meta_flows: MetaFlowTable;
  fidelity_findings: FidelityFindingTable;
  whatsapp_templates: WhatsAppTemplateTable;
  flow_health_events: FlowHealthEventTable;
  sandbox_messages: SandboxMessageTable;
  sandbox_sessions: SandboxSessionTable;
  secret_sealing_backlog: SecretSealingBacklogTable;
  governance_settings: GovernanceSettingsTable;
  version_reviews: VersionReviewTable;
  version_review_events: VersionReviewEventTable;
  campaigns: CampaignTable;
  campaign_recipients: CampaignRecipientTable;
  media: MediaTable;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface FlowTable {
  workspace_id: string;
  id: string;
  name: string;
  status: string;
  published_version: number | null;
  created_at: number;
  updated_at: number;
}

export interface FlowVersionTable {
  workspace_id: string;
  flow_id: string;
  number: number;
  flow_json: string;
  endpoint_config: string | null;
  policy: string | null;
  created_at: number;
  created_by: string;
}

/** A Flow's languages (migration 0019, docs/localization.md). */
export interface FlowLocalizationTable {
  workspace_id: string;
  flow_id: string;
  source_language: string;
  fallback_language: string;
  /** JSON array of the translated languages. */
  languages: string;
  updated_at: number;
}

/** A scenario test stored with its Flow (migration 0021, docs/governance.md). */
export interface FlowScenarioTable {
  workspace_id: string;
  flow_id: string;
  name: string;
  position: number;
  /** The scenario document as JSON text. */
  document: string;
  updated_at: number;
  updated_by: string;
}

/** One translated text of a Flow version in one language (migration 0019). */
export interface FlowTranslationTable {
  workspace_id: string;
  flow_id: string;
  version_number: number;
  language: string;
  text_key: string;
  text: string;
  source_hash: string;
  updated_at: number;
  updated_by: string;
}

export interface EndpointSessionTable {
  workspace_id: string;
  flow_token: string;
  flow_id: string;
  version: number | null;
  screen: string | null;
  data: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export interface EndpointTraceTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  version: number | null;
  screen: string | null;
  action: string;
  latency_ms: number;
  outcome: string;
  status_code: number;
  handler_error: string | null;
  fallback_used: number;
  at: number;
}

export interface LookupRowTable {
  workspace_id: string;
  table_name: string;
  key: string;
  value: string;
  updated_at: number;
}

export interface CalendarResourceTable {
  workspace_id: string;
  id: string;
  name: string;
  capacity: number;
  slot_minutes: number;
  time_zone: string;
  created_at: number;
}

export interface OpeningHoursTable {
  workspace_id: string;
  resource_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

export interface BookingTable {
  id: string;
  workspace_id: string;
  resource_id: string;
  slot_start: number;
  slot_end: number;
  seat: number | null;
  status: string;
  contact_id: string | null;
  send_id: string | null;
  reference: string | null;
  created_at: number;
  cancelled_at: number | null;
  /** 1 = a preview's or simulation's booking (never counted for customers), else 0. */
  preview: number;
  /** Until when a preview booking holds its seat for other previews (epoch ms); null for real bookings. */
  hold_until: number | null;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string | null;
  /** What the target was before the change (JSON; null when it did not exist or is not recorded). Migration 0013. */
  before: string | null;
  /** What the target is after the change (JSON; null when it was removed or is not recorded). Migration 0013. */
  after: string | null;
  at: number;
}

export interface ChannelTable {
  workspace_id: string;
  id: string;
  kind: string;
  phone_number_id: string | null;
  config: string;
  created_at: number;
}

export interface ContactTable {
  id: string;
  workspace_id: string;
  phone: string;
  name: string | null;
  tags: string;
  fields: string;
  opted_in: number;
  opted_in_at: number | null;
  /** Where consent came from (an imported list must say; migration 0012). */
  opt_in_source?: string | null | undefined;
  /** When the contact was erased on request (migration 0018); null while it is a real contact. */
  erased_at?: number | null | undefined;
  /** The contact's language, a BCP 47 tag (migration 0019): picks the language a Flow is sent in. */
  language?: string | null | undefined;
  created_at: number;
  updated_at: number;
}

export interface ConversationTable {
  workspace_id: string;
  contact_id: string;
  last_inbound_at: number | null;
  last_outbound_at: number | null;
  /** Who works the conversation (migration 0016; was the contact field `conversation_assignee`). */
  assignee?: string | null | undefined;
  /** open, pending or resolved (migration 0016). */
  state?: string | undefined;
  state_at?: number | null | undefined;
}

/** A message in a conversation, either way (migration 0016). */
export interface MessageTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  direction: string;
  author: string;
  author_name: string | null;
  wamid: string | null;
  type: string;
  text: string | null;
  details: string;
  status: string | null;
  error_code: number | null;
  error_title: string | null;
  at: number;
  status_at: number | null;
}

/** A saved snippet an operator inserts in a reply (migration 0016). */
export interface QuickReplyTable {
  workspace_id: string;
  id: string;
  title: string;
  text: string;
  updated_at: number;
}

/** A contact on a campaign's exclusion list (migration 0016; was the tag `campaign-exclusion:<campaign>`). */
export interface CampaignExclusionTable {
  workspace_id: string;
  campaign: string;
  contact_id: string;
  created_at: number;
}

export interface SendTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  version: number;
  contact_id: string;
  channel: string;
  flow_token: string;
  status: string;
  message_id: string | null;
  /** The Meta Flow a WhatsApp send opened (migration 0010); null for the sandbox. */
  graph_flow_id: string | null;
  /** The language the Flow was sent in (migration 0019); null when the Flow has no translations. */
  language?: string | null | undefined;
  created_at: number;
  updated_at: number;
}

export interface SubmissionTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  version: number | null;
  send_id: string | null;
  flow_token: string | null;
  message_id: string | null;
  answers: string;
  contract_ok: number;
  contract_problems: string;
  received_at: number;
}

export interface RoutingRuleTable {
  id: string;
  workspace_id: string;
  flow_id: string | null;
  position: number;
  name: string;
  enabled: number;
  conditions: string;
  actions: string;
  updated_at: number;
}

export interface OutboxActionTable {
  id: string;
  workspace_id: string;
  submission_id: string | null;
  kind: string;
  payload: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  lease_token: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface OutboxDeliveryTable {
  id: string;
  workspace_id: string;
  action_id: string;
  attempt: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  at: number;
}

export interface InboxItemTable {
  id: string;
  workspace_id: string;
  kind: string;
  queue: string;
  priority: number;
  assignee: string | null;
  status: string;
  title: string;
  body: string;
  submission_id: string | null;
  contact_id: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
}

export interface EventTable {
  id: string;
  workspace_id: string;
  type: string;
  flow_id: string | null;
  version: number | null;
  send_id: string | null;
  screen: string | null;
  data: string | null;
  at: number;
}

export interface WebhookReceiptTable {
  workspace_id: string;
  dedupe_key: string;
  kind: string;
  received_at: number;
}

export interface GraphFlowLinkTable {
  workspace_id: string;
  flow_id: string;
  graph_flow_id: string;
  created_at: number;
}

export interface FlowHealthEventTable {
  id: string;
  workspace_id: string;
  flow_id: string | null;
  graph_flow_id: string;
  event: string;
  alert_state: string | null;
  new_status: string | null;
  message: string | null;
  details: string;
  at: number;
}

export interface SandboxMessageTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  message_id: string;
  direction: string;
  kind: string;
  send_id: string | null;
  body: string;
  at: number;
  /** Per-chat append order (null only on a row written before migration 0004). */
  seq: number | null;
}

export interface SandboxSessionTable {
  id: string;
  workspace_id: string;
  message_id: string;
  contact_id: string;
  send_id: string | null;
  flow_id: string;
  version: number;
  state: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface WhatsAppConnectionTable {
  workspace_id: string;
  waba_id: string;
  phone_number_id: string;
  graph_base_url: string;
  graph_api_version: string;
  access_token_sealed: string;
  app_secret_sealed: string | null;
  verify_token_sealed: string | null;
  key_status: string | null;
  key_checked_at: number | null;
  updated_at: number;
}

export interface MetaFlowTable {
  workspace_id: string;
  graph_flow_id: string;
  flow_id: string;
  name: string;
  status: string;
  version: number | null;
  validation_errors: string;
  health: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  /** When a newer version replaced it; deprecated on Meta once its sends are done (migration 0010). */
  retiring_at: number | null;
  /** The translated language whose build it carries; null for the Flow's source build (migration 0022). */
  language: string | null;
}

export interface FidelityFindingTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  version: number;
  graph_flow_id: string;
  kind: string;
  details: string;
  at: number;
}

export interface WhatsAppTemplateTable {
  workspace_id: string;
  name: string;
  language: string;
  graph_template_id: string;
  category: string;
  flow_id: string;
  graph_flow_id: string;
  status: string;
  reason: string | null;
  components: string;
  created_at: number;
  updated_at: number;
}

/** Rows written before connector secrets were sealed that may still hold plain secrets (migration 0005). */
export interface SecretSealingBacklogTable {
  table_name: 'routing_rules' | 'outbox_actions';
  row_id: string;
  workspace_id: string;
}

/** A workspace's review rules (migration 0013); no row = the defaults (review required, one approval). */
export interface GovernanceSettingsTable {
  workspace_id: string;
  review_required: number;
  approvals_required: number;
  approver_roles: string;
  updated_at: number;
  updated_by: string;
}

/** Where a Flow version stands in its review (migration 0013); no row = draft. */
export interface VersionReviewTable {
  workspace_id: string;
  flow_id: string;
  version: number;
  state: string;
  submitted_by: string | null;
  submitted_at: number | null;
  updated_at: number;
}

/** One step of a version's review: submit, approve, request_changes, comment, publish… (migration 0013). */
export interface VersionReviewEventTable {
  id: string;
  workspace_id: string;
  flow_id: string;
  version: number;
  kind: string;
  actor: string;
  role: string;
  body: string | null;
  details: string | null;
  at: number;
}

export interface CampaignTable {
  workspace_id: string;
  id: string;
  name: string;
  status: string;
  status_reason: string | null;
  channel: string;
  kind: string;
  definition: string;
  seed: string;
  messages_per_second: number;
  start_at: number | null;
  enqueued_at: number | null;
  finished_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface CampaignRecipientTable {
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  phone: string;
  arm: string;
  state: string;
  send_id: string | null;
  attempts: number;
  next_attempt_at: number;
  error_code: number | null;
  reason: string | null;
  state_at: number;
  sent_at: number | null;
}

/** One file of a submission (migration 0017): what it is and where the media store keeps it. */
export interface MediaTable {
  id: string;
  workspace_id: string;
  submission_id: string;
  contact_phone: string;
  field: string;
  item_index: number;
  media_id: string;
  file_name: string;
  mime_type: string;
  size: number | null;
  sha256: string | null;
  storage_key: string | null;
  status: string;
  error: string | null;
  created_at: number;
  updated_at: number;
}
