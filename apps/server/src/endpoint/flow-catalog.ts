import type { EndpointDefinition } from './define-endpoint.js';

/** A Flow the endpoint serves: its Flow JSON (parsed) and its endpoint definition. */
export interface FlowEntry {
  readonly id: string;
  readonly flow: unknown;
  readonly endpoint: EndpointDefinition;
  /** The stored version served (absent for Flows defined in code). */
  readonly version?: number;
}

/** The Flows the endpoint serves, by id (read on the hot path, so synchronous). */
export interface FlowCatalog {
  find(flowId: string): FlowEntry | undefined;
  put(entry: FlowEntry): void;
  ids(): readonly string[];
  /** Re-reads the catalog's source when it has one (called on a miss; implementations rate-limit it). */
  refresh?(): Promise<void>;
  /**
   * One stored version of a Flow as the endpoint serves it (Flow JSON and that version's endpoint
   * configuration), for sessions opened on a version other than the one served now; versions are immutable,
   * so implementations cache them.
   */
  findVersion?(flowId: string, version: number): Promise<FlowEntry | undefined>;
}

/** An in-memory Flow catalog. */
export function createFlowCatalog(entries: readonly FlowEntry[] = []): FlowCatalog {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return {
    find: (flowId) => byId.get(flowId),
    put: (entry) => {
      byId.set(entry.id, entry);
    },
    ids: () => [...byId.keys()],
  };
}
