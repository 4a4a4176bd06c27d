import type { PreviewEndpointBody } from '@flowline/api-contract';
import { type EndpointRequest, isJsonObject, type StartOptions } from '@flowline/core';
import type { ApiClient } from '../api-client.js';
import type { PreviewEndpoint } from './use-preview-session.js';

/** The admin API route that performs a data endpoint request against the server's own endpoint. */
export const PREVIEW_ENDPOINT_PATH = '/preview/endpoint';

/**
 * The preview's data endpoint for a stored Flow: each request the runtime emits is posted to
 * `POST /api/v1/preview/endpoint`, where the server encrypts it with its own public key, calls its
 * `POST /endpoint/{flowId}` as WhatsApp would, and returns the decrypted answer. The keys never reach
 * the browser. A Flow the endpoint does not serve, or a role without `preview:use`, answers
 * `unavailable` and the preview falls back to answering by hand.
 */
export function createPreviewEndpoint(client: ApiClient, flowId: string): PreviewEndpoint {
  return async (request: EndpointRequest) => {
    const result = await client.post<unknown>(PREVIEW_ENDPOINT_PATH, { flowId, request } satisfies PreviewEndpointBody);
    if (!result.ok) return { ok: false, status: 'unavailable', message: result.message };
    return toPreviewAnswer(result.data);
  };
}

/** Reads the body of `POST /preview/endpoint`: `{status: 200, response}` or `{status, error}`. */
export function toPreviewAnswer(body: unknown): Awaited<ReturnType<PreviewEndpoint>> {
  if (!isJsonObject(body)) return { ok: false, status: 'unavailable', message: 'the server sent no endpoint answer' };
  const status = body['status'];
  if (status === 200 && 'response' in body) return { ok: true, response: body['response'] };
  const message = typeof body['error'] === 'string' ? body['error'] : 'the endpoint failed';
  // 404: the data endpoint does not serve this Flow (no endpoint configuration), so nobody would answer.
  if (status === 404) return { ok: false, status: 'unavailable', message: `the data endpoint does not serve this Flow (${message})` };
  if (typeof status === 'number') return { ok: false, status, message };
  return { ok: false, status: 'timeout', message };
}

/**
 * How the preview opens a stored Flow: with its endpoint when the version has an endpoint
 * configuration, and with an INIT request (`data_exchange`) when that configuration answers INIT —
 * as a Flow message sent with `flow_action: data_exchange` opens on a phone.
 */
export function previewStartFor(endpointConfig: unknown, flowToken: string): { readonly dynamic: boolean; readonly start: StartOptions } {
  if (!isJsonObject(endpointConfig)) return { dynamic: false, start: {} };
  return { dynamic: true, start: 'INIT' in endpointConfig ? { action: 'data_exchange', flowToken } : { flowToken } };
}
