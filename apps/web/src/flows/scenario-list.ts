import { isJsonObject } from '@flowline/core';
import { str } from '../json-fields.js';

/** A stored scenario test as the Flow page lists it. */
export interface ScenarioListItem {
  readonly name: string;
  readonly steps: number;
  readonly updatedBy: string;
  /** The scenario document as stored (what the editor shows and saves back). */
  readonly scenario: unknown;
}

/** Reads `GET /flows/{id}/scenarios` (tolerant: anything unreadable is left out). */
export function toScenarioList(body: unknown): readonly ScenarioListItem[] {
  const items = isJsonObject(body) && Array.isArray(body['items']) ? body['items'] : [];
  return items.filter(isJsonObject).flatMap((item) => {
    const name = str(item['name']);
    if (name === undefined) return [];
    const scenario = item['scenario'];
    const steps = isJsonObject(scenario) && Array.isArray(scenario['steps']) ? scenario['steps'].length : 0;
    return [{ name, steps, updatedBy: str(item['updatedBy']) ?? '?', scenario }];
  });
}
