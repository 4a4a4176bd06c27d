import { createHash, timingSafeEqual } from 'node:crypto';
import {
  acknowledgeError,
  healthCheckResponse,
  invalidFlowTokenResponse,
  isErrorNotification,
  parseDataExchangeRequest,
  requiresFlowTokenSignature,
  type FlowRequest,
} from '@flowline/core';
import { encryptResponse, isProtocolError, PROTOCOL_ERROR_HTTP_STATUS, verifyFlowTokenSignature, verifySignature, type ProtocolErrorCode } from '@flowline/protocol';
import { createDataSources, type DataSources } from './sources/data-sources.js';
import type { EndpointSession } from './stores/session-store.js';
import { clipTraceText, emptyTraceFields, TRACE_TEXT_LIMITS, toDataKeys, type TraceOutcome, type TraceRecord } from './trace/trace-record.js';
import type { EndpointRequest, HandlerContext } from './define-endpoint.js';
import { dispatchHandler } from './dispatch-handler.js';
import { ENDPOINT_LIMITS } from './endpoint-limits.js';
import type { EndpointHttpResponse, EndpointRuntime } from './endpoint-runtime.js';
import type { FlowEntry } from './flow-catalog.js';

/** The header by which the studio's preview marks its requests (see isPreview). */
export const PREVIEW_HEADER = 'x-flowline-preview';

// Serialized once: every ping and error notification gets the same bytes.
const PING_REPLY = JSON.stringify(healthCheckResponse());
const ACK_REPLY = JSON.stringify(acknowledgeError());
const DEFAULT_EXPIRED_MESSAGE = 'This form has expired. Please ask us for a new one.';

type TraceFields = Partial<Omit<TraceRecord, 'at' | 'flowId' | 'latencyMs' | 'status' | 'outcome'>>;

/**
 * Answers one `POST /endpoint/{flowId}` (platform spec §1): signature (432), decryption (421),
 * malformed input (400), ping, error notifications, flow-token gate (427, encrypted error_msg),
 * and dispatch to the Flow's handlers with deadline, data-model check and fallback. Never throws;
 * every request is traced without tokens or personal data.
 */
export async function handleEndpointRequest(
  runtime: EndpointRuntime,
  flowId: string,
  rawBody: Buffer,
  signatureHeader: string | undefined,
  previewHeader?: string,
): Promise<EndpointHttpResponse> {
  // Hot path: no per-request closures; the trace record is one object literal (see docs/endpoint.md, performance).
  const started: Started = { at: performance.now(), preview: isPreview(runtime, previewHeader) };
  try {
    // An id longer than any Flow id cannot be one: no lookup, no refresh (ENDPOINT_LIMITS).
    let entry = flowId.length > ENDPOINT_LIMITS.flowIdLength ? undefined : runtime.flows.find(flowId);
    if (entry === undefined && flowId.length <= ENDPOINT_LIMITS.flowIdLength && runtime.flows.refresh !== undefined) {
      // A Flow created a moment ago (another process) is found on a miss; refreshes are rate-limited.
      await runtime.flows.refresh();
      entry = runtime.flows.find(flowId);
    }
    if (entry === undefined) return finish(runtime, flowId, started, 404, 'rejected', plain(404, 'unknown flow'), { errorCode: 'FLOWLINE_UNKNOWN_FLOW' });
    if (runtime.appSecrets.length > 0) {
      try {
        verifySignature(rawBody, signatureHeader, runtime.appSecrets);
      } catch (error) {
        return reject(runtime, flowId, started, error, 'ERR_SIGNATURE_INVALID', 'request signature check failed');
      }
    }
    let decrypted;
    try {
      // One pass: JSON body (400 when it is not an envelope), decoding and decryption (421), per the table.
      decrypted = await runtime.decryptor.decrypt(rawBody);
    } catch (error) {
      return reject(runtime, flowId, started, error, 'ERR_ENVELOPE_DECRYPT', 'request cannot be decrypted');
    }
    const { aesKey, iv } = decrypted;
    const parsed = parseDataExchangeRequest(decrypted.payload);
    if (!parsed.ok) {
      const status = PROTOCOL_ERROR_HTTP_STATUS[parsed.code];
      const message = parsed.code === 'ERR_FIELD_TOO_LARGE' ? `request too large: ${parsed.message}` : `malformed request: ${parsed.message}`;
      return finish(runtime, flowId, started, status, 'rejected', plain(status, message), { errorCode: parsed.code });
    }
    const request = parsed.request;
    if (request.action === 'ping') return finish(runtime, flowId, started, 200, 'ping', encrypted(200, PING_REPLY, aesKey, iv), { action: 'ping' });
    const flowToken = request.flow_token;
    const base: TraceFields = { action: request.action, screen: request.screen, tokenHash: hashToken(flowToken), dataKeys: toDataKeys(request.data), version: entry.version };
    if (isErrorNotification(request)) {
      const clientError = request.data.error;
      runtime.log('warn', 'endpoint.client_error', { flowId, screen: request.screen, error: clientError });
      return finish(runtime, flowId, started, 200, 'acknowledged', encrypted(200, ACK_REPLY, aesKey, iv), { ...base, clientError });
    }
    const gate = checkTokenSignature(runtime, entry, request) ?? (await admitToken(runtime, entry, flowToken));
    if (gate.kind === 'rejected') {
      const message = entry.endpoint.tokens?.expiredMessage ?? DEFAULT_EXPIRED_MESSAGE;
      return finish(runtime, flowId, started, 427, 'rejected', encrypted(427, JSON.stringify(invalidFlowTokenResponse(message)), aesKey, iv), { ...base, errorCode: gate.code });
    }
    // A session of another stored version (opened before a rollback or a new publish) keeps its own version's configuration.
    const own = gate.session.version;
    if (own !== undefined && entry.version !== undefined && own !== entry.version && runtime.flows.findVersion !== undefined) {
      const pinned = await runtime.flows.findVersion(flowId, own);
      if (pinned !== undefined) entry = pinned;
    }
    const result = await dispatch(runtime, entry, request, gate.session, started.preview);
    if (result.kind === 'failed') {
      runtime.log('error', 'endpoint.handler_failed', { flowId, action: request.action, reason: result.reason });
      if (gate.created) await runtime.sessions.save(gate.session);
      return finish(runtime, flowId, started, 500, 'failed', plain(500, 'the endpoint could not answer'), { ...base, sendId: gate.session.sendId, firstExchange: gate.created, handlerError: result.reason });
    }
    if (result.kind === 'fallback') {
      runtime.log('error', 'endpoint.fallback', { flowId, action: request.action, screen: request.screen, reason: result.reason });
    }
    await rememberData(runtime, gate, result.screen, result.data);
    const body = encrypted(200, JSON.stringify({ screen: result.screen, data: result.data }), aesKey, iv);
    const fallbackUsed = result.kind === 'fallback';
    return finish(runtime, flowId, started, 200, fallbackUsed ? 'fallback' : 'ok', body, {
      ...base,
      sendId: gate.session.sendId,
      firstExchange: gate.created,
      nextScreen: result.screen,
      fallbackUsed,
      handlerError: fallbackUsed ? result.reason : undefined,
    });
  } catch (error) {
    runtime.log('error', 'endpoint.unexpected', { flowId: clipTraceText(flowId, TRACE_TEXT_LIMITS.flowId), error: error instanceof Error ? error.name : typeof error });
    return finish(runtime, flowId, started, 500, 'failed', plain(500, 'internal error'), { errorCode: 'FLOWLINE_INTERNAL' });
  }
}

/** When a request started, and whether it is the studio's preview (see isPreview). */
interface Started {
  readonly at: number;
  readonly preview: boolean;
}

/**
 * A request is a preview (the studio's, or a CLI simulation's) when it carries the runtime's preview key
 * in `x-flowline-preview` (compared in constant time). It is answered by the same handlers and sources,
 * but kept out of the durable trace and without lasting effects: bookings go to the preview calendar.
 */
function isPreview(runtime: EndpointRuntime, header: string | undefined): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header);
  if (runtime.previewKey !== undefined && sameKey(given, runtime.previewKey)) return true;
  for (const key of runtime.otherPreviewKeys ?? []) if (sameKey(given, key)) return true;
  for (const key of runtime.simulationKeys ?? []) if (sameKey(given, key)) return true;
  return false;
}

function sameKey(given: Buffer, key: string): boolean {
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Records the request in the trace (one O(1) push into the sink's buffer) and returns its answer. */
function finish(runtime: EndpointRuntime, flowId: string, started: Started, status: number, outcome: TraceOutcome, response: EndpointHttpResponse, fields: TraceFields): EndpointHttpResponse {
  runtime.trace.record({
    at: runtime.now(),
    // The id as requested (an unknown one included), cut to the longest Flow id: never stored unbounded.
    flowId: clipTraceText(flowId, TRACE_TEXT_LIMITS.flowId),
    action: fields.action,
    screen: fields.screen,
    nextScreen: fields.nextScreen,
    status,
    latencyMs: performance.now() - started.at,
    outcome,
    errorCode: fields.errorCode,
    handlerError: fields.handlerError,
    fallbackUsed: fields.fallbackUsed ?? false,
    tokenHash: fields.tokenHash,
    dataKeys: fields.dataKeys ?? emptyTraceFields.dataKeys,
    clientError: fields.clientError,
    version: fields.version,
    sendId: fields.sendId,
    firstExchange: fields.firstExchange ?? false,
    preview: started.preview,
  });
  return response;
}

/** A protocol failure answered with the status of the protocol package's one table (421 with a generic message). */
function reject(runtime: EndpointRuntime, flowId: string, started: Started, error: unknown, fallbackCode: ProtocolErrorCode, genericMessage: string): EndpointHttpResponse {
  const code = isProtocolError(error) ? error.code : fallbackCode;
  const status = PROTOCOL_ERROR_HTTP_STATUS[code];
  // Messages of ProtocolError name fields, never values; a 421 or 432 says no more than it must.
  const message = status === 421 || status === 432 || !isProtocolError(error) ? genericMessage : error.message;
  return finish(runtime, flowId, started, status, 'rejected', plain(status, message), { errorCode: code });
}

function encrypted(status: number, json: string, aesKey: Buffer, iv: Buffer): EndpointHttpResponse {
  return { status, body: encryptResponse(json, aesKey, iv), contentType: 'text/plain' };
}

function dispatch(runtime: EndpointRuntime, entry: FlowEntry, request: FlowRequest, session: EndpointSession, preview: boolean) {
  // The handler's view of the request (camelCase flowToken, no signature).
  const handled: EndpointRequest = { action: request.action, screen: request.screen, data: request.data, flowToken: request.flow_token, version: request.version };
  return dispatchHandler(entry, handled, {
    timeoutMs: entry.endpoint.timeoutMs ?? runtime.handlerTimeoutMs,
    lastData: session.lastData,
    context: (signal) => new RequestContext(runtime, entry.id, signal, preview),
  });
}

/**
 * A handler's context, built on first use: the data sources, the clock reading and the deadline's
 * abort signal cost nothing for a handler that does not touch them (most declarative steps).
 * Each is made once per request and then kept, so a handler sees one `now` and one `sources`.
 */
class RequestContext implements HandlerContext {
  readonly #runtime: EndpointRuntime;
  readonly #signal: () => AbortSignal;
  #sources: DataSources | undefined;
  #now: Date | undefined;
  readonly flowId: string;
  readonly preview: boolean;

  constructor(runtime: EndpointRuntime, flowId: string, signal: () => AbortSignal, preview: boolean) {
    this.#runtime = runtime;
    this.#signal = signal;
    this.flowId = flowId;
    this.preview = preview;
  }

  get sources(): DataSources {
    this.#sources ??= createDataSources(this.#runtime.sources, this.#signal, this.preview);
    return this.#sources;
  }

  get now(): Date {
    this.#now ??= new Date(this.#runtime.now());
    return this.#now;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}

type Gate =
  | { readonly kind: 'admitted'; readonly session: EndpointSession; readonly created: boolean }
  | { readonly kind: 'rejected'; readonly code: string };

/**
 * Verifies a Data API 4.0 `flow_token_signature` (§1.4) when app secrets are configured: required
 * when the Flow declares Flow JSON ≥ 7.3 with data_api_version 4.0, checked whenever present.
 */
function checkTokenSignature(runtime: EndpointRuntime, entry: FlowEntry, request: FlowRequest): Gate | undefined {
  if (runtime.appSecrets.length === 0) return undefined;
  if (request.flow_token_signature === undefined) {
    return requiresTokenSignature(entry.flow) ? { kind: 'rejected', code: 'ERR_FLOW_TOKEN_SIGNATURE' } : undefined;
  }
  try {
    verifyFlowTokenSignature(request.flow_token_signature, runtime.appSecrets, { flowToken: request.flow_token, now: new Date(runtime.now()) });
    return undefined;
  } catch (error) {
    return { kind: 'rejected', code: isProtocolError(error) ? error.code : 'ERR_FLOW_TOKEN_SIGNATURE' };
  }
}

/** Per Flow JSON object (a version's, which never changes in place): whether it requires a token signature (core's requiresFlowTokenSignature, read once). */
const tokenSignatureRequired = new WeakMap<object, boolean>();

function requiresTokenSignature(flow: unknown): boolean {
  if (typeof flow !== 'object' || flow === null) return false;
  let required = tokenSignatureRequired.get(flow);
  if (required === undefined) {
    required = requiresFlowTokenSignature(flow);
    tokenSignatureRequired.set(flow, required);
  }
  return required;
}

/**
 * Applies the Flow's token policy: a token registered by a send is always admitted; `known` admits
 * nothing else, `open` any token (a session starts at first sight); expiry either way. A new session
 * is saved with the request's answer (rememberData), one write per request.
 */
async function admitToken(runtime: EndpointRuntime, entry: FlowEntry, flowToken: string): Promise<Gate> {
  const policy = entry.endpoint.tokens ?? { mode: 'open' };
  const now = runtime.now();
  const session = await runtime.sessions.find(entry.id, flowToken);
  if (session !== undefined) {
    return session.expiresAt !== undefined && session.expiresAt <= now ? { kind: 'rejected', code: 'FLOWLINE_TOKEN_EXPIRED' } : { kind: 'admitted', session, created: false };
  }
  const registration = await runtime.sessions.findRegistration(entry.id, flowToken);
  if (registration === undefined && policy.mode === 'known') return { kind: 'rejected', code: 'FLOWLINE_TOKEN_UNKNOWN' };
  const expiresAt = policy.ttlMs === undefined ? undefined : now + policy.ttlMs;
  const version = registration?.version ?? entry.version;
  const created: EndpointSession = { flowId: entry.id, flowToken, createdAt: now, expiresAt, lastData: {}, sendId: registration?.sendId, ...(version === undefined ? {} : { version }) };
  return { kind: 'admitted', session: created, created: true };
}

/** Saves the session when it is new or the data shown on a screen changed (the common repeat costs no write). */
async function rememberData(runtime: EndpointRuntime, gate: { session: EndpointSession; created: boolean }, screen: string, data: Readonly<Record<string, unknown>>): Promise<void> {
  const session = gate.session;
  if (screen === 'SUCCESS') {
    if (gate.created) await runtime.sessions.save(session);
    return;
  }
  const { error_message: _ignored, ...rest } = data;
  const previous = session.lastData[screen];
  if (!gate.created && previous !== undefined && sameJson(previous, rest)) return;
  await runtime.sessions.save({ ...session, lastData: { ...session.lastData, [screen]: rest } });
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && sameJson(recordA[key], recordB[key]));
}

const tokenHashes = new Map<string, string>();
const MAX_TOKEN_HASHES = 50_000;

/** A short SHA-256 of the token for the trace, memoised: a session's requests hash its token once. */
function hashToken(flowToken: string): string {
  let hash = tokenHashes.get(flowToken);
  if (hash === undefined) {
    hash = createHash('sha256').update(flowToken).digest('hex').slice(0, 16);
    if (tokenHashes.size >= MAX_TOKEN_HASHES) tokenHashes.clear();
    tokenHashes.set(flowToken, hash);
  }
  return hash;
}

function plain(status: number, message: string): EndpointHttpResponse {
  return { status, body: JSON.stringify({ error: message }), contentType: 'application/json' };
}
