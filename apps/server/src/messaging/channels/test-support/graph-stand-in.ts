import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJsonObject, type JsonObject, validateFlow, type ValidationResult } from '@flowline/core';

type Problem = ValidationResult['errors'][number];
import { signBody } from '@flowline/protocol';
import { createMediaDesk, MEDIA_DOWNLOAD_PATH, type MediaDesk } from './graph-stand-in-media.js';
import { createMessageDesk, newMessageId, type MessageDesk } from './graph-stand-in-messages.js';

/** One request the stand-in received. */
export interface RecordedGraphRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** JSON bodies parsed; form bodies as an object of their fields; multipart and other text raw. */
  readonly body: unknown;
}

/** A canned failure for the next requests: HTTP status and Graph error body, or a dropped connection. */
export interface GraphFailureReply {
  readonly status: number;
  readonly body: unknown;
  /** Close the connection without answering (a network failure; status and body are not sent). */
  readonly drop?: boolean;
  /** Meta did the work but its answer was lost: the request takes effect, then this failure is answered. */
  readonly afterEffect?: boolean;
  /** Only a request whose path matches takes this failure (default: the next request, whatever it is). */
  readonly path?: RegExp;
}

/** A Flow as the stand-in keeps it (Meta's fields). */
export interface StandInFlow {
  readonly id: string;
  name: string;
  categories: string[];
  status: 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'THROTTLED' | 'BLOCKED';
  endpointUri: string | undefined;
  flowJson: string | undefined;
  validationErrors: Record<string, unknown>[];
}

/** Options of the stand-in; without `accessToken` any bearer token is accepted (the send tests need no more). */
export interface GraphStandInOptions {
  readonly accessToken?: string;
  readonly wabaId?: string;
  readonly phoneNumberId?: string;
  /** Where `flows` webhooks (status changes) are posted, signed with `appSecret`. */
  readonly webhookUrl?: string;
  readonly appSecret?: string;
  /** The most items a list answers per page (`GET /{waba-id}/flows`); Meta pages long lists the same way. */
  readonly pageSize?: number;
}

/** A loopback stand-in for the Graph API: the Flows API, key registration, `POST /{phone}/messages` and media, with Meta's shapes. */
export interface GraphStandIn {
  /** e.g. `http://127.0.0.1:PORT` — use as the Graph base URL. */
  readonly baseUrl: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly requests: RecordedGraphRequest[];
  readonly flows: ReadonlyMap<string, StandInFlow>;
  /** The `business_public_key` registered for the phone number. */
  readonly publicKey: () => string | undefined;
  /** Its `business_public_key_signature_status`: VALID once uploaded, MISMATCH after `reregisterPhoneNumber` (undefined: no key). */
  readonly keySignatureStatus: () => 'VALID' | 'MISMATCH' | undefined;
  /**
   * The phone number is registered again on Meta (Cloud API `POST /{phone-number-id}/register`, or in WhatsApp
   * Manager): the key stays listed but its signature no longer matches (MISMATCH) until it is uploaded again
   * (platform spec §1.10: re-upload required after re-registering the number).
   */
  reregisterPhoneNumber(): void;
  /** Makes the next request(s) fail with this reply (a queue, first in first out). */
  failNext(reply: GraphFailureReply): void;
  /** Makes Meta's validator report this error too on the next flow.json upload (a disagreement with Flowline's). */
  addValidationErrorNext(error: Record<string, unknown>): void;
  /** Revokes the access token: every later call answers code 190. */
  expireToken(): void;
  /** Sets where status-change webhooks go (once the server under test listens). */
  setWebhookUrl(url: string): void;
  /** What Meta's monitoring does (THROTTLED, BLOCKED, back to PUBLISHED); delivers the FLOW_STATUS_CHANGE webhook. */
  setFlowStatus(flowId: string, status: StandInFlow['status']): Promise<void>;
  /** Meta's template review (APPROVED, REJECTED, PAUSED…): sets it and delivers the signed `message_template_status_update` webhook. */
  setTemplateStatus(templateId: string, status: string, reason?: string): Promise<void>;
  /** Changes a Flow's flow.json on Meta's side (an edit in Meta's builder), without Flowline. */
  editFlowJson(flowId: string, flowJson: string): void;
  /** Adds a Flow made in Meta's builder (not through Flowline), with its flow.json. */
  addFlow(flow: { name: string; flowJson: string; status?: StandInFlow['status']; categories?: string[] }): StandInFlow;
  readonly templates: ReadonlyMap<string, Record<string, unknown>>;
  /** Messages sent through the stand-in: counts per recipient, throughput limits, 130429 stretches, status webhooks. */
  readonly messages: MessageDesk;
  /** Customers' files as Meta keeps them: `GET /{media-id}` and the download URLs it hands out (the bearer token required). */
  readonly media: MediaDesk;
  /** Waits for every webhook delivery started so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const CATEGORIES = new Set(['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER']);
const SCHEMA_CODES = new Set(['INVALID_PROPERTY_KEY', 'INVALID_PROPERTY_VALUE', 'INVALID_PROPERTY_TYPE', 'REQUIRED_PROPERTY_MISSING', 'INVALID_PROPERTY']);

function graphError(message: string, code: number, extra: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  return { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: `A${randomBytes(8).toString('hex')}` } };
}

/** Flowline's validator's errors in Meta's validation error shape (platform spec §3.4); Flowline-only checks are left out. */
export function toMetaValidationErrors(problems: readonly Problem[]): Record<string, unknown>[] {
  return problems
    .filter((p) => !p.code.startsWith('FLOWLINE_'))
    .map((p) => ({
      error: p.code,
      error_type: SCHEMA_CODES.has(p.code) ? 'JSON_SCHEMA_ERROR' : 'FLOW_JSON_ERROR',
      message: p.message,
      line_start: p.line, line_end: p.line, column_start: p.column, column_end: p.column,
      pointers: [{ line_start: p.line, line_end: p.line, column_start: p.column, column_end: p.column, path: p.pointer }],
    }));
}

function parseBody(headers: IncomingHttpHeaders, text: string): unknown {
  const type = headers['content-type'] ?? '';
  if (text === '') return undefined;
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // multipart or raw: the test sees what was sent
  }
}

/** Meta's code 100 "invalid endpoint URI" (platform spec §3.6) for what is not an absolute http(s) URL. */
function endpointUriRefusal(uri: string): { error: Record<string, unknown> } | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  } catch {
    // not a URL
  }
  return graphError(`(#100) Invalid endpoint URI: ${uri}`, 100);
}

/** A Flow JSON's top level, or undefined when it is not a JSON object. */
function topLevel(flowJson: string | undefined): JsonObject | undefined {
  try {
    const doc = JSON.parse(flowJson ?? '') as unknown;
    return isJsonObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the Flow JSON declares `data_api_version`: it uses the data endpoint (platform spec §1.1 Linking). */
function declaresDataApi(flowJson: string | undefined): boolean {
  return typeof topLevel(flowJson)?.['data_api_version'] === 'string';
}

/** Whether the Flow JSON's version is below 3.0 (Meta refuses an endpoint_uri for it, platform spec §3.1). */
function jsonVersionBelow3(flowJson: string | undefined): boolean {
  const version = topLevel(flowJson)?.['version'];
  return typeof version === 'string' && Number(version.split('.')[0]) < 3;
}

/** The parts of a multipart/form-data body by name. */
function multipartFields(contentType: string, text: string): Map<string, string> {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1]?.replace(/^"|"$/g, '');
  const fields = new Map<string, string>();
  if (boundary === undefined) return fields;
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields.set(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

/** Starts the stand-in on a free loopback port. */
export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const wabaId = options.wabaId ?? '102290129340398';
  const phoneNumberId = options.phoneNumberId ?? '106540352242922';
  const requests: RecordedGraphRequest[] = [];
  const failures: GraphFailureReply[] = [];
  const extraErrors: Record<string, unknown>[] = [];
  const flows = new Map<string, StandInFlow>();
  const templates = new Map<string, Record<string, unknown>>();
  const deliveries = new Set<Promise<unknown>>();
  let publicKey: string | undefined;
  // Meta signs the key on upload (platform spec §1.10); re-registering the number leaves the signature stale.
  let keySignature: 'VALID' | 'MISMATCH' = 'VALID';
  let tokenRevoked = false;
  let webhookUrl = options.webhookUrl;
  let nextId = 7_000_000_000_000_000;
  let baseUrl = '';
  const pageSize = options.pageSize ?? 100;

  const deliverStatusChange = (flow: StandInFlow, oldStatus: string | undefined): Promise<void> => {
    const value = { event: 'FLOW_STATUS_CHANGE', message: `Flow ${flow.name} changed status from ${oldStatus ?? 'none'} to ${flow.status}`, flow_id: flow.id, ...(oldStatus === undefined ? {} : { old_status: oldStatus }), new_status: flow.status };
    return deliver('flows', value);
  };
  /** Posts one change of a field to the webhook URL, signed with the app secret like Meta's deliveries. */
  const deliver = (field: string, value: Record<string, unknown>): Promise<void> => deliverTaken(field, value).then(() => undefined);
  /** Posts one change and says whether the server answered 2xx (status webhooks are retried until it does). */
  const deliverTaken = (field: string, value: Record<string, unknown>): Promise<boolean> => {
    if (webhookUrl === undefined) return Promise.resolve(false);
    const payload = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: wabaId, time: Math.floor(Date.now() / 1000), changes: [{ value, field }] }] });
    const url = webhookUrl;
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(payload, options.appSecret) }) },
      body: payload,
    }).then(async (response) => {
      await response.arrayBuffer();
      return response.ok;
    }, () => false);
    const tracked = delivery.finally(() => deliveries.delete(tracked));
    deliveries.add(tracked);
    return tracked;
  };
  const messages = createMessageDesk({ phoneNumberId, deliver: deliverTaken, graphError });
  const media = createMediaDesk({ phoneNumberId, newId: () => String(nextId++), baseUrl: () => baseUrl, graphError });
  const changeStatus = (flow: StandInFlow, status: StandInFlow['status']): Promise<void> => {
    const old = flow.status;
    flow.status = status;
    return deliverStatusChange(flow, old);
  };

  const flowFields = (flow: StandInFlow, fields: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = { id: flow.id };
    for (const f of fields) {
      if (f === 'name') out['name'] = flow.name;
      else if (f === 'categories') out['categories'] = flow.categories;
      else if (f === 'status') out['status'] = flow.status;
      else if (f === 'validation_errors') out['validation_errors'] = flow.validationErrors;
      else if (f === 'endpoint_uri' || f === 'data_channel_uri') {
        if (flow.endpointUri !== undefined) out[f] = flow.endpointUri;
      } else if (f === 'json_version' || f === 'data_api_version') {
        try {
          const doc = JSON.parse(flow.flowJson ?? '{}') as Record<string, unknown>;
          const v = doc[f === 'json_version' ? 'version' : 'data_api_version'];
          if (typeof v === 'string') out[f] = v;
        } catch {
          // no version to show
        }
      } else if (f === 'whatsapp_business_account') {
        out[f] = { id: wabaId, name: 'Stand-in WABA', timezone_id: '54', business_type: 'ent', message_template_namespace: 'namespace-1' };
      } else if (f === 'application') {
        out[f] = { link: 'https://www.facebook.com/games/?app_id=1', name: 'Flowline stand-in app', id: '1' };
      } else if (f.startsWith('preview')) {
        out['preview'] = { preview_url: `https://business.facebook.com/wa/manage/flows/${flow.id}/preview/?token=${randomBytes(8).toString('hex')}`, expires_at: '2026-12-31T11:18:09+0000' };
      } else if (f.startsWith('health_status')) {
        const flowState = flow.status === 'THROTTLED' ? 'LIMITED' : flow.status === 'BLOCKED' || flow.status === 'DEPRECATED' ? 'BLOCKED' : 'AVAILABLE';
        const keyProblem = flow.endpointUri === undefined ? undefined : publicKey === undefined
          ? { error_code: 131000, error_description: 'Public key is not set for the phone number', possible_solution: 'Upload the business public key' }
          : keySignature === 'MISMATCH' ? { error_code: 131000, error_description: 'Public key signature verification failed for the phone number', possible_solution: 'Upload the business public key again' } : undefined;
        out['health_status'] = {
          can_send_message: keyProblem !== undefined ? 'BLOCKED' : flowState,
          entities: [
            { entity_type: 'FLOW', id: flow.id, can_send_message: flowState },
            { entity_type: 'WABA', id: wabaId, can_send_message: 'AVAILABLE' },
            keyProblem !== undefined
              ? { entity_type: 'PHONE_NUMBER', id: phoneNumberId, can_send_message: 'BLOCKED', errors: [keyProblem] }
              : { entity_type: 'PHONE_NUMBER', id: phoneNumberId, can_send_message: 'AVAILABLE' },
          ],
        };
      }
    }
    return out;
  };

  const route = (method: string, url: URL, headers: IncomingHttpHeaders, text: string, body: unknown): { status: number; body: unknown } => {
    const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const [, id, edge] = segments; // [version, id, edge?]
    const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const fields = (url.searchParams.get('fields') ?? '').split(',').filter((f) => f !== '');
    const flow = id === undefined ? undefined : flows.get(id);
    // Retrieve Media URL; an unknown media id gets Graph's unknown-object error below, like any unknown id.
    if (method === 'GET' && edge === undefined && id !== undefined && media.has(id)) return media.resolve(id, url);
    if (method === 'POST' && edge === 'messages') {
      const to = typeof form['to'] === 'string' ? form['to'] : '';
      const params = (form['interactive'] as { action?: { parameters?: { flow_id?: string } } } | undefined)?.action?.parameters;
      const target = params?.flow_id === undefined ? undefined : flows.get(params.flow_id);
      if (target?.status === 'BLOCKED') return { status: 400, body: graphError('Flow is blocked', 132068) };
      if (target?.status === 'DEPRECATED') return { status: 400, body: graphError('Flow is deprecated and cannot be sent', 132001) };
      const refusal = messages.receive(form);
      if (refusal !== undefined) return refusal;
      const messageId = newMessageId();
      messages.accept(form, messageId);
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id: messageId }] } };
    }
    if (id === wabaId && edge === undefined && method === 'GET') return { status: 200, body: { id: wabaId, name: 'Stand-in WABA', timezone_id: '54', business_type: 'ent', message_template_namespace: 'namespace-1' } };
    if (id === wabaId && edge === 'phone_numbers' && method === 'GET') {
      return { status: 200, body: { data: [{ verified_name: 'Flowline Stand-in', display_phone_number: '+1 555-0100', id: phoneNumberId, quality_rating: 'GREEN' }], paging: { cursors: { before: 'QVFI', after: 'QVFJ' } } } };
    }
    if (id === phoneNumberId && edge === undefined && method === 'GET') return { status: 200, body: { id: phoneNumberId, display_phone_number: '+1 555-0100', verified_name: 'Flowline Stand-in' } };
    if (id === phoneNumberId && edge === 'whatsapp_business_encryption') {
      if (method === 'POST') {
        const key = form['business_public_key'];
        if (typeof key !== 'string' || !key.includes('BEGIN PUBLIC KEY')) return { status: 400, body: graphError('(#100) The parameter business_public_key is required and must be a PEM public key', 100) };
        publicKey = key;
        keySignature = 'VALID';
        return { status: 200, body: { success: true } };
      }
      return { status: 200, body: { data: publicKey === undefined ? [] : [{ business_public_key: publicKey, business_public_key_signature_status: keySignature }] } };
    }
    if (id === wabaId && edge === 'flows' && method === 'POST') {
      const name = form['name'];
      let categories: unknown;
      try {
        categories = JSON.parse(typeof form['categories'] === 'string' ? form['categories'] : '');
      } catch {
        categories = undefined;
      }
      if (typeof name !== 'string' || name === '') return { status: 400, body: graphError('(#100) The parameter name is required', 100) };
      if (!Array.isArray(categories) || categories.length === 0 || !categories.every((c) => typeof c === 'string' && CATEGORIES.has(c))) {
        return { status: 400, body: graphError('(#100) Param categories must be a non-empty list of Flow categories', 100) };
      }
      if ([...flows.values()].some((f) => f.name === name)) {
        return { status: 400, body: graphError('Invalid parameter', 100, { error_subcode: 4016019, is_transient: false, error_user_title: 'Flow name is not unique', error_user_msg: 'The Flow name is already used by another Flow on this WhatsApp Business Account; please choose a unique name.' }) };
      }
      const endpointUri = typeof form['endpoint_uri'] === 'string' ? form['endpoint_uri'] : undefined;
      const badUri = endpointUri === undefined ? undefined : endpointUriRefusal(endpointUri);
      if (badUri !== undefined) return { status: 400, body: badUri };
      const created: StandInFlow = { id: String(nextId++), name, categories: categories as string[], status: 'DRAFT', endpointUri, flowJson: undefined, validationErrors: [] };
      flows.set(created.id, created);
      void deliverStatusChange(created, undefined);
      return { status: 200, body: { id: created.id, success: true, validation_errors: [] } };
    }
    if (id === wabaId && edge === 'message_templates') {
      if (method === 'POST') {
        const name = form['name'];
        const language = form['language'];
        const components = form['components'];
        if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) return { status: 400, body: graphError('(#100) Param name must be lower-case letters, digits and underscores', 100) };
        if (typeof language !== 'string' || typeof form['category'] !== 'string' || !Array.isArray(components)) return { status: 400, body: graphError('(#100) language, category and components are required', 100) };
        if ([...templates.values()].some((t) => t['name'] === name && t['language'] === language)) {
          return { status: 400, body: graphError('Invalid parameter', 100, { error_subcode: 2388024, error_user_title: 'Message template already exists', error_user_msg: `There is already ${language} content for this template. You can create a new template and try again.` }) };
        }
        const buttons = components.flatMap((c: { type?: string; buttons?: { type?: string; flow_id?: string }[] }) => (c.type?.toUpperCase() === 'BUTTONS' ? c.buttons ?? [] : []));
        for (const b of buttons.filter((b) => b.type === 'FLOW')) {
          if (b.flow_id === undefined || !flows.has(b.flow_id)) return { status: 400, body: graphError(`(#100) The Flow ${b.flow_id ?? ''} of the FLOW button does not exist on this WABA`, 100) };
        }
        const templateId = String(nextId++);
        templates.set(templateId, { id: templateId, name, language, status: 'PENDING', category: form['category'], components });
        return { status: 200, body: { id: templateId, status: 'PENDING', category: form['category'] } };
      }
      if (method === 'GET') return { status: 200, body: { data: [...templates.values()], paging: { cursors: { before: 'QVFI', after: 'QVFJ' } } } };
      if (method === 'DELETE') {
        const name = url.searchParams.get('name');
        const matching = [...templates.values()].filter((t) => t['name'] === name);
        if (matching.length === 0) return { status: 400, body: graphError(`(#100) Message template "${name ?? ''}" not found`, 100, { error_subcode: 2593002 }) };
        for (const t of matching) templates.delete(String(t['id']));
        return { status: 200, body: { success: true } };
      }
    }
    if (id === wabaId && edge === 'flows' && method === 'GET') {
      // Cursor paging as Meta's: cursors are opaque (here the base64 of an offset); `next` only when more follow.
      const limit = Math.min(Number(url.searchParams.get('limit') ?? '25') || 25, pageSize);
      const after = url.searchParams.get('after');
      const start = after === null ? 0 : Number(Buffer.from(after, 'base64').toString('utf8')) || 0;
      const all = [...flows.values()];
      const data = all.slice(start, start + limit).map((f) => flowFields(f, ['name', 'status', 'categories', 'validation_errors']));
      const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
      const more = start + limit < all.length;
      const paging = { cursors: { before: cursor(start), after: cursor(start + data.length) }, ...(more ? { next: `${baseUrl}${url.pathname}?limit=${limit}&after=${cursor(start + data.length)}` } : {}) };
      return { status: 200, body: { data, paging } };
    }
    if (flow === undefined) {
      return { status: 400, body: graphError(`Unsupported ${method.toLowerCase()} request. Object with ID '${id ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, { error_subcode: 33 }) };
    }
    if (method === 'POST' && edge === 'assets') {
      if (flow.status !== 'DRAFT') return { status: 400, body: graphError('Flow can\'t be updated: a published Flow cannot be modified; clone it into a new Flow', 139001, { error_subcode: 4016012 }) };
      const parts = multipartFields(headers['content-type'] ?? '', text);
      const file = parts.get('file');
      if (file === undefined || parts.get('asset_type') !== 'FLOW_JSON' || parts.get('name') !== 'flow.json') {
        return { status: 400, body: graphError('(#100) file, name=flow.json and asset_type=FLOW_JSON are required', 100) };
      }
      flow.flowJson = file;
      flow.validationErrors = [...toMetaValidationErrors(validateFlow(file).errors), ...extraErrors.splice(0)];
      return { status: 200, body: { success: true, validation_errors: flow.validationErrors } };
    }
    if (method === 'POST' && edge === undefined) {
      // Update metadata: name, categories, endpoint_uri, application_id (platform spec §3.1). Every field is
      // checked before any is applied: a refused update changes nothing.
      if (flow.status !== 'DRAFT') return { status: 400, body: graphError('Flow can\'t be updated: a published Flow cannot be modified; clone it into a new Flow', 139001, { error_subcode: 4016012 }) };
      const name = typeof form['name'] === 'string' ? form['name'] : undefined;
      if (name !== undefined && (name === '' || [...flows.values()].some((f) => f !== flow && f.name === name))) {
        return { status: 400, body: name === '' ? graphError('(#100) Param name must be a non-empty string', 100) : graphError('Invalid parameter', 100, { error_subcode: 4016019, error_user_title: 'Flow name is not unique' }) };
      }
      let categories: string[] | undefined;
      if (typeof form['categories'] === 'string') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(form['categories']) as unknown;
        } catch {
          return { status: 400, body: graphError('(#100) Param categories must be a JSON array', 100) };
        }
        if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((c) => typeof c === 'string' && CATEGORIES.has(c))) return { status: 400, body: graphError('(#100) Param categories must be a non-empty list of Flow categories', 100) };
        categories = parsed as string[];
      }
      const endpointUri = typeof form['endpoint_uri'] === 'string' ? form['endpoint_uri'] : undefined;
      if (endpointUri !== undefined) {
        const refusal = endpointUriRefusal(endpointUri) ?? (jsonVersionBelow3(flow.flowJson) ? graphError('(#100) endpoint_uri can only be set for a Flow whose Flow JSON version is 3.0 or later', 100) : undefined);
        if (refusal !== undefined) return { status: 400, body: refusal };
      }
      if (name === undefined && categories === undefined && endpointUri === undefined && typeof form['application_id'] !== 'string') {
        return { status: 400, body: graphError('(#100) At least one of name, categories, endpoint_uri or application_id is required', 100) };
      }
      if (name !== undefined) flow.name = name;
      if (categories !== undefined) flow.categories = categories;
      if (endpointUri !== undefined) flow.endpointUri = endpointUri;
      return { status: 200, body: { success: true } };
    }
    if (method === 'POST' && edge === 'publish') {
      if (flow.status !== 'DRAFT') return { status: 400, body: graphError('Flow can\'t be published: it is not a draft', 139002) };
      if (flow.flowJson === undefined || flow.validationErrors.length > 0) return { status: 400, body: graphError('Flow can\'t be published: the Flow JSON has validation errors', 139002) };
      // Publishing checks (platform spec §2.3, §3.6 139002): a Flow that uses the data endpoint needs its endpoint_uri, and an endpoint needs a validly signed key.
      if (declaresDataApi(flow.flowJson) && flow.endpointUri === undefined) return { status: 400, body: graphError('Flow can\'t be published: the Flow uses a data endpoint (data_api_version) but has no endpoint_uri; set it on the Flow first', 139002) };
      if (flow.endpointUri !== undefined && publicKey === undefined) return { status: 400, body: graphError('Flow can\'t be published: no signed public key is uploaded for a phone number of the WABA', 139002) };
      if (flow.endpointUri !== undefined && keySignature === 'MISMATCH') return { status: 400, body: graphError('Flow can\'t be published: the signature of the phone number\'s public key does not match (MISMATCH); upload the business public key again', 139002) };
      void changeStatus(flow, 'PUBLISHED');
      return { status: 200, body: { success: true } };
    }
    if (method === 'POST' && edge === 'deprecate') {
      if (flow.status === 'DRAFT' || flow.status === 'DEPRECATED') return { status: 400, body: graphError(`Flow can't be deprecated: it is ${flow.status}`, 139003) };
      void changeStatus(flow, 'DEPRECATED');
      return { status: 200, body: { success: true } };
    }
    if (method === 'DELETE' && edge === undefined) {
      if (flow.status !== 'DRAFT') return { status: 400, body: graphError('Flow can\'t be deleted: only drafts can be deleted', 139004) };
      flows.delete(flow.id);
      return { status: 200, body: { success: true } };
    }
    if (method === 'GET' && edge === 'assets') {
      return { status: 200, body: { data: flow.flowJson === undefined ? [] : [{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: `${baseUrl}/cdn/flow-json/${flow.id}?sig=${randomBytes(8).toString('hex')}` }], paging: { cursors: { before: 'QVFI', after: 'QVFJ' } } } };
    }
    if (method === 'GET' && edge === undefined) return { status: 200, body: flowFields(flow, fields.length === 0 ? ['name', 'status', 'categories', 'validation_errors'] : fields) };
    return { status: 400, body: graphError('Unknown path components', 2500) };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = parseBody(req.headers, text);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const reply = (status: number, answer: unknown, response: ServerResponse) => {
        response.statusCode = status;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(answer));
      };
      // The asset's download_url stands for Meta's CDN: signed in its query, no bearer token.
      const cdn = /^\/cdn\/flow-json\/([^/?]+)/.exec(req.url ?? '');
      if (cdn !== null && req.method === 'GET') {
        const asset = flows.get(decodeURIComponent(cdn[1] ?? ''))?.flowJson;
        if (asset === undefined) return reply(404, { error: 'no such asset' }, res);
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        return res.end(asset);
      }
      const index = failures.findIndex((f) => f.path === undefined || f.path.test(req.url ?? ''));
      const failure = index < 0 ? undefined : failures.splice(index, 1)[0];
      if (failure?.afterEffect === true) route(req.method ?? 'GET', new URL(req.url ?? '/', 'http://stand-in'), req.headers, text, body);
      if (failure?.drop === true) return req.socket.destroy();
      if (failure !== undefined) return reply(failure.status, failure.body, res);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || (options.accessToken !== undefined && (tokenRevoked || bearer !== options.accessToken))) {
        return reply(401, graphError('Error validating access token: Session has expired or the token is invalid.', 190, { error_subcode: 463 }), res);
      }
      const url = new URL(req.url ?? '/', 'http://stand-in');
      // A media download URL: like Meta's, it answers only with the access token (checked just above).
      if (url.pathname === MEDIA_DOWNLOAD_PATH && req.method === 'GET') {
        const file = media.download(url);
        res.writeHead(file.status, { 'content-type': file.type, 'content-length': String(file.body.length) });
        return res.end(file.body);
      }
      const answer = route(req.method ?? 'GET', url, req.headers, text, body);
      return reply(answer.status, answer.body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    wabaId,
    phoneNumberId,
    requests,
    flows,
    publicKey: () => publicKey,
    keySignatureStatus: () => (publicKey === undefined ? undefined : keySignature),
    reregisterPhoneNumber: () => {
      keySignature = 'MISMATCH';
    },
    failNext: (reply) => failures.push(reply),
    addValidationErrorNext: (error) => extraErrors.push(error),
    expireToken: () => {
      tokenRevoked = true;
    },
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    templates,
    setTemplateStatus: async (templateId, status, reason) => {
      const template = templates.get(templateId);
      if (template === undefined) throw new Error(`the stand-in has no template ${templateId}`);
      template['status'] = status === 'REINSTATED' ? 'APPROVED' : status;
      if (reason !== undefined) template['rejected_reason'] = reason;
      // Meta's payload: the event is the new status (REINSTATED when a pause is lifted), reason NONE unless rejected.
      await deliver('message_template_status_update', {
        event: status, message_template_id: Number(templateId), message_template_name: template['name'], message_template_language: template['language'], reason: reason ?? 'NONE',
      });
    },
    editFlowJson: (flowId, flowJson) => {
      const flow = flows.get(flowId);
      if (flow === undefined) throw new Error(`the stand-in has no Flow ${flowId}`);
      flow.flowJson = flowJson;
    },
    addFlow: (input) => {
      const flow: StandInFlow = { id: String(nextId++), name: input.name, categories: input.categories ?? ['OTHER'], status: input.status ?? 'PUBLISHED', endpointUri: undefined, flowJson: input.flowJson, validationErrors: [] };
      flows.set(flow.id, flow);
      return flow;
    },
    setFlowStatus: async (flowId, status) => {
      const flow = flows.get(flowId);
      if (flow === undefined) throw new Error(`the stand-in has no Flow ${flowId}`);
      await changeStatus(flow, status);
    },
    messages,
    media,
    settle: async () => {
      await Promise.all([...deliveries]);
    },
    close: async () => {
      messages.stop();
      await Promise.all([...deliveries]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
