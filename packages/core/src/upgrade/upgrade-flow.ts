import { compareVersions, findFlowJsonVersion, FLOW_JSON_VERSIONS, LATEST_FLOW_JSON_VERSION } from '../model/index.js';
import type { Policy } from '../policy/index.js';
import { validateFlow } from '../validator/validate-flow.js';
import type { UpgradeChange, UpgradeIssue, UpgradeResult } from './upgrade-report.js';
import type { UpgradeStepContext } from './upgrade-step.js';
import { UPGRADE_STEPS } from './upgrade-steps.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Options of `upgradeFlow`. */
export interface UpgradeOptions {
  /** The version to reach (default: the newest the registry knows). */
  readonly to?: string;
  /** Passed to the validator (version-freeze warnings); the core has no clock. */
  readonly now?: Date;
  readonly policy?: Policy;
}

/**
 * Migrates a Flow JSON document to a newer version, one registry step at a time (`UPGRADE_STEPS`): rewrites
 * what changed, reports what it could not migrate (stable codes and JSON pointers), then validates the result at
 * the target version. Never throws and never changes its input.
 */
export function upgradeFlow(input: unknown, options: UpgradeOptions = {}): UpgradeResult {
  const to = options.to ?? LATEST_FLOW_JSON_VERSION;
  const rawFrom = isJsonObject(input) ? input['version'] : undefined;
  const from = typeof rawFrom === 'string' ? rawFrom : '';
  const refuse = (code: string, pointer: string, message: string): UpgradeResult => ({
    ok: false, from, to, flow: undefined, text: undefined, changes: [], validation: undefined,
    issues: [{ kind: 'manual', code, pointer, message, step: `${from}→${to}` }],
  });
  if (findFlowJsonVersion(to) === undefined) {
    return refuse('UPGRADE_UNKNOWN_TARGET', '', `Unknown target version '${to}' (known: ${FLOW_JSON_VERSIONS.map((v) => v.version).join(', ')}).`);
  }
  if (!isJsonObject(input) || !Array.isArray(input['screens'])) return refuse('UPGRADE_NOT_A_FLOW', '', 'The document is not a Flow JSON object with screens.');
  if (findFlowJsonVersion(from) === undefined) return refuse('UPGRADE_UNKNOWN_VERSION', '/version', `The document's version ${JSON.stringify(rawFrom ?? null)} is not a Flow JSON version the registry knows.`);
  if (compareVersions(to, from) < 0) return refuse('UPGRADE_TARGET_OLDER', '/version', `The document is already at ${from}; upgrades do not go back to ${to}.`);

  const changes: UpgradeChange[] = [];
  const issues: UpgradeIssue[] = [];
  let doc = cloneJson(input);
  for (const step of UPGRADE_STEPS) {
    if (compareVersions(step.from, from) < 0 || compareVersions(step.to, to) > 0) continue;
    const name = `${step.from}→${step.to}`;
    const ctx: UpgradeStepContext = {
      from,
      to,
      change: (code, pointer, message) => changes.push({ code, pointer, message, step: name }),
      issue: (kind, code, pointer, message) => issues.push({ kind, code, pointer, message, step: name }),
    };
    // Each step gets a fresh copy: the validator's index is memoised per object and must not see a stale one.
    const next = cloneJson(doc);
    step.apply?.(next, ctx);
    next['version'] = step.to;
    doc = next;
  }
  if (from !== to) changes.push({ code: 'VERSION_SET', pointer: '/version', message: `version ${from} → ${to}.`, step: `${from}→${to}` });

  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const validation = validateFlow(text, { ...(options.now === undefined ? {} : { now: options.now }), ...(options.policy === undefined ? {} : { policy: options.policy }) });
  const reported = new Set(issues.filter((i) => i.kind === 'manual').map((i) => i.pointer));
  for (const error of validation.errors) {
    // A step already explained this place in its own words.
    if (reported.has(error.pointer)) continue;
    issues.push({ kind: 'manual', code: 'UPGRADE_INVALID_AT_TARGET', pointer: error.pointer, message: error.message, step: 'validation', validatorCode: error.code });
  }
  const ok = validation.valid && issues.every((i) => i.kind !== 'manual');
  return { ok, from, to, flow: doc, text, changes, issues, validation };
}

function cloneJson(value: Record<string, unknown>): Record<string, unknown> {
  // Boundary: a JSON object round-trips through JSON as an object.
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
