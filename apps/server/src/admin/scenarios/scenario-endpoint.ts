import { randomBytes } from 'node:crypto';
import type { EndpointClient } from '@flowline/core';
import { createEndpointClient, signFlowTokenSignature, simulationKey, type RequestDecryptor } from '@flowline/protocol';
import type { FlowVersion } from '@flowline/storage';
import type { EndpointRuntime } from '../../endpoint/endpoint-runtime.js';
import { createFlowCatalog } from '../../endpoint/flow-catalog.js';
import { handleEndpointRequest, PREVIEW_HEADER } from '../../endpoint/handle-endpoint-request.js';
import type { Logger } from '../../logging/logger.js';
import { toFlowEntry } from '../../endpoint/storage-flow-catalog.js';
import type { DataSourceDeps } from '../../endpoint/sources/data-sources.js';
import { createMemorySessionStore } from '../../endpoint/stores/session-store.js';
import { createMemoryTraceSink } from '../../endpoint/trace/trace-record.js';
import { createScenarioCalendar } from './scenario-calendar.js';

/** The endpoint one scenario run talks to, and how it signs a flow token (Data API 4.0). */
export interface ScenarioEndpoint {
  readonly endpoint: EndpointClient;
  readonly signFlowToken: (flowToken: string) => string;
}

/**
 * Gives a scenario run against one stored version its own data endpoint: that version's Flow JSON and
 * endpoint configuration, answered in process; undefined when the version's Flow JSON cannot be read.
 */
export type ScenarioEndpointPort = (workspaceId: string, version: FlowVersion, flowToken: string) => ScenarioEndpoint | undefined;

/** What the scenario endpoint shares with the server's endpoint: its keys, data sources and limits. */
export interface ScenarioEndpointDeps {
  /** Decrypts with the endpoint's private keys (the server's decryptor). */
  readonly decryptor: RequestDecryptor;
  /** The endpoint's current public key (read at each request: a key rotation changes it). */
  readonly publicKeyPem: () => string;
  /** The data sources of a workspace (its lookup tables and calendar: a run reads its own workspace's). */
  readonly sources: (workspaceId: string) => DataSourceDeps;
  readonly handlerTimeoutMs: number;
  readonly log: Logger;
  /** The clock, in epoch milliseconds. */
  readonly now: () => number;
}

/** Marks the sessions a scenario run registers (it is not a send). */
const SCENARIO_SEND = 'scenario';

/**
 * Creates the data endpoint of scenario runs (docs/governance.md). Each run gets a runtime of its own around
 * the server's handlers: a catalog holding only the version under test (not the version customers are served),
 * sessions in memory (the run's flow token registered, so a `known` token policy admits it), a trace in memory,
 * a calendar whose bookings stay in the run's memory (createScenarioCalendar), and a fresh app secret of its
 * own. Requests go through `handleEndpointRequest` exactly as WhatsApp's would: encrypted with the endpoint's
 * public key, signed, and marked as a simulation, so the handlers run in preview mode. The same lookup tables,
 * slots and HTTP GETs are read; nothing is written: no booking, no session, no trace, no event, no submission.
 */
export function createScenarioEndpoint(deps: ScenarioEndpointDeps): ScenarioEndpointPort {
  return (workspaceId, version, flowToken) => {
    const flowId = version.flowId;
    const entry = toFlowEntry(flowId, version, deps.log);
    if (entry === undefined) return undefined;
    // The run's own secret: its requests are signed and marked as a simulation, and no one else's can be.
    const appSecret = randomBytes(32).toString('base64url');
    const sources = deps.sources(workspaceId);
    const sessions = createMemorySessionStore(64);
    sessions.register(flowId, flowToken, SCENARIO_SEND, version.number);
    const runtime: EndpointRuntime = {
      flows: createFlowCatalog([entry]),
      decryptor: deps.decryptor,
      simulationKeys: [simulationKey(appSecret)],
      appSecrets: [appSecret],
      sessions,
      trace: createMemoryTraceSink(256),
      sources: { ...sources, calendar: createScenarioCalendar(sources.calendar) },
      handlerTimeoutMs: deps.handlerTimeoutMs,
      log: deps.log,
      now: deps.now,
    };
    const inProcess = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === 'string' ? init.body : '';
      const answer = await handleEndpointRequest(runtime, flowId, Buffer.from(body), headers.get('x-hub-signature-256') ?? undefined, headers.get(PREVIEW_HEADER) ?? undefined);
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType } });
    };
    return {
      endpoint: createEndpointClient({ url: `flowline:scenario/${encodeURIComponent(flowId)}`, publicKeyPem: deps.publicKeyPem, appSecret, fetch: inProcess, retryDelayMs: 0 }),
      signFlowToken: (token) => signFlowTokenSignature(token, appSecret, { now: new Date(deps.now()) }),
    };
  };
}
