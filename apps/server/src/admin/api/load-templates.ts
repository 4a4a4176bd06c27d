import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoutingRuleInput } from '@flowline/storage';
import { readSeedRoutingRules, SEEDS_DIR } from '../seeds/load-seeds.js';

/** A Flow to start from: the seed Flows with their declarative endpoint configuration. */
export interface FlowTemplate {
  readonly id: string;
  readonly name: string;
  readonly flowJson: string;
  readonly endpointConfig: unknown;
  /** The routing rules a Flow created from the template starts with (what its description promises). */
  readonly routingRules?: readonly RoutingRuleInput[];
}

/** Reads the templates (every `<id>.flow.json` with its optional `<id>.endpoint.json` and `<id>.routing.json`) from the seed folder. */
export function loadTemplates(dir: string = SEEDS_DIR): FlowTemplate[] {
  const files = readdirSync(dir);
  return files
    .filter((f) => f.endsWith('.flow.json'))
    .sort()
    .map((file) => {
      const id = file.slice(0, -'.flow.json'.length);
      const endpointFile = `${id}.endpoint.json`;
      const endpointConfig: unknown = files.includes(endpointFile) ? JSON.parse(readFileSync(join(dir, endpointFile), 'utf8')) : undefined;
      const routingRules = readSeedRoutingRules(dir, id, files);
      return { id, name: toTitle(id), flowJson: readFileSync(join(dir, file), 'utf8'), endpointConfig, ...(routingRules === undefined ? {} : { routingRules }) };
    });
}

function toTitle(id: string): string {
  const words = id.split('-');
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}
