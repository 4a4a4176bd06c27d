import type { MetaFlow } from '@flowline/storage';
import { isJsonObject } from '@flowline/core';
import { buildLanguageFlowJson } from './language-build.js';
import { toLifecycleFailure, type LifecycleFailure } from './meta-flow-lifecycle.js';
import type { WhatsAppConnections, WhatsAppDeps } from './whatsapp-connection.js';

/**
 * How a Flow on the WABA stands with Flowline:
 * - `in_sync`: linked, and its flow.json is the Flowline version it was uploaded from (compared canonically);
 * - `drifted`: linked, and its flow.json differs from that version (edited in Meta's builder, or a push went elsewhere);
 * - `unchecked`: linked, but there is nothing to compare (no version pushed, no flow.json on Meta, or the download failed: see `problem`);
 * - `meta_only`: not linked to a Flowline Flow; importable (`POST /whatsapp/flows/{graphFlowId}/import`);
 * - `missing_on_meta`: linked here but no longer listed on the WABA (deleted on Meta).
 */
export type SyncState = 'in_sync' | 'drifted' | 'unchecked' | 'meta_only' | 'missing_on_meta';

/** One row of the sync view. */
export interface SyncedFlow {
  readonly graphFlowId: string;
  readonly name: string;
  /** Meta's status (DRAFT, PUBLISHED, DEPRECATED, THROTTLED, BLOCKED). */
  readonly status: string;
  readonly categories: readonly string[];
  readonly state: SyncState;
  /** The linked Flowline Flow and the version last uploaded to this Meta Flow. */
  readonly flowId: string | null;
  readonly version: number | null;
  /** The translated language whose build a linked Meta Flow carries (absent for the source build and for Meta Flows not linked). */
  readonly language?: string;
  /** With `drifted`: the first JSON pointer where Meta's flow.json and the version differ. */
  readonly difference?: string;
  /** With `unchecked`: why nothing was compared. */
  readonly problem?: string;
}

type Outcome<T> = ({ readonly ok: true } & T) | LifecycleFailure;

/** How many pages of 100 Flows are read from the WABA (Meta caps a WABA far below 2,000 Flows). */
const MAX_PAGES = 20;
/** The largest flow.json an import accepts: the admin API's own limit of Flow JSON. */
export const MAX_IMPORT_CHARS = 4_000_000;

const MAX_DEPTH = 256;

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first JSON pointer where two documents differ, or undefined when they are equal once parsed (key
 * order and whitespace do not count; array order does). Nesting deeper than MAX_DEPTH counts as a
 * difference there (no Flow JSON is that deep; the bound keeps a hostile document from exhausting the stack).
 */
export function firstDifference(a: unknown, b: unknown, pointer = '', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return pointer;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${pointer}/${i}`;
      const inner = firstDifference(a[i], b[i], `${pointer}/${i}`, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (!(key in a) || !(key in b)) return at;
      const inner = firstDifference(a[key], b[key], at, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : pointer === '' ? '/' : pointer;
}

/** Parses a document for comparison; a text that is not JSON compares as itself. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsable: text };
  }
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/** Sync and drift between the WABA's Flows and Flowline's, and the download side of importing a Flow made on Meta. */
export function createFlowSync(deps: WhatsAppDeps, connections: WhatsAppConnections) {
  const { storage } = deps;
  return {
    /** Lists the WABA's Flows (every page) and says for each how it stands with Flowline. */
    async list(ws: string): Promise<Outcome<{ items: SyncedFlow[] }>> {
      const got = await connections.client(ws);
      if (!got.ok) return { ok: false, status: 409, code: 'WHATSAPP_NOT_CONNECTED', message: got.message };
      const listed = await got.client.listFlows(MAX_PAGES);
      if (!listed.ok) return toLifecycleFailure(listed.error);
      const linked = new Map<string, MetaFlow>();
      for (const m of await storage.whatsapp.listAllMetaFlows(ws)) if (m.status !== 'DELETED') linked.set(m.graphFlowId, m);
      const items: SyncedFlow[] = [];
      const seen = new Set<string>();
      for (const flow of listed.value) {
        const graphFlowId = str(flow['id']);
        if (graphFlowId === '' || seen.has(graphFlowId)) continue;
        seen.add(graphFlowId);
        const base = {
          graphFlowId, name: str(flow['name'], graphFlowId), status: str(flow['status'], 'UNKNOWN'),
          categories: Array.isArray(flow['categories']) ? flow['categories'].filter((c): c is string => typeof c === 'string') : [],
        };
        const link = linked.get(graphFlowId);
        if (link === undefined) {
          items.push({ ...base, state: 'meta_only', flowId: null, version: null });
          continue;
        }
        const own = { flowId: link.flowId, version: link.version, ...(link.language === null ? {} : { language: link.language }) };
        const version = link.version === null ? undefined : await storage.flows.findVersion(ws, link.flowId, link.version);
        if (version === undefined) {
          items.push({ ...base, ...own, state: 'unchecked', problem: link.version === null ? 'no Flowline version was uploaded to it' : `version ${link.version} of Flow ${link.flowId} no longer exists` });
          continue;
        }
        // A translated language's Meta Flow carries that language's build of the version (docs/localization.md), compared as built now.
        const built = link.language === null ? { ok: true as const, flowJson: version.flowJson } : await buildLanguageFlowJson(storage, ws, version, link.language);
        if (!built.ok) {
          items.push({ ...base, ...own, state: 'unchecked', problem: built.reason });
          continue;
        }
        const asset = await got.client.downloadFlowJson(graphFlowId);
        if (!asset.ok || asset.value === undefined) {
          items.push({ ...base, ...own, state: 'unchecked', problem: asset.ok ? 'Meta has no flow.json for it' : asset.error.message });
          continue;
        }
        const difference = firstDifference(parsed(asset.value), parsed(built.flowJson));
        items.push(difference === undefined ? { ...base, ...own, state: 'in_sync' } : { ...base, ...own, state: 'drifted', difference });
      }
      for (const m of linked.values()) {
        if (!seen.has(m.graphFlowId)) items.push({ graphFlowId: m.graphFlowId, name: m.name, status: m.status, categories: [], state: 'missing_on_meta', flowId: m.flowId, version: m.version, ...(m.language === null ? {} : { language: m.language }) });
      }
      return { ok: true, items };
    },

    /** Reads a Meta Flow that is linked to no Flowline Flow, with its flow.json, for an import. */
    async fetchForImport(ws: string, graphFlowId: string): Promise<Outcome<{ name: string; status: string; flowJson: string }>> {
      const taken = await storage.whatsapp.locateMetaFlow(graphFlowId);
      if (taken !== undefined && taken.status !== 'DELETED') {
        return { ok: false, status: 409, code: 'ALREADY_LINKED', message: `Meta Flow ${graphFlowId} is already linked to ${taken.workspaceId === ws ? `Flow ${taken.flowId}` : 'a Flow of another workspace'}` };
      }
      const got = await connections.client(ws);
      if (!got.ok) return { ok: false, status: 409, code: 'WHATSAPP_NOT_CONNECTED', message: got.message };
      const read = await got.client.getFlow(graphFlowId, ['id', 'name', 'status']);
      if (!read.ok) return toLifecycleFailure(read.error);
      const asset = await got.client.downloadFlowJson(graphFlowId);
      if (!asset.ok) return toLifecycleFailure(asset.error);
      if (asset.value === undefined) return { ok: false, status: 409, code: 'NO_FLOW_JSON', message: `Meta Flow ${graphFlowId} has no flow.json to import` };
      if (asset.value.length > MAX_IMPORT_CHARS) return { ok: false, status: 413, code: 'FLOW_JSON_TOO_LARGE', message: `the flow.json of Meta Flow ${graphFlowId} is larger than ${MAX_IMPORT_CHARS} characters` };
      return { ok: true, name: str(read.value['name'], graphFlowId), status: str(read.value['status'], 'DRAFT'), flowJson: asset.value };
    },

    /** Records an imported Meta Flow as the new Flowline Flow's: its history starts with it, uploaded from version 1, and sends use it. */
    async recordImport(ws: string, link: { graphFlowId: string; flowId: string; name: string; status: string; version: number }): Promise<MetaFlow> {
      const at = deps.now();
      const added = await storage.whatsapp.addMetaFlow(ws, { graphFlowId: link.graphFlowId, flowId: link.flowId, name: link.name, status: link.status, at });
      const meta = (await storage.whatsapp.updateMetaFlow(ws, link.graphFlowId, { version: link.version, at })) ?? added;
      await storage.channels.linkGraphFlow(ws, link.flowId, link.graphFlowId, at);
      return meta;
    },
  };
}

/** The sync service (see createFlowSync). */
export type FlowSync = ReturnType<typeof createFlowSync>;
