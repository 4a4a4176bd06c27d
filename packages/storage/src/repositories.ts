import { createApiTokensRepository, type ApiTokensRepository } from './api-tokens-repository.js';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log-repository.js';
import { createCalendarRepository, type CalendarRepository } from './calendar-repository.js';
import { createEndpointSessionsRepository, type EndpointSessionsRepository } from './endpoint-sessions-repository.js';
import { createEndpointTracesRepository, type EndpointTracesRepository } from './endpoint-traces-repository.js';
import type { Backend, Executor } from './executor.js';
import { createFlowsRepository, type FlowsRepository } from './flows-repository.js';
import { createLookupTablesRepository, type LookupTablesRepository } from './lookup-tables-repository.js';
import { createWorkspacesRepository, type WorkspacesRepository } from './workspaces-repository.js';

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
}

/** Binds every repository to a database handle. */
export function createRepositories(db: Executor, backend: Backend): Repositories {
  return {
    workspaces: createWorkspacesRepository(db),
    apiTokens: createApiTokensRepository(db),
    flows: createFlowsRepository(db, backend),
    endpointSessions: createEndpointSessionsRepository(db),
    endpointTraces: createEndpointTracesRepository(db),
    lookupTables: createLookupTablesRepository(db),
    calendar: createCalendarRepository(db, backend),
    audit: createAuditLogRepository(db),
  };
}
