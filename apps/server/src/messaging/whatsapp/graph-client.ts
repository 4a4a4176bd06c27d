import { randomBytes } from 'node:crypto';
import { sendOutbound, type PostResult, type PrivateHttpPolicy } from '@flowline/worker';
import { isJsonObject, type JsonObject } from '@flowline/core';
import { toGraphError, transportError, type GraphError } from './graph-error.js';

/** Where and as whom the Graph API is called for one workspace. */
export interface GraphTarget {
  /** `https://graph.facebook.com`, or a stand-in's loopback URL in tests. */
  readonly baseUrl: string;
  /** Such as `v23.0`. */
  readonly apiVersion: string;
  readonly accessToken: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
}

/** One outbound request as the transport sends it. */
export interface GraphRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** A bound of the answer other than the API's (the flow.json download: Meta's 10 MB). */
  readonly maxResponseBytes?: number;
}

/** Sends one request; the default goes through the outbound address guard (postJson). */
export type GraphTransport = (request: GraphRequest) => Promise<PostResult>;

/** Options of the client: the guard's policy, deadlines and the retry schedule. */
export interface GraphClientOptions {
  /** FLOWLINE_ALLOW_PRIVATE_HTTP: `loopback` lets a local stand-in be reached; the guard stays on. */
  readonly privateHttp: PrivateHttpPolicy;
  readonly timeoutMs?: number;
  /** Waits before the 2nd, 3rd… attempt of a retryable failure (default 0.5 s, 2 s, 8 s). */
  readonly retryDelaysMs?: readonly number[];
  /** How to wait (tests pass one that records the delays instead of sleeping). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly transport?: GraphTransport;
}

/** A Graph answer: its value, or a typed error with a plain message. */
export type GraphResult<T> = { readonly ok: true; readonly value: T; readonly attempts: number } | { readonly ok: false; readonly error: GraphError; readonly attempts: number };

/** Meta's validation error object (platform spec §3.4), kept as Meta sent it. */
export interface MetaValidationError {
  readonly error?: string;
  readonly error_type?: string;
  readonly message?: string;
  readonly line_start?: number;
  readonly line_end?: number;
  readonly column_start?: number;
  readonly column_end?: number;
  readonly pointers?: readonly unknown[];
}

/** The fields of a Meta Flow's metadata update; at least one is given. */
export interface FlowMetadataChange {
  readonly name?: string;
  readonly categories?: readonly string[];
  /** The data endpoint's URL (Flow JSON 3.0 and later). */
  readonly endpointUri?: string;
  /** The Meta app to connect to the Flow. */
  readonly applicationId?: string;
}

/** Flow categories (platform spec §3.2). */
export const FLOW_CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'] as const;

/** The Flows API, the endpoint key registration and the connection check over one workspace's Graph target. */
export interface GraphClient {
  /** `GET /{id}?fields=…` of any node (the WABA, the phone number, a Flow). */
  getNode(id: string, fields: readonly string[]): Promise<GraphResult<Record<string, unknown>>>;
  /** `GET /{waba-id}/phone_numbers`. */
  listPhoneNumbers(): Promise<GraphResult<Record<string, unknown>[]>>;
  /** `POST /{waba-id}/flows`. */
  createFlow(input: { name: string; categories: readonly string[]; endpointUri?: string }): Promise<GraphResult<{ id: string; validationErrors: MetaValidationError[] }>>;
  /** `POST /{flow-id}` (update metadata: name, categories, endpoint_uri, application_id; platform spec §3.1). */
  updateFlow(flowId: string, change: FlowMetadataChange): Promise<GraphResult<true>>;
  /** `POST /{flow-id}/assets` (multipart: file, name=flow.json, asset_type=FLOW_JSON). */
  uploadFlowJson(flowId: string, flowJson: string): Promise<GraphResult<{ validationErrors: MetaValidationError[] }>>;
  /** `GET /{flow-id}?fields=…`. */
  getFlow(flowId: string, fields?: readonly string[]): Promise<GraphResult<Record<string, unknown>>>;
  /** `GET /{flow-id}?fields=preview.invalidate(…)`. */
  getPreview(flowId: string, invalidate: boolean): Promise<GraphResult<{ previewUrl: string; expiresAt: string | undefined }>>;
  publishFlow(flowId: string): Promise<GraphResult<true>>;
  deprecateFlow(flowId: string): Promise<GraphResult<true>>;
  /** `DELETE /{flow-id}` (drafts only). */
  deleteFlow(flowId: string): Promise<GraphResult<true>>;
  /** The Flow's current flow.json: `GET /{flow-id}/assets` names its `download_url`, fetched without the token (undefined: no flow.json yet). */
  downloadFlowJson(flowId: string): Promise<GraphResult<string | undefined>>;
  /** `GET /{waba-id}/flows`, following `paging.cursors.after` up to `maxPages`. */
  listFlows(maxPages?: number): Promise<GraphResult<Record<string, unknown>[]>>;
  /** `POST /{phone-number-id}/whatsapp_business_encryption` with `business_public_key`. */
  registerPublicKey(publicKeyPem: string): Promise<GraphResult<true>>;
  /** `GET /{phone-number-id}/whatsapp_business_encryption` (flat or wrapped in `data: [...]`). */
  readPublicKey(): Promise<GraphResult<{ publicKey: string | undefined; signatureStatus: string | undefined }>>;
  /** `POST /{waba-id}/message_templates` (JSON body: name, language, category, components). */
  createTemplate(template: Readonly<Record<string, unknown>>): Promise<GraphResult<{ id: string; status: string }>>;
  /** `GET /{waba-id}/message_templates` (first 20 pages). */
  listTemplates(): Promise<GraphResult<Record<string, unknown>[]>>;
  /** `DELETE /{waba-id}/message_templates?name=…` (every language of the name). */
  deleteTemplate(name: string): Promise<GraphResult<true>>;
  /** `GET /{media-id}?phone_number_id=…` (Cloud API Retrieve Media URL): where a customer's file can be downloaded, with its hash and size. */
  getMedia(mediaId: string): Promise<GraphResult<GraphMedia>>;
}

/** Graph's answer about a media id: `{messaging_product, url, mime_type, sha256, file_size, id}`. */
export interface GraphMedia {
  readonly id: string;
  /** The download URL: valid for a few minutes, and only with the access token. */
  readonly url: string;
  readonly mimeType: string | undefined;
  /** As Graph writes it (64 hex digits in Meta's reference). */
  readonly sha256: string | undefined;
  /** Meta's reference writes it as a string of digits; a number is read too. */
  readonly fileSize: number | undefined;
}

const DEFAULT_DELAYS = [500, 2000, 8000];
// Graph answers (a Flow list, a Flow object) are small; a bound keeps a hostile base URL from filling memory.
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** Meta's limit of a flow.json asset (platform spec §3.1). */
export const MAX_FLOW_JSON_BYTES = 10 * 1024 * 1024;

// Graph never redirects an API call, so none is followed (a 3xx is an answer, shown as an error).
function guardedTransport(options: GraphClientOptions): GraphTransport {
  return async (request) => {
    const result = await sendOutbound({
      url: request.url,
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' || request.method === 'DELETE' ? {} : { body: request.body }),
      privateHttp: options.privateHttp,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxResponseBytes: request.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      maxRedirects: 0,
    });
    if (result.ok) return { ok: true, status: result.status, headers: result.headers, body: result.body.toString('utf8') };
    return { ok: false, kind: result.kind === 'aborted' || result.kind === 'redirects' ? 'network' : result.kind, error: result.error };
  };
}

function formBody(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(fields).toString();
}

function asRecord(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The objects of a `data` array (anything else dropped). */
function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.flatMap((d): Record<string, unknown>[] => {
    const record = asRecord(d);
    return record === undefined ? [] : [record];
  }) : [];
}

function validationErrorsOf(body: Record<string, unknown>): MetaValidationError[] {
  const list = body['validation_errors'];
  return Array.isArray(list) ? list.filter((e): e is MetaValidationError => asRecord(e) !== undefined) : [];
}

/** Creates a Graph client; it never throws for a downstream failure and retries only what retrying can fix. */
export function createGraphClient(target: GraphTarget, options: GraphClientOptions): GraphClient {
  const transport = options.transport ?? guardedTransport(options);
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const root = `${target.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(target.apiVersion)}`;
  const auth = { authorization: `Bearer ${target.accessToken}` };

  /**
   * One call with retries. `ambiguousRetry` says whether a failure that may have taken effect (network
   * failure, 5xx) may be repeated: true for reads and idempotent writes, false for creating a Flow (a
   * second create would make a second Flow); a rate limit means Meta did nothing, so it is always retried.
   */
  async function call(action: string, request: Omit<GraphRequest, 'url'> & { path: string }, ambiguousRetry: boolean): Promise<GraphResult<Record<string, unknown>>> {
    const url = `${root}/${request.path}`;
    for (let attempt = 1; ; attempt++) {
      const answer = await transport({ method: request.method, url, headers: { ...auth, ...request.headers }, body: request.body });
      let error: GraphError;
      if (!answer.ok) {
        error = answer.kind === 'refused' || answer.kind === 'invalid_url' ? transportError('refused', answer.error, action) : transportError('network', answer.error, action);
      } else {
        let parsed: unknown;
        try {
          parsed = answer.body === '' ? {} : (JSON.parse(answer.body) as unknown);
        } catch {
          parsed = undefined;
        }
        const record = asRecord(parsed);
        if (answer.status >= 200 && answer.status < 300 && record !== undefined) return { ok: true, value: record, attempts: attempt };
        error = answer.status >= 200 && answer.status < 300
          ? { kind: 'bad_response', retry: false, status: answer.status, message: `${action}: Graph API answered with a body that is not a JSON object` }
          : toGraphError(answer.status, parsed, action);
      }
      const mayRepeat = error.kind === 'rate_limited' || (error.retry && ambiguousRetry);
      const delay = delays[attempt - 1];
      if (!mayRepeat || delay === undefined) return { ok: false, error, attempts: attempt };
      await sleep(delay);
    }
  }
  const get = (action: string, path: string, ambiguousRetry = true) => call(action, { method: 'GET', path, headers: {}, body: '' }, ambiguousRetry);
  const postForm = (action: string, path: string, fields: Readonly<Record<string, string>>, ambiguousRetry: boolean) =>
    call(action, { method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields) }, ambiguousRetry);
  const success = async (pending: Promise<GraphResult<Record<string, unknown>>>, action: string): Promise<GraphResult<true>> => {
    const result = await pending;
    if (!result.ok) return result;
    if (result.value['success'] === true) return { ok: true, value: true, attempts: result.attempts };
    return { ok: false, attempts: result.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API did not answer success:true` } };
  };
  const node = (id: string) => encodeURIComponent(id);

  return {
    getNode: (id, fields) => get(`Reading ${id}`, `${node(id)}?fields=${encodeURIComponent(fields.join(','))}`),
    async listPhoneNumbers() {
      const result = await get('Listing the phone numbers of the WABA', `${node(target.wabaId)}/phone_numbers?fields=id,display_phone_number,verified_name`);
      if (!result.ok) return result;
      const data = result.value['data'];
      return { ok: true, attempts: result.attempts, value: records(data) };
    },
    async createFlow(input) {
      const action = `Creating the Flow "${input.name}" on Meta`;
      const fields: Record<string, string> = { name: input.name, categories: JSON.stringify(input.categories) };
      if (input.endpointUri !== undefined) fields['endpoint_uri'] = input.endpointUri;
      const result = await postForm(action, `${node(target.wabaId)}/flows`, fields, false);
      if (!result.ok) return result;
      const id = result.value['id'];
      if (typeof id !== 'string' || id === '') return { ok: false, attempts: result.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API answered without a Flow id` } };
      return { ok: true, attempts: result.attempts, value: { id, validationErrors: validationErrorsOf(result.value) } };
    },
    async uploadFlowJson(flowId, flowJson) {
      const action = `Uploading flow.json to Meta Flow ${flowId}`;
      if (Buffer.byteLength(flowJson) > MAX_FLOW_JSON_BYTES) {
        return { ok: false, attempts: 0, error: { kind: 'invalid_request', retry: false, status: 0, message: `${action}: the Flow JSON is larger than Meta's 10 MB limit` } };
      }
      const boundary = `flowline${randomBytes(12).toString('hex')}`;
      const part = (name: string, value: string, file?: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file === undefined ? '' : `; filename="${file}"\r\nContent-Type: application/json`}\r\n\r\n${value}\r\n`;
      const body = `${part('file', flowJson, 'flow.json')}${part('name', 'flow.json')}${part('asset_type', 'FLOW_JSON')}--${boundary}--\r\n`;
      // Uploading the same flow.json twice leaves the same result: safe to repeat.
      const result = await call(action, { method: 'POST', path: `${node(flowId)}/assets`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body }, true);
      if (!result.ok) return result;
      return { ok: true, attempts: result.attempts, value: { validationErrors: validationErrorsOf(result.value) } };
    },
    updateFlow(flowId, change) {
      const action = `Updating the metadata of Meta Flow ${flowId}`;
      const fields: Record<string, string> = {};
      if (change.name !== undefined) fields['name'] = change.name;
      if (change.categories !== undefined) fields['categories'] = JSON.stringify(change.categories);
      if (change.endpointUri !== undefined) fields['endpoint_uri'] = change.endpointUri;
      if (change.applicationId !== undefined) fields['application_id'] = change.applicationId;
      if (Object.keys(fields).length === 0) {
        return Promise.resolve({ ok: false, attempts: 0, error: { kind: 'invalid_request', retry: false, status: 0, message: `${action}: nothing to update (give a name, categories, endpoint_uri or application_id)` } });
      }
      // Setting the same values again leaves the same Flow: safe to repeat after a lost answer.
      return success(postForm(action, node(flowId), fields, true), action);
    },
    getFlow: (flowId, fields = ['id', 'name', 'status', 'categories', 'validation_errors', 'json_version', 'data_api_version', 'endpoint_uri', 'health_status']) =>
      get(`Reading Meta Flow ${flowId}`, `${node(flowId)}?fields=${encodeURIComponent(fields.join(','))}`),
    async getPreview(flowId, invalidate) {
      const action = `Reading the preview of Meta Flow ${flowId}`;
      const result = await get(action, `${node(flowId)}?fields=${encodeURIComponent(`preview.invalidate(${invalidate ? 'true' : 'false'})`)}`);
      if (!result.ok) return result;
      const preview = asRecord(result.value['preview']);
      const url = preview?.['preview_url'];
      if (typeof url !== 'string') return { ok: false, attempts: result.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API answered without preview.preview_url` } };
      const expires = preview?.['expires_at'];
      return { ok: true, attempts: result.attempts, value: { previewUrl: url, expiresAt: typeof expires === 'string' ? expires : undefined } };
    },
    publishFlow: (flowId) => success(postForm(`Publishing Meta Flow ${flowId}`, `${node(flowId)}/publish`, {}, true), `Publishing Meta Flow ${flowId}`),
    deprecateFlow: (flowId) => success(postForm(`Deprecating Meta Flow ${flowId}`, `${node(flowId)}/deprecate`, {}, true), `Deprecating Meta Flow ${flowId}`),
    deleteFlow: (flowId) => success(call(`Deleting Meta Flow ${flowId}`, { method: 'DELETE', path: node(flowId), headers: {}, body: '' }, true), `Deleting Meta Flow ${flowId}`),
    async downloadFlowJson(flowId) {
      const action = `Downloading the flow.json of Meta Flow ${flowId}`;
      const assets = await get(action, `${node(flowId)}/assets`);
      if (!assets.ok) return assets;
      const asset = records(assets.value['data']).find((a) => a['asset_type'] === 'FLOW_JSON');
      const url = asset?.['download_url'];
      if (asset === undefined) return { ok: true, attempts: assets.attempts, value: undefined };
      if (typeof url !== 'string') return { ok: false, attempts: assets.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API listed the asset without a download_url` } };
      // A signed CDN address: the access token is not sent to it. Through the same address guard as every Graph call.
      for (let attempt = 1; ; attempt++) {
        const answer = await transport({ method: 'GET', url, headers: {}, body: '', maxResponseBytes: MAX_FLOW_JSON_BYTES });
        if (answer.ok && answer.status >= 200 && answer.status < 300) return { ok: true, attempts: assets.attempts + attempt, value: answer.body };
        const error: GraphError = answer.ok
          ? { kind: answer.status >= 500 ? 'server_error' : 'bad_response', retry: answer.status >= 500, status: answer.status, message: `${action}: the download address answered HTTP ${answer.status}` }
          : transportError(answer.kind === 'refused' || answer.kind === 'invalid_url' ? 'refused' : 'network', answer.error, action);
        const delay = delays[attempt - 1];
        if (!error.retry || delay === undefined) return { ok: false, attempts: assets.attempts + attempt, error };
        await sleep(delay);
      }
    },
    async listFlows(maxPages = 20) {
      const flows: Record<string, unknown>[] = [];
      let after: string | undefined;
      let attempts = 0;
      for (let page = 0; page < maxPages; page++) {
        const query = `fields=id,name,status,categories,validation_errors&limit=100${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`;
        const result = await get('Listing the Flows of the WABA', `${node(target.wabaId)}/flows?${query}`);
        attempts += result.attempts;
        if (!result.ok) return { ...result, attempts };
        const data = result.value['data'];
        flows.push(...records(data));
        const paging = asRecord(result.value['paging']);
        const next = asRecord(paging?.['cursors'])?.['after'];
        if (typeof next !== 'string' || paging?.['next'] === undefined) break;
        after = next;
      }
      return { ok: true, value: flows, attempts };
    },
    async createTemplate(template) {
      const action = `Creating the template "${String(template['name'])}"`;
      // Not repeated after an ambiguous failure: a second create of a template that was made answers "name taken".
      const result = await call(action, { method: 'POST', path: `${node(target.wabaId)}/message_templates`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(template) }, false);
      if (!result.ok) return result;
      const id = result.value['id'];
      if (typeof id !== 'string' || id === '') return { ok: false, attempts: result.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API answered without a template id` } };
      const status = result.value['status'];
      return { ok: true, attempts: result.attempts, value: { id, status: typeof status === 'string' ? status : 'PENDING' } };
    },
    async listTemplates() {
      const templates: Record<string, unknown>[] = [];
      let after: string | undefined;
      let attempts = 0;
      for (let page = 0; page < 20; page++) {
        const query = `fields=id,name,language,status,category,rejected_reason,components&limit=100${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`;
        const result = await get('Listing the message templates of the WABA', `${node(target.wabaId)}/message_templates?${query}`);
        attempts += result.attempts;
        if (!result.ok) return { ...result, attempts };
        templates.push(...records(result.value['data']));
        const paging = asRecord(result.value['paging']);
        const next = asRecord(paging?.['cursors'])?.['after'];
        if (typeof next !== 'string' || paging?.['next'] === undefined) break;
        after = next;
      }
      return { ok: true, value: templates, attempts };
    },
    deleteTemplate: (name) =>
      success(call(`Deleting the template "${name}"`, { method: 'DELETE', path: `${node(target.wabaId)}/message_templates?name=${encodeURIComponent(name)}`, headers: {}, body: '' }, true), `Deleting the template "${name}"`),
    async getMedia(mediaId) {
      const action = `Retrieving the URL of media ${mediaId}`;
      // phone_number_id: Graph answers only for media of the connection's own number.
      const result = await get(action, `${node(mediaId)}?phone_number_id=${encodeURIComponent(target.phoneNumberId)}`);
      if (!result.ok) {
        if (result.error.kind !== 'not_found') return result;
        return { ...result, error: { ...result.error, message: `${action}: Meta does not know this media id for phone number ${target.phoneNumberId} (media are kept for a limited time) — Meta said: ${result.error.graphMessage ?? 'no message'}` } };
      }
      const url = result.value['url'];
      if (typeof url !== 'string' || url === '') return { ok: false, attempts: result.attempts, error: { kind: 'bad_response', retry: false, status: 200, message: `${action}: Graph API answered without a url` } };
      const text = (key: string) => (typeof result.value[key] === 'string' ? (result.value[key] as string) : undefined);
      const size = result.value['file_size'];
      const fileSize = typeof size === 'number' ? size : typeof size === 'string' && /^\d{1,15}$/.test(size) ? Number(size) : undefined;
      return { ok: true, attempts: result.attempts, value: { id: text('id') ?? mediaId, url, mimeType: text('mime_type'), sha256: text('sha256'), fileSize } };
    },
    registerPublicKey: (publicKeyPem) =>
      success(postForm('Registering the endpoint public key', `${node(target.phoneNumberId)}/whatsapp_business_encryption`, { business_public_key: publicKeyPem }, true), 'Registering the endpoint public key'),
    async readPublicKey() {
      const result = await get('Reading the registered public key', `${node(target.phoneNumberId)}/whatsapp_business_encryption`);
      if (!result.ok) return result;
      // The documentation shows a flat object; Meta's Postman example wraps it in data: [...] (platform spec §1.10).
      const data = result.value['data'];
      const record = Array.isArray(data) ? (asRecord(data[0]) ?? {}) : result.value;
      const key = record['business_public_key'];
      const status = record['business_public_key_signature_status'];
      return { ok: true, attempts: result.attempts, value: { publicKey: typeof key === 'string' ? key : undefined, signatureStatus: typeof status === 'string' ? status : undefined } };
    },
  };
}
