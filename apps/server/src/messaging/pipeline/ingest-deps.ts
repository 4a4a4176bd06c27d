import { deriveAnswerContract, type JsonSchema, type RoutingRule } from '@flowline/core';
import type { Storage } from '@flowline/storage';
import { createGroupCommit, type GroupCommit } from './group-commit.js';
import { createSendLookup, type SendLookup } from './send-lookup.js';
import { fromStoredRoutingRule } from './stored-routing-rule.js';

/** What ingestion needs: storage, a group commit over it, and caches of contracts and rules. */
export interface IngestDeps {
  readonly storage: Storage;
  readonly commit: GroupCommit;
  /** Sends by flow token or id (concurrent lookups share one query). */
  readonly sends: SendLookup;
  /** The completion contract of a Flow version (immutable, so cached), or undefined when the version does not exist. */
  contractOf(workspaceId: string, flowId: string, version: number | undefined): Promise<{ version: number; schema: JsonSchema } | undefined>;
  /** The Flow's routing rules in order; `problems` lists stored rules that no longer parse. Cached for `rulesTtlMs`. */
  rulesOf(workspaceId: string, flowId: string): Promise<{ rules: RoutingRule[]; problems: string[] }>;
  /** Forgets cached rules (call after changing them, or wait `rulesTtlMs`). */
  invalidateRules(workspaceId?: string, flowId?: string): void;
}

/** Options of createIngestDeps. */
export interface IngestDepsOptions {
  /** How long routing rules are cached (default 1,000 ms): rule edits apply within this time. */
  readonly rulesTtlMs?: number;
  /** Most submissions per commit (default 64). */
  readonly maxBatch?: number;
  readonly now?: () => number;
}

const MAX_CACHED = 1000;

/** Builds the ingestion dependencies over one open storage. */
export function createIngestDeps(storage: Storage, options: IngestDepsOptions = {}): IngestDeps {
  const ttl = options.rulesTtlMs ?? 1000;
  const now = options.now ?? Date.now;
  const contracts = new Map<string, { version: number; schema: JsonSchema } | undefined>();
  const rules = new Map<string, { at: number; value: { rules: RoutingRule[]; problems: string[] } }>();
  const key = (...parts: readonly (string | number)[]): string => parts.join('\u0000');

  return {
    storage,
    commit: createGroupCommit(storage, options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    sends: createSendLookup(storage),
    async contractOf(workspaceId, flowId, version) {
      const k = key(workspaceId, flowId, version ?? 'published');
      if (version !== undefined && contracts.has(k)) return contracts.get(k);
      const found =
        version !== undefined
          ? await storage.flows.findVersion(workspaceId, flowId, version)
          : ((await storage.flows.findPublishedVersion(workspaceId, flowId)) ?? (await storage.flows.findLatestVersion(workspaceId, flowId)));
      const value = found === undefined ? undefined : { version: found.number, schema: deriveAnswerContract(parseJson(found.flowJson)).completion };
      // Only a named, existing version is immutable; "the published one" and missing versions can change.
      if (version !== undefined && found !== undefined) {
        if (contracts.size >= MAX_CACHED) contracts.clear();
        contracts.set(k, value);
      }
      return value;
    },
    async rulesOf(workspaceId, flowId) {
      const k = key(workspaceId, flowId);
      const cached = rules.get(k);
      if (cached !== undefined && now() - cached.at < ttl) return cached.value;
      const stored = await storage.routingRules.listForFlow(workspaceId, flowId);
      const value: { rules: RoutingRule[]; problems: string[] } = { rules: [], problems: [] };
      for (const s of stored) {
        const parsed = fromStoredRoutingRule(s);
        if (parsed.ok) value.rules.push(parsed.rule);
        else value.problems.push(`rule "${s.name}" (${s.id}): ${parsed.problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`);
      }
      if (rules.size >= MAX_CACHED) rules.clear();
      rules.set(k, { at: now(), value });
      return value;
    },
    invalidateRules(workspaceId, flowId) {
      if (workspaceId === undefined) {
        rules.clear();
      } else if (flowId === undefined) {
        for (const k of [...rules.keys()]) if (k.startsWith(`${workspaceId}\u0000`)) rules.delete(k);
      } else {
        rules.delete(key(workspaceId, flowId));
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}
