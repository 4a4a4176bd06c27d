import { type BackAndForth, isJsonObject } from '@flowline/core';
import { readJson } from '../read-json.js';

/** `GET /flows/{id}/back-and-forth`: overall, per version, and the same queues' tickets without a Flow. */
export interface BackAndForthView {
  readonly overall: BackAndForth;
  readonly versions: ReadonlyMap<number, BackAndForth>;
  readonly withoutFlow: BackAndForth & { readonly queues: readonly string[] };
}

function toMeasures(value: unknown): BackAndForth | undefined {
  if (!isJsonObject(value)) return undefined;
  const tickets = readJson.number(value['tickets']);
  if (tickets === undefined) return undefined;
  return {
    tickets,
    messagesExchanged: readJson.number(value['messagesExchanged']) ?? 0,
    messagesPerTicket: readJson.number(value['messagesPerTicket']) ?? null,
    medianHandlingMs: readJson.number(value['medianHandlingMs']) ?? null,
    resolvedWithoutClarification: readJson.number(value['resolvedWithoutClarification']) ?? 0,
    shareWithoutClarification: readJson.number(value['shareWithoutClarification']) ?? null,
  };
}

/** Reads the body; undefined when it is not one. */
export function toBackAndForthView(body: unknown): BackAndForthView | undefined {
  if (!isJsonObject(body)) return undefined;
  const overall = toMeasures(body['overall']);
  const without = toMeasures(body['withoutFlow']);
  if (overall === undefined || without === undefined) return undefined;
  const versions = new Map<number, BackAndForth>();
  for (const item of readJson.items(body['versions'])) {
    const measures = toMeasures(item);
    const version = isJsonObject(item) ? readJson.number(item['version']) : undefined;
    if (measures !== undefined && version !== undefined) versions.set(version, measures);
  }
  return { overall, versions, withoutFlow: { ...without, queues: isJsonObject(body['withoutFlow']) ? readJson.strings(body['withoutFlow']['queues']) : [] } };
}
