import { isJsonObject, type JsonObject } from '@flowline/core';
import { str } from '../json-fields.js';

/** A review step as the studio shows it. */
export interface ReviewStep {
  readonly kind: string;
  readonly actor: string;
  readonly role: string;
  readonly body: string | undefined;
  readonly at: number;
}

/** A change of the answer contract, as one readable line, and whether a routing rule or connector reads it. */
export interface ContractLine {
  readonly text: string;
  readonly breaking: boolean;
  /** The rules reading the field ("Urgent leads (condition)"). */
  readonly readers: readonly string[];
}

/** One scenario test's result against the reviewed version: pass or fail, and where and why it failed. */
export interface ScenarioLine {
  readonly name: string;
  readonly passed: boolean;
  /** The failing step (1-based) and its JSON, when a step failed. */
  readonly step: number | undefined;
  readonly stepJson: string | undefined;
  readonly message: string | undefined;
  /** The last lines of what happened on the simulated phone. */
  readonly transcript: readonly string[];
}

/** The Flow's scenario tests run against the reviewed version. */
export interface ScenarioRun {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly ScenarioLine[];
}

/** What the review page shows of `GET /flows/{id}/versions/{v}/review`. */
export interface Review {
  readonly version: number;
  readonly state: string;
  readonly author: string;
  readonly submittedBy: string | undefined;
  readonly base: number | undefined;
  readonly approvals: readonly { actor: string; override: string | undefined }[];
  readonly approvalsRequired: number;
  readonly reviewRequired: boolean;
  readonly steps: readonly ReviewStep[];
  readonly contract: readonly ContractLine[];
  readonly routingChanges: readonly { actor: string; at: number; before: readonly string[]; after: readonly string[] }[];
  readonly scenarios: ScenarioRun;
  readonly can: Readonly<Record<'submit' | 'approve' | 'requestChanges' | 'comment' | 'publish' | 'emergencyPublish', boolean>>;
  readonly why: string | undefined;
}

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function describeChange(change: JsonObject): string {
  const path = str(change['path']) ?? '?';
  switch (change['kind']) {
    case 'added': return `added ${path} (${str(change['type']) ?? '?'})`;
    case 'removed': return `removed ${path} (${str(change['type']) ?? '?'})`;
    case 'renamed': return `renamed ${path} → ${str(change['to']) ?? '?'}`;
    case 'type_changed': return `${path} changed type ${str(change['from']) ?? '?'} → ${str(change['to']) ?? '?'}`;
    default: return path;
  }
}

function toScenarioRun(value: unknown): ScenarioRun {
  const run = isJsonObject(value) ? value : {};
  const results = list(run['results']).filter(isJsonObject).map((r): ScenarioLine => {
    const failure = isJsonObject(r['failure']) ? r['failure'] : undefined;
    return {
      name: str(r['name']) ?? '?',
      passed: r['passed'] === true,
      step: typeof failure?.['step'] === 'number' ? failure['step'] : undefined,
      stepJson: failure === undefined ? undefined : str(failure['stepJson']),
      message: failure === undefined ? undefined : str(failure['message']),
      transcript: list(r['transcript']).filter((line): line is string => typeof line === 'string'),
    };
  });
  const passed = results.filter((r) => r.passed).length;
  return { total: results.length, passed, failed: results.length - passed, results };
}

/** Reads the review report (tolerant: a missing part reads as empty). */
export function toReview(body: unknown): Review | undefined {
  if (!isJsonObject(body) || typeof body['version'] !== 'number') return undefined;
  const contract = isJsonObject(body['contract']) ? body['contract'] : {};
  const breaking = list(contract['breaking']).filter(isJsonObject);
  const readersOf = (path: string) => breaking
    .filter((b) => isJsonObject(b['change']) && b['change']['path'] === path)
    .flatMap((b) => list(b['readers']).filter(isJsonObject).map((r) => `${str(r['ruleName']) ?? '?'} (${isJsonObject(r['read']) ? (str(r['read']['by']) ?? '?') : '?'})`));
  const settings = isJsonObject(body['settings']) ? body['settings'] : {};
  const routing = isJsonObject(body['routing']) ? body['routing'] : {};
  const names = (rules: unknown) => list(rules).filter(isJsonObject).map((r) => str(r['name']) ?? '?');
  const can = isJsonObject(body['can']) ? body['can'] : {};
  const flag = (key: string) => can[key] === true;
  return {
    version: body['version'],
    state: str(body['state']) ?? 'draft',
    author: str(body['author']) ?? '?',
    submittedBy: str(body['submittedBy']),
    base: typeof body['base'] === 'number' ? body['base'] : undefined,
    approvals: list(body['approvals']).filter(isJsonObject).map((a) => ({ actor: str(a['actor']) ?? '?', override: str(a['override']) })),
    approvalsRequired: num(settings['approvalsRequired']) || 1,
    reviewRequired: settings['reviewRequired'] !== false,
    steps: list(body['events']).filter(isJsonObject).map((e) => ({ kind: str(e['kind']) ?? '?', actor: str(e['actor']) ?? '?', role: str(e['role']) ?? '?', body: str(e['body']), at: num(e['at']) })),
    contract: list(contract['changes']).filter(isJsonObject).map((c) => {
      const readers = readersOf(str(c['path']) ?? '');
      return { text: describeChange(c), breaking: readers.length > 0, readers };
    }),
    routingChanges: list(routing['changes']).filter(isJsonObject).map((c) => ({ actor: str(c['actor']) ?? '?', at: num(c['at']), before: names(c['before']), after: names(c['after']) })),
    scenarios: toScenarioRun(body['scenarios']),
    can: { submit: flag('submit'), approve: flag('approve'), requestChanges: flag('requestChanges'), comment: flag('comment'), publish: flag('publish'), emergencyPublish: flag('emergencyPublish') },
    why: str(body['why']),
  };
}

/** A review state in words. */
export function stateLabel(state: string): string {
  return state.replace(/_/g, ' ');
}

/** One audit entry as the audit page shows it. */
export interface AuditRow {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

const brief = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** Reads one audit entry. */
export function toAuditRow(value: unknown): AuditRow | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = str(value['id']);
  if (id === undefined) return undefined;
  return {
    id, at: num(value['at']), actor: str(value['actor']) ?? '?', action: str(value['action']) ?? '?',
    target: `${str(value['targetType']) ?? '?'} ${str(value['targetId']) ?? ''}`.trim(),
    before: brief(value['before']), after: brief(value['after']),
  };
}
