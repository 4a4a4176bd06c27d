import { isJsonObject } from '@flowline/core';
import { readJson } from '../ops/read-json.js';
import { useApi, type Loadable } from '../ui/use-api.js';

/** The newest version of a stored Flow, as the preview needs it. */
export interface LatestVersion {
  readonly number: number;
  /** The Flow JSON text. */
  readonly flowJson: string | undefined;
  /** The declarative endpoint configuration, or null when the version has none. */
  readonly endpointConfig: unknown;
}

/** Reads `GET /flows/{id}/versions/{n}` (`{version: {...}}` or the version itself). */
export function toLatestVersion(body: unknown): LatestVersion | undefined {
  const value = isJsonObject(body) && isJsonObject(body['version']) ? body['version'] : body;
  if (!isJsonObject(value)) return undefined;
  const number = readJson.number(value['number']) ?? readJson.number(value['version']);
  if (number === undefined) return undefined;
  const raw = value['flowJson'];
  const flowJson = typeof raw === 'string' ? raw : raw === undefined || raw === null ? undefined : JSON.stringify(raw, null, 2);
  return { number, flowJson, endpointConfig: value['endpointConfig'] ?? null };
}

/** Loads the newest version of a Flow (its number from the list, newest first, then the version); nothing for no id. */
export function useLatestVersion(flowId: string | undefined): Loadable<LatestVersion> {
  const id = flowId === undefined || flowId === '' ? undefined : encodeURIComponent(flowId);
  const list = useApi<unknown>(id === undefined ? undefined : `/flows/${id}/versions?limit=1`);
  const newest = list.state.kind === 'ok' ? readJson.list(list.state.data, (v) => (isJsonObject(v) ? readJson.number(v['number']) ?? readJson.number(v['version']) : undefined))[0] : undefined;
  const one = useApi<unknown>(id === undefined || newest === undefined ? undefined : `/flows/${id}/versions/${newest}`);
  if (id === undefined) return { kind: 'error', status: 0, message: 'no Flow chosen' };
  if (list.state.kind !== 'ok') return list.state;
  if (newest === undefined) return { kind: 'error', status: 404, message: 'this Flow has no version yet' };
  if (one.state.kind !== 'ok') return one.state;
  const version = toLatestVersion(one.state.data);
  return version === undefined ? { kind: 'error', status: 0, message: 'the server sent no readable version' } : { kind: 'ok', data: version };
}
