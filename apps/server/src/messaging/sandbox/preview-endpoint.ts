import type { FetchFunction } from '../channels/graph-post.js';
import { PREVIEW_HEADER } from '../../endpoint/handle-endpoint-request.js';
import { callOwnEndpoint } from './call-own-endpoint.js';

/** A data endpoint request as the studio composes it (decrypted form, platform spec §1.2). */
export interface PreviewRequest {
  readonly action: string;
  readonly screen?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly flow_token: string;
  /** Data API version (default `3.0`). */
  readonly version?: string;
}

/** What the server's own endpoint answered: the decrypted response, or the status and text of a failure. */
export type PreviewResult =
  | { readonly ok: true; readonly response: unknown }
  | { readonly ok: false; readonly status: number | 'timeout' | 'not_listening'; readonly message: string };

/** Performs one preview request for a Flow; the encryption keys and app secret stay on the server. */
export type PreviewEndpointPort = (flowId: string, request: PreviewRequest) => Promise<PreviewResult>;

/** What the preview needs: the server's loopback address once listening, its public key and app secret. */
export interface PreviewEndpointDeps {
  readonly selfBaseUrl: () => string | undefined;
  /** The endpoint's public key (a function: read at each call, a key rotation changes it). */
  readonly publicKeyPem: string | (() => string);
  readonly appSecret: string | undefined;
  /** Marks the preview's requests so the endpoint keeps them out of the dashboards (EndpointRuntime.previewKey; a function: it follows the current key). */
  readonly previewKey?: string | (() => string);
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
}

/**
 * Creates the studio's preview of dynamic Flows: the request is encrypted with the server's public key
 * (and signed when an app secret is set) exactly as WhatsApp does, posted to the server's own
 * `POST /endpoint/{flowId}` over loopback, and the decrypted answer is returned.
 */
export function createPreviewEndpoint(deps: PreviewEndpointDeps): PreviewEndpointPort {
  return async (flowId, request) => {
    const baseUrl = deps.selfBaseUrl();
    if (baseUrl === undefined) return { ok: false, status: 'not_listening', message: 'the server is not listening yet, so it cannot call its own endpoint' };
    const payload = {
      version: request.version ?? '3.0',
      action: request.action,
      flow_token: request.flow_token,
      ...(request.screen === undefined ? {} : { screen: request.screen }),
      ...(request.data === undefined ? {} : { data: request.data }),
    };
    const answer = await callOwnEndpoint(
      {
        baseUrl, publicKeyPem: typeof deps.publicKeyPem === 'string' ? deps.publicKeyPem : deps.publicKeyPem(), appSecret: deps.appSecret, fetch: deps.fetch ?? fetch, timeoutMs: deps.timeoutMs ?? 10_000,
        ...(deps.previewKey === undefined ? {} : { headers: { [PREVIEW_HEADER]: typeof deps.previewKey === 'string' ? deps.previewKey : deps.previewKey() } }),
      },
      flowId,
      payload,
    );
    if (answer.type === 'endpoint_response') return { ok: true, response: answer.response };
    if (answer.type === 'endpoint_error') {
      return { ok: false, status: answer.status, message: answer.message ?? (answer.status === 'timeout' ? 'the endpoint did not answer in time' : `the endpoint answered ${answer.status}`) };
    }
    return { ok: false, status: 500, message: 'unexpected answer from the endpoint client' };
  };
}
