import { createApiTokensRepository, type ApiTokensRepository } from './api-tokens-repository.js';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log-repository.js';
import { createCalendarRepository, type CalendarRepository } from './calendar-repository.js';
import { createEndpointSessionsRepository, type EndpointSessionsRepository } from './endpoint-sessions-repository.js';
import { createEndpointTracesRepository, type EndpointTracesRepository } from './endpoint-traces-repository.js';
import type { Backend, Executor } from '../dialect/executor.js';
import { createFlowsRepository, type FlowsRepository } from './flows-repository.js';
import { createLookupTablesRepository, type LookupTablesRepository } from './lookup-tables-repository.js';
import { createWorkspacesRepository, type WorkspacesRepository } from './workspaces-repository.js';
import { createContactsRepository, type ContactsRepository } from './contacts-repository.js';
import { createSendsRepository, type SendsRepository } from './sends-repository.js';
import { createSubmissionsRepository, type SubmissionsRepository } from './submissions-repository.js';
import { createRoutingRulesRepository, type RoutingRulesRepository } from './routing-rules-repository.js';
import { createOutboxRepository, type OutboxRepository } from './outbox-repository.js';
import { createInboxRepository, type InboxRepository } from './inbox-repository.js';
import { createEventsRepository, type EventsRepository } from './events-repository.js';
import { createChannelsRepository, type ChannelsRepository } from './channels-repository.js';
import { createSandboxRepository, type SandboxRepository } from './sandbox-repository.js';
import { createWhatsAppRepository, type WhatsAppRepository } from './whatsapp-repository.js';
import { createSecretSealingRepository, type SecretSealingRepository } from './secret-sealing-repository.js';
import { createGovernanceRepository, type GovernanceRepository } from './governance-repository.js';
import { createAudiencesRepository, type AudiencesRepository } from './audiences-repository.js';
import { createCampaignsRepository, type CampaignsRepository } from './campaigns-repository.js';
import { createConversationsRepository, type ConversationsRepository } from './conversations-repository.js';
import { createMediaRepository, type MediaRepository } from './media-repository.js';
import { createErasureRepository, type ErasureRepository } from './erasure-repository.js';
import { createScenariosRepository, type ScenariosRepository } from './scenarios-repository.js';
import { createTranslationsRepository, type TranslationsRepository } from './translations-repository.js';

/** Every repository, bound to one database handle (the pool or a transaction). */
export interface Repositories {
  workspaces: WorkspacesRepository;
  apiTokens: ApiTokensRepository;
  flows: FlowsRepository;
  endpointSessions: EndpointSessionsRepository;
  endpointTraces: EndpointTracesRepository;
  lookupTables: LookupTablesRepository;
  calendar: CalendarRepository;
  audit: AuditLogRepository;
  contacts: ContactsRepository;
  /** Conversations (owner, state), their messages and quick replies. */
  conversations: ConversationsRepository;
  sends: SendsRepository;
  submissions: SubmissionsRepository;
  /** Writes a submission with its outbox actions and events in one transaction (same as `submissions.record`). */
  recordSubmission: SubmissionsRepository['record'];
  routingRules: RoutingRulesRepository;
  outbox: OutboxRepository;
  inbox: InboxRepository;
  events: EventsRepository;
  channels: ChannelsRepository;
  sandbox: SandboxRepository;
  whatsapp: WhatsAppRepository;
  /** Rows that may still hold plain connector secrets (migration 0005), sealed by the server at start. */
  secretSealing: SecretSealingRepository;
  /** Review settings, version reviews and their steps (docs/governance.md). */
  governance: GovernanceRepository;
  /** Contact import with opt-in, and what campaign segments select from. */
  audiences: AudiencesRepository;
  /** Campaigns and their recipients (the idempotency record of each send). */
  campaigns: CampaignsRepository;
  /** The files of submissions (PhotoPicker/DocumentPicker) and where the media store keeps them. */
  media: MediaRepository;
  /** Erasure of a contact on request: one transaction over every table that holds their data (docs/privacy.md). */
  erasure: ErasureRepository;
  /** A Flow's languages and its versions' translations (docs/localization.md). */
  translations: TranslationsRepository;
  /** A Flow's scenario tests, run in its reviews (docs/governance.md). */
  scenarios: ScenariosRepository;
}

/** Binds every repository to a database handle. */
export function createRepositories(db: Executor, backend: Backend): Repositories {
  const submissions = createSubmissionsRepository(db);
  return {
    workspaces: createWorkspacesRepository(db),
    apiTokens: createApiTokensRepository(db),
    flows: createFlowsRepository(db, backend),
    endpointSessions: createEndpointSessionsRepository(db),
    endpointTraces: createEndpointTracesRepository(db),
    lookupTables: createLookupTablesRepository(db),
    calendar: createCalendarRepository(db, backend),
    audit: createAuditLogRepository(db),
    contacts: createContactsRepository(db),
    conversations: createConversationsRepository(db),
    sends: createSendsRepository(db),
    submissions,
    recordSubmission: (input) => submissions.record(input),
    routingRules: createRoutingRulesRepository(db),
    outbox: createOutboxRepository(db, backend),
    inbox: createInboxRepository(db),
    events: createEventsRepository(db),
    channels: createChannelsRepository(db),
    sandbox: createSandboxRepository(db),
    whatsapp: createWhatsAppRepository(db),
    secretSealing: createSecretSealingRepository(db),
    governance: createGovernanceRepository(db, backend),
    audiences: createAudiencesRepository(db),
    campaigns: createCampaignsRepository(db, backend),
    media: createMediaRepository(db),
    erasure: createErasureRepository(db),
    translations: createTranslationsRepository(db),
    scenarios: createScenariosRepository(db),
  };
}
