import type { Flow, FlowVersion, Storage } from '@flowline/storage';

/** How many pinned versions (Flow × version) the catalog keeps in memory. */
const MAX_PINNED_VERSIONS = 256;
import { parseEndpointConfig } from './declarative/parse-endpoint-config.js';
import { toEndpointDefinition } from './declarative/to-endpoint-definition.js';
import type { EndpointDefinition } from './define-endpoint.js';
import type { FlowCatalog, FlowEntry } from './flow-catalog.js';
import type { Logger } from '../logging/logger.js';

/**
 * A stored version as the endpoint serves it: its Flow JSON (parsed) and its declarative endpoint
 * configuration; undefined when the Flow JSON is not JSON. An invalid configuration is served anyway
 * (ping works and every handled request gets the fallback, visibly in the trace).
 */
export function toFlowEntry(flowId: string, version: FlowVersion, log: Logger): FlowEntry | undefined {
  let document: unknown;
  try {
    document = JSON.parse(version.flowJson);
  } catch {
    log('error', 'catalog.flow_json_invalid', { flowId, version: version.number });
    return undefined;
  }
  let endpoint: EndpointDefinition = {};
  if (version.endpointConfig !== null && version.endpointConfig !== undefined) {
    const parsed = parseEndpointConfig(version.endpointConfig);
    if (parsed.ok) endpoint = toEndpointDefinition(parsed.config);
    else log('error', 'catalog.endpoint_config_invalid', { flowId, version: version.number, errors: parsed.errors });
  }
  return { id: flowId, flow: document, endpoint, version: version.number };
}

/** A catalog read from storage, kept in process and refreshed by polling; `close` stops the polling. */
export interface StorageFlowCatalog extends FlowCatalog {
  refresh(): Promise<void>;
  findVersion(flowId: string, version: number): Promise<FlowEntry | undefined>;
  close(): void;
}

/** Options of the storage catalog. */
export interface StorageFlowCatalogOptions {
  /**
   * How often the Flow list is compared with the cache (default 1 s; 5 s when storage pushes changes,
   * PostgreSQL, where a change reloads at once and the poll only covers a lost listening connection); 0 = never poll.
   */
  readonly pollMs?: number;
  /** Shortest time between two refreshes triggered by misses (default 250 ms). */
  readonly missRefreshMs?: number;
  readonly now?: () => number;
}

/**
 * The Flows of a workspace as the endpoint serves them: each Flow's published version, or its latest
 * version while none is published, with its declarative endpoint configuration. Lookups are
 * synchronous map reads; a poll compares each Flow's `updatedAt`/published version (one query) and
 * reloads only the Flows that changed, a change notification from storage (PostgreSQL) does the same at
 * once, and a miss triggers a rate-limited refresh. Entries `put` in
 * code (TypeScript handlers) take precedence over stored ones.
 */
export async function createStorageFlowCatalog(storage: Storage, workspaceId: string, log: Logger, options: StorageFlowCatalogOptions = {}): Promise<StorageFlowCatalog> {
  const now = options.now ?? Date.now;
  const missRefreshMs = options.missRefreshMs ?? 250;
  const stored = new Map<string, { readonly stamp: string; readonly entry: FlowEntry }>();
  const overlay = new Map<string, FlowEntry>();
  let inFlight: Promise<void> | undefined;
  // A change announced while a reload runs may have committed after that reload read: reload once more.
  let again = false;
  // When the last reload began reading (misses are rate-limited from it).
  let lastStarted = Number.NEGATIVE_INFINITY;
  // The refresh misses wait for: one reload at most per `missRefreshMs`, begun after the misses it answers.
  let missWaiter: { begun: boolean; readonly done: Promise<void> } | undefined;

  const load = async (flow: Flow): Promise<FlowEntry | undefined> => {
    const version = flow.publishedVersion === null
      ? await storage.flows.findLatestVersion(workspaceId, flow.id)
      : await storage.flows.findVersion(workspaceId, flow.id, flow.publishedVersion);
    return version === undefined ? undefined : toEntry(flow.id, version);
  };

  /** Versions other than the served one, for sessions pinned to them (immutable, so cached; bounded). */
  const versions = new Map<string, FlowEntry | undefined>();
  const findVersion = async (flowId: string, number: number): Promise<FlowEntry | undefined> => {
    const served = overlay.get(flowId) ?? stored.get(flowId)?.entry;
    if (served?.version === number) return served;
    const key = `${flowId}@${number}`;
    if (versions.has(key)) return versions.get(key);
    const version = await storage.flows.findVersion(workspaceId, flowId, number);
    const entry = version === undefined ? undefined : toEntry(flowId, version);
    versions.set(key, entry);
    if (versions.size > MAX_PINNED_VERSIONS) {
      const oldest = versions.keys().next();
      if (oldest.done !== true) versions.delete(oldest.value);
    }
    return entry;
  };

  const toEntry = (flowId: string, version: FlowVersion): FlowEntry | undefined => toFlowEntry(flowId, version, log);

  const reload = async (): Promise<void> => {
    lastStarted = now();
    const flows = await storage.flows.list(workspaceId);
    const seen = new Set<string>();
    for (const flow of flows) {
      seen.add(flow.id);
      const stamp = `${flow.updatedAt}:${flow.publishedVersion ?? ''}`;
      if (stored.get(flow.id)?.stamp === stamp) continue;
      const entry = await load(flow);
      if (entry === undefined) stored.delete(flow.id);
      else stored.set(flow.id, { stamp, entry });
    }
    for (const id of [...stored.keys()]) if (!seen.has(id)) stored.delete(id);
  };

  const refresh = (): Promise<void> => {
    inFlight ??= reload()
      .catch((error: unknown) => log('error', 'catalog.refresh_failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        inFlight = undefined;
        if (again) {
          again = false;
          void refresh();
        }
      });
    return inFlight;
  };

  /**
   * A miss (a request for a Flow the cache lacks, perhaps created a moment ago by this process or another):
   * resolves once a reload that began *after* the miss has finished, so a Flow committed before the request
   * is always found. Joining a reload already running would not do: it may have listed the Flows before the
   * new one was committed (a poll racing a create, seen failing in CI). Misses arriving together share one
   * reload, and reloads for misses begin at most once per `missRefreshMs` after the last one (poll or miss),
   * so a flood of unknown ids costs one query per interval and a short wait, not one query each.
   */
  const refreshOnMiss = (): Promise<void> => {
    if (missWaiter !== undefined && !missWaiter.begun) return missWaiter.done;
    const before = missWaiter?.done ?? Promise.resolve();
    const waiter: { begun: boolean; done: Promise<void> } = { begun: false, done: Promise.resolve() };
    waiter.done = (async () => {
      await before;
      const wait = lastStarted + missRefreshMs - now();
      if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      // A reload running now may have listed the Flows before the miss: let it end, then begin one.
      while (inFlight !== undefined) await inFlight;
      waiter.begun = true;
      await refresh();
    })().finally(() => {
      if (missWaiter === waiter) missWaiter = undefined;
    });
    missWaiter = waiter;
    return waiter.done;
  };

  await reload();
  const pushed = storage.changes.live;
  const pollMs = options.pollMs ?? (pushed ? 5000 : 1000);
  const poller = pollMs > 0 ? setInterval(() => void refresh(), pollMs) : undefined;
  poller?.unref();
  // Another instance (or this one) changed a Flow: reload now rather than at the next poll.
  const unsubscribe = pushed
    ? storage.changes.subscribe('config', (table) => {
      if (table !== undefined && table !== 'flows' && table !== 'flow_versions') return;
      if (inFlight !== undefined) again = true;
      else void refresh();
    })
    : undefined;

  return {
    find: (flowId) => overlay.get(flowId) ?? stored.get(flowId)?.entry,
    put: (entry) => {
      overlay.set(entry.id, entry);
    },
    ids: () => [...new Set([...stored.keys(), ...overlay.keys()])],
    findVersion,
    refresh: refreshOnMiss,
    close: () => {
      if (poller !== undefined) clearInterval(poller);
      unsubscribe?.();
    },
  };
}
