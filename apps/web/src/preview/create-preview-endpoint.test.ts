import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, ApiResult } from '../api-client.js';
import { createPreviewEndpoint, previewStartFor, toPreviewAnswer } from './create-preview-endpoint.js';

function clientAnswering(answer: ApiResult<unknown>, seen: { path: string; body: unknown }[]): ApiClient {
  const post = <T>(path: string, body?: unknown): Promise<ApiResult<T>> => {
    seen.push({ path, body });
    // The fake answers with whatever the test gave; the caller reads it as unknown.
    return Promise.resolve(answer as ApiResult<T>);
  };
  const refuse = <T>(): Promise<ApiResult<T>> => Promise.resolve({ ok: false, status: 405, code: 'X', message: 'not used' });
  return { token: 't', get: refuse, post, put: refuse, patch: refuse, delete: refuse, getBlob: refuse, postFile: refuse };
}

test('posts the runtime request with the Flow id and hands the decrypted response to the runtime', async () => {
  const seen: { path: string; body: unknown }[] = [];
  const endpoint = createPreviewEndpoint(clientAnswering({ ok: true, status: 200, data: { status: 200, response: { screen: 'A', data: { x: 1 } }, servedVersion: 1 } }, seen), 'booking');
  const request = { action: 'INIT' as const, screen: '', data: {}, flow_token: 'tok' };
  assert.deepEqual(await endpoint(request), { ok: true, response: { screen: 'A', data: { x: 1 } } });
  assert.deepEqual(seen, [{ path: '/preview/endpoint', body: { flowId: 'booking', request } }]);
});

test('an endpoint failure reaches the runtime as that status; a Flow the endpoint does not serve falls back to answering by hand', () => {
  assert.deepEqual(toPreviewAnswer({ status: 500, error: 'boom' }), { ok: false, status: 500, message: 'boom' });
  const unserved = toPreviewAnswer({ status: 404, error: 'unknown flow' });
  assert.equal(unserved.ok, false);
  assert.equal(!unserved.ok && unserved.status, 'unavailable');
  assert.equal(toPreviewAnswer('nonsense').ok, false);
});

test('an API refusal (no preview:use, no such Flow) makes the preview answer by hand', async () => {
  const endpoint = createPreviewEndpoint(clientAnswering({ ok: false, status: 403, code: 'FORBIDDEN', message: 'your role may not' }, []), 'f');
  assert.deepEqual(await endpoint({ action: 'data_exchange', screen: 'S', data: {}, flow_token: 't' }), { ok: false, status: 'unavailable', message: 'your role may not' });
});

test('a version with an endpoint configuration that answers INIT opens with data_exchange', () => {
  assert.deepEqual(previewStartFor({ INIT: { screen: 'A' } }, 'tok'), { dynamic: true, start: { action: 'data_exchange', flowToken: 'tok' } });
  assert.deepEqual(previewStartFor({ data_exchange: {} }, 'tok'), { dynamic: true, start: { flowToken: 'tok' } });
  assert.deepEqual(previewStartFor(null, 'tok'), { dynamic: false, start: {} });
});
