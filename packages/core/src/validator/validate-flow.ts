import { locatePointer, parseJsonWithPositions } from '../json/index.js';
import { findFlowJsonVersion } from '../model/index.js';
import type { Policy } from '../policy/index.js';
import type { Problem, RawProblem } from '../problem.js';
import type { Rule, RuleContext } from './rule.js';
import { schemaRules } from './schema/index.js';
import { semanticRules } from './semantic-rules.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Options of a validation run. */
export interface ValidateOptions {
  /** The organisation's policy; its findings use `FLOWLINE_POLICY_*` codes. */
  readonly policy?: Policy;
  /** The current date, for version-expiry warnings (the core has no clock). */
  readonly now?: Date;
}

/** The outcome of validating a Flow JSON document. `valid` means no errors (warnings allowed). */
export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

/** Code of the problem reported when a rule throws (a defect: tests assert it never appears). */
export const INTERNAL_ERROR_CODE = 'FLOWLINE_INTERNAL_ERROR';

/** Runs every rule on a parsed document and returns its problems without positions. */
export function collectProblems(doc: unknown, options: ValidateOptions = {}): RawProblem[] {
  const problems: RawProblem[] = [];
  const rawVersion = isJsonObject(doc) ? doc['version'] : undefined;
  const version = typeof rawVersion === 'string' && findFlowJsonVersion(rawVersion) !== undefined ? rawVersion : undefined;
  const ctx: RuleContext = {
    doc,
    version,
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    report: (problem) => problems.push(problem),
  };
  const rules: readonly Rule[] = [...schemaRules, ...semanticRules];
  for (const rule of rules) {
    try {
      rule(ctx);
    } catch (error) {
      problems.push({
        code: INTERNAL_ERROR_CODE,
        severity: 'error',
        message: `Internal validator error in rule '${rule.name || 'anonymous'}': ${error instanceof Error ? error.message : String(error)}`,
        pointer: '',
      });
    }
  }
  return applySeverity(problems, options.policy);
}

/** Applies the policy's severity overrides to Flowline's own checks and drops those turned off. */
function applySeverity(problems: RawProblem[], policy: Policy | undefined): RawProblem[] {
  const overrides = policy?.severity;
  if (overrides === undefined) return problems;
  const out: RawProblem[] = [];
  for (const problem of problems) {
    const level = problem.code.startsWith('FLOWLINE_') ? overrides[problem.code] : undefined;
    if (level === 'off') continue;
    out.push(level === undefined ? problem : { ...problem, severity: level });
  }
  return out;
}

/** Validates a parsed Flow JSON value; positions are 1:1 (no source text). */
export function validateFlowDocument(doc: unknown, options: ValidateOptions = {}): ValidationResult {
  return split(collectProblems(doc, options).map((p) => ({ ...p, line: 1, column: 1 })));
}

/**
 * Validates Flow JSON text: syntax (`INVALID_FLOW_JSON` with line and column), Meta's schema and
 * semantic rules, Flowline's warnings and the policy. Never throws; problems are sorted by position.
 */
export function validateFlow(text: string, options: ValidateOptions = {}): ValidationResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const parsed = parseJsonWithPositions(text);
    if (parsed.ok) {
      doc = parsed.value;
    } else {
      const { message, line, column } = parsed.error;
      return split([{ code: 'INVALID_FLOW_JSON', severity: 'error', message: `Flow JSON is not valid. ${message}`, pointer: '', line, column }]);
    }
  }
  const raw = collectProblems(doc, options);
  if (raw.length === 0) return { valid: true, errors: [], warnings: [] };
  const located = raw.map((problem): Problem => {
    const at = locate(text, problem);
    return { ...problem, line: at.line, column: at.column };
  });
  located.sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.code, b.code) || compareText(a.message, b.message));
  return split(located);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function split(problems: Problem[]): ValidationResult {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  return { valid: errors.length === 0, errors, warnings };
}

function locate(text: string, problem: RawProblem): { line: number; column: number } {
  const options = {
    ...(problem.atKey === true ? { atKey: true } : {}),
    ...(problem.offset !== undefined ? { offset: problem.offset } : {}),
  };
  return locatePointer(text, problem.pointer, options) ?? { line: 1, column: 1 };
}
