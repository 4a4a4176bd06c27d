import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decryptResponse, encryptRequest, inlineRequestDecryptor, signBody, type RequestDecryptor } from '@flowline/protocol';
import type { Hono } from 'hono';
import { createMemoryCalendarStore } from '../endpoint/calendar/calendar-store.js';
import type { CalendarResource } from '../endpoint/calendar/calendar-resource.js';
import { createEndpointRoutes } from '../endpoint/create-endpoint-routes.js';
import type { EndpointRuntime } from '../endpoint/endpoint-runtime.js';
import { createFlowCatalog, type FlowCatalog, type FlowEntry } from '../endpoint/flow-catalog.js';
import { silentLogger } from '../logging/logger.js';
import type { FetchJson } from '../endpoint/sources/fetch-json.js';
import { createMemoryLookupStore, type LookupRow } from '../endpoint/stores/lookup-store.js';
import { createMemorySessionStore, type MemorySessionStore } from '../endpoint/stores/session-store.js';
import { createMemoryTraceSink } from '../endpoint/trace/trace-record.js';

let cachedKeys: { publicKey: KeyObject; privateKey: KeyObject } | undefined;

/** One RSA-2048 key pair per test process (generation is slow). */
export function testKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  cachedKeys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return cachedKeys;
}

/** Options of a test endpoint. */
export interface HarnessOptions {
  readonly flows: readonly FlowEntry[];
  /** A catalog to serve instead of one over `flows` (e.g. the storage catalog). */
  readonly catalog?: FlowCatalog;
  readonly appSecret?: string;
  readonly privateKeys?: readonly KeyObject[];
  /** Decryptor to use instead of an inline one over `privateKeys` (e.g. one with crypto threads). */
  readonly decryptor?: RequestDecryptor;
  /** The runtime's preview key (requests carrying it in x-flowline-preview are the studio's previews). */
  readonly previewKey?: string;
  readonly resources?: readonly CalendarResource[];
  readonly lookups?: Readonly<Record<string, readonly LookupRow[]>>;
  readonly fetchJson?: FetchJson;
  readonly now?: () => number;
  readonly bodyLimitBytes?: number;
  readonly handlerTimeoutMs?: number;
}

/** An in-process endpoint with a client that encrypts like WhatsApp. */
export interface Harness {
  readonly app: Hono;
  readonly runtime: EndpointRuntime;
  /** The session store (register tokens as a send would). */
  readonly sessions: MemorySessionStore;
  /** Encrypts `payload`, posts it and decrypts a 200/427 answer. */
  send(flowId: string, payload: unknown, options?: { signWith?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown; text: string }>;
  /** Posts a raw body as is. */
  post(flowId: string, body: string, headers?: Record<string, string>): Promise<Response>;
}

/** Builds an in-process endpoint over memory stores with a generated key. */
export function createHarness(options: HarnessOptions): Harness {
  const keys = testKeyPair();
  const now = options.now ?? (() => Date.now());
  const sessions = createMemorySessionStore();
  const runtime: EndpointRuntime = {
    flows: options.catalog ?? createFlowCatalog(options.flows),
    decryptor: options.decryptor ?? inlineRequestDecryptor(options.privateKeys ?? [keys.privateKey]),
    ...(options.previewKey === undefined ? {} : { previewKey: options.previewKey }),
    appSecrets: options.appSecret === undefined ? [] : [options.appSecret],
    sessions,
    trace: createMemoryTraceSink(),
    sources: {
      lookups: createMemoryLookupStore(options.lookups ?? {}),
      calendar: createMemoryCalendarStore(options.resources ?? [], now),
      fetchJson: options.fetchJson ?? (() => Promise.reject(new Error('no outbound HTTP in tests'))),
      now: () => new Date(now()),
    },
    handlerTimeoutMs: options.handlerTimeoutMs ?? 1000,
    log: silentLogger,
    now,
  };
  const app = createEndpointRoutes(runtime, options.bodyLimitBytes ?? 256 * 1024);
  const post = (flowId: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    Promise.resolve(app.request(`/endpoint/${flowId}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }));
  return {
    app,
    runtime,
    sessions,
    post,
    async send(flowId, payload, sendOptions = {}) {
      const { envelope, aesKey, iv } = encryptRequest(payload, keys.publicKey);
      const body = JSON.stringify(envelope);
      const headers: Record<string, string> = { ...(sendOptions.headers ?? {}) };
      if (sendOptions.signWith !== undefined) headers['x-hub-signature-256'] = signBody(body, sendOptions.signWith);
      const response = await post(flowId, body, headers);
      const text = await response.text();
      const readable = response.status === 200 || response.status === 427;
      return { status: response.status, text, body: readable ? decryptResponse(text, aesKey, iv) : (JSON.parse(text) as unknown) };
    },
  };
}
