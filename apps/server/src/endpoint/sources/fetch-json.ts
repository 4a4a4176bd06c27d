import { createGuardedFetch, type PrivateHttpPolicy } from '@flowline/worker';

/** Outbound HTTP GET returning parsed JSON: a port, so tests pass a fake. */
export type FetchJson = (url: string, signal: AbortSignal) => Promise<unknown>;

/** Largest JSON document an `http` data source reads (1 MiB). */
export const MAX_SOURCE_RESPONSE_BYTES = 1024 * 1024;

/**
 * The FetchJson of the `http` data source: GET through the outbound address guard (private, loopback
 * and link-local addresses refused unless FLOWLINE_ALLOW_PRIVATE_HTTP allows them; every redirect hop
 * checked; body at most 1 MiB); a non-2xx status throws with the status only. The signal carries the
 * handler's deadline.
 */
export function createFetchJson(privateHttp: PrivateHttpPolicy): FetchJson {
  const guardedFetch = createGuardedFetch({ privateHttp, maxResponseBytes: MAX_SOURCE_RESPONSE_BYTES });
  return async (url, signal) => {
    const response = await guardedFetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal });
    if (!response.ok) throw new Error(`HTTP GET returned status ${response.status}`);
    return (await response.json()) as unknown;
  };
}
