import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { RoutingRuleInput } from '@flowline/storage';
import type { CalendarResource } from '../../endpoint/calendar/calendar-resource.js';
import { parseEndpointConfig } from '../../endpoint/declarative/parse-endpoint-config.js';
import { toEndpointDefinition } from '../../endpoint/declarative/to-endpoint-definition.js';
import type { FlowEntry } from '../../endpoint/flow-catalog.js';
import { toStoredRoutingRule } from '../../messaging/pipeline/stored-routing-rule.js';
import type { LookupRow } from '../../endpoint/stores/lookup-store.js';

/** The example Flows, calendar resources and lookup tables a fresh server starts with. */
export interface Seeds {
  readonly flows: readonly FlowEntry[];
  /** The raw Flow JSON text per id (for storage and the studio). */
  readonly flowJson: Readonly<Record<string, string>>;
  /** The raw declarative endpoint configuration per id (stored with the Flow's first version). */
  readonly endpointConfigs: Readonly<Record<string, unknown>>;
  /** The routing rules a Flow ships with (`<id>.routing.json`): what its description promises happens to an answer. */
  readonly routingRules: Readonly<Record<string, readonly RoutingRuleInput[]>>;
  readonly resources: readonly CalendarResource[];
  readonly lookups: Readonly<Record<string, readonly LookupRow[]>>;
}

/** The seed folder: src/seeds both from src (tsx) and from dist, since tsc does not copy JSON. */
export const SEEDS_DIR = fileURLToPath(new URL('../../../src/admin/seeds/', import.meta.url));

/**
 * Reads every `<id>.flow.json` (with its optional `<id>.endpoint.json`) and `calendar.json` from the
 * seed folder. A broken seed endpoint config throws: seeds ship with the product and must be valid.
 */
export function loadSeeds(dir: string = SEEDS_DIR): Seeds {
  const files = readdirSync(dir);
  const flows: FlowEntry[] = [];
  const flowJson: Record<string, string> = {};
  const endpointConfigs: Record<string, unknown> = {};
  const routingRules: Record<string, readonly RoutingRuleInput[]> = {};
  for (const file of files.filter((f) => f.endsWith('.flow.json')).sort()) {
    const id = file.slice(0, -'.flow.json'.length);
    const text = readFileSync(join(dir, file), 'utf8');
    flowJson[id] = text;
    const endpointFile = `${id}.endpoint.json`;
    let endpoint = {};
    if (files.includes(endpointFile)) {
      const raw = JSON.parse(readFileSync(join(dir, endpointFile), 'utf8')) as unknown;
      const parsed = parseEndpointConfig(raw);
      endpointConfigs[id] = raw;
      if (!parsed.ok) throw new Error(`seed ${endpointFile} is invalid: ${parsed.errors.join('; ')}`);
      endpoint = toEndpointDefinition(parsed.config);
    }
    const rules = readSeedRoutingRules(dir, id, files);
    if (rules !== undefined) routingRules[id] = rules;
    flows.push({ id, flow: JSON.parse(text) as unknown, endpoint });
  }
  // Boundary: calendar.json ships with the product and is covered by the seed tests.
  const calendar = JSON.parse(readFileSync(join(dir, 'calendar.json'), 'utf8')) as {
    resources: CalendarResource[];
    lookups: Record<string, LookupRow[]>;
  };
  return { flows, flowJson, endpointConfigs, routingRules, resources: calendar.resources, lookups: calendar.lookups };
}

/**
 * Reads `<id>.routing.json` (`{"rules": [...]}`, the format of `PUT /flows/{id}/routing`) when the seed
 * folder has one; an invalid rule throws: seeds ship with the product and must be valid.
 */
export function readSeedRoutingRules(dir: string, id: string, files: readonly string[]): RoutingRuleInput[] | undefined {
  const file = `${id}.routing.json`;
  if (!files.includes(file)) return undefined;
  const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { rules?: unknown };
  if (!Array.isArray(raw.rules)) throw new Error(`seed ${file} has no "rules" array`);
  return raw.rules.map((rule: unknown, index) => {
    const stored = toStoredRoutingRule(rule);
    if (!stored.ok) throw new Error(`seed ${file} rule ${index} is invalid: ${stored.problems.problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    return stored.input;
  });
}
