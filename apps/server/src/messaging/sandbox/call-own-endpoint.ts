import { decryptResponse, encryptRequest, signBody } from '@flowline/protocol';
import type { RuntimeEvent } from '@flowline/core';
import type { FetchFunction } from '../channels/graph-post.js';

/** How the sandbox phone reaches its own server's data endpoint, as WhatsApp would. */
export interface OwnEndpoint {
  readonly baseUrl: string;
  readonly publicKeyPem: string;
  readonly appSecret: string | undefined;
  readonly fetch: FetchFunction;
  readonly timeoutMs: number;
  /** Extra request headers (the preview marks its requests with one). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Sends one decrypted request payload to `POST /endpoint/{flowId}` encrypted exactly as the WhatsApp
 * client does (platform spec §1.3), signed when an app secret is set (§1.7), and turns the answer into
 * the runtime event that feeds it back: `endpoint_response`, or `endpoint_error` with the status.
 */
export async function callOwnEndpoint(endpoint: OwnEndpoint, flowId: string, payload: Readonly<Record<string, unknown>>): Promise<RuntimeEvent> {
  const { envelope, aesKey, iv } = encryptRequest(payload, endpoint.publicKeyPem);
  const body = JSON.stringify(envelope);
  let response: Response;
  try {
    response = await endpoint.fetch(`${endpoint.baseUrl}/endpoint/${encodeURIComponent(flowId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...endpoint.headers, ...(endpoint.appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, endpoint.appSecret) }) },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch {
    return { type: 'endpoint_error', status: 'timeout' };
  }
  const text = await response.text();
  if (response.status !== 200) return { type: 'endpoint_error', status: response.status, message: text.slice(0, 200) };
  try {
    return { type: 'endpoint_response', response: decryptResponse(text, aesKey, iv) };
  } catch {
    // WhatsApp treats an undecryptable answer like a failed request.
    return { type: 'endpoint_error', status: 500, message: 'the endpoint response could not be decrypted' };
  }
}
