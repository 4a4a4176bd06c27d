import { isJsonObject } from '@flowline/core';
import { readJson } from '../read-json.js';

/** A Flow whose latest or published version uses a Flow JSON version Meta has frozen or announced to freeze. */
export interface FrozenFlow {
  readonly flowId: string;
  readonly name: string;
  readonly latestVersion: number | undefined;
  readonly flowJsonVersion: string;
  readonly kind: 'frozen' | 'freezing';
  readonly frozenOn: string | undefined;
  readonly daysLeft: number | undefined;
}

/** Reads `GET /flow-json-versions` (the server dates the freeze with its clock): the Flows with a freeze status, frozen first. */
export function toFrozenFlows(body: unknown): FrozenFlow[] {
  const flows = readJson.list(body, (item): FrozenFlow | undefined => {
    if (!isJsonObject(item) || !isJsonObject(item['freeze'])) return undefined;
    const freeze = item['freeze'];
    const kind = freeze['kind'] === 'frozen' || freeze['kind'] === 'freezing' ? freeze['kind'] : undefined;
    const flowId = readJson.string(item['flowId']);
    const flowJsonVersion = readJson.string(freeze['version']);
    if (kind === undefined || flowId === undefined || flowJsonVersion === undefined) return undefined;
    return {
      flowId,
      name: readJson.string(item['name']) ?? flowId,
      latestVersion: readJson.number(item['latestVersion']),
      flowJsonVersion,
      kind,
      frozenOn: readJson.string(freeze['frozenOn']),
      daysLeft: readJson.number(freeze['daysLeft']),
    };
  });
  return flows.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'frozen' ? -1 : 1));
}

/** The sentence of one Flow in the notice. */
export function describeFreeze(flow: FrozenFlow): string {
  if (flow.kind === 'frozen') return `Flow JSON ${flow.flowJsonVersion} is frozen${flow.frozenOn === undefined ? '' : ` since ${flow.frozenOn}`}: it can no longer be published or updated on Meta.`;
  return `Flow JSON ${flow.flowJsonVersion} freezes on ${flow.frozenOn ?? '?'}${flow.daysLeft === undefined ? '' : ` (in ${flow.daysLeft} day${flow.daysLeft === 1 ? '' : 's'})`}.`;
}
