import type { RawProblem } from '../problem.js';
import { DEFAULT_SENSITIVE_INPUT_TYPES, type Policy, type PolicySeverity, type SensitivePolicy } from './policy.js';
import { isJsonObject } from '../json/is-json-object.js';

/** The outcome of reading a policy file: a policy, or the problems that make it unusable. */
export type ParsePolicyResult = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly problems: readonly RawProblem[] };

const KEYS = new Set(['maxScreens', 'maxComponentsPerScreen', 'requireSensitive', 'allowedVersions', 'severity']);
const SEVERITIES = new Set(['error', 'warning', 'off']);
const VERSION = /^\d+\.\d+$/;

function bad(message: string, pointer: string): RawProblem {
  return { code: 'FLOWLINE_INVALID_POLICY', severity: 'error', message, pointer };
}

function parseLimit(value: unknown, key: string, problems: RawProblem[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    problems.push(bad(`'${key}' must be a positive integer.`, `/${key}`));
    return undefined;
  }
  return value;
}

function parseStrings(value: unknown, pointer: string, problems: RawProblem[]): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    problems.push(bad(`'${pointer.slice(1)}' must be an array of strings.`, pointer));
    return undefined;
  }
  return value;
}

function parseSensitive(value: unknown, problems: RawProblem[]): SensitivePolicy | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { inputTypes: DEFAULT_SENSITIVE_INPUT_TYPES, namePatterns: [] };
  if (!isJsonObject(value)) {
    problems.push(bad("'requireSensitive' must be true, false or an object with 'inputTypes' and 'namePatterns'.", '/requireSensitive'));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'inputTypes' && key !== 'namePatterns') problems.push(bad(`Unknown key '${key}' in 'requireSensitive'.`, `/requireSensitive/${key}`));
  }
  const inputTypes = value['inputTypes'] === undefined ? DEFAULT_SENSITIVE_INPUT_TYPES : parseStrings(value['inputTypes'], '/requireSensitive/inputTypes', problems);
  const namePatterns = value['namePatterns'] === undefined ? [] : parseStrings(value['namePatterns'], '/requireSensitive/namePatterns', problems);
  if (inputTypes === undefined || namePatterns === undefined) return undefined;
  return { inputTypes, namePatterns: namePatterns.map((p) => p.toLowerCase()) };
}

function parseSeverity(value: unknown, problems: RawProblem[]): Record<string, PolicySeverity> | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) {
    problems.push(bad("'severity' must be an object mapping FLOWLINE_* codes to 'error', 'warning' or 'off'.", '/severity'));
    return undefined;
  }
  const out: Record<string, PolicySeverity> = {};
  for (const [code, level] of Object.entries(value)) {
    const pointer = `/severity/${code.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!code.startsWith('FLOWLINE_')) {
      problems.push(bad(`Only Flowline checks (FLOWLINE_*) can change severity; '${code}' is Meta's and always an error.`, pointer));
    } else if (typeof level !== 'string' || !SEVERITIES.has(level)) {
      problems.push(bad(`Severity of '${code}' must be 'error', 'warning' or 'off'.`, pointer));
    } else {
      out[code] = level as PolicySeverity;
    }
  }
  return out;
}

/** Parses a policy file's JSON value (format in docs/policy.md), reporting every problem found. */
export function parsePolicy(value: unknown): ParsePolicyResult {
  if (!isJsonObject(value)) return { ok: false, problems: [bad('A policy must be a JSON object.', '')] };
  const problems: RawProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!KEYS.has(key)) problems.push(bad(`Unknown policy key '${key}'.`, `/${key}`));
  }
  const maxScreens = parseLimit(value['maxScreens'], 'maxScreens', problems);
  const maxComponentsPerScreen = parseLimit(value['maxComponentsPerScreen'], 'maxComponentsPerScreen', problems);
  const requireSensitive = parseSensitive(value['requireSensitive'], problems);
  let allowedVersions: string[] | undefined;
  if (value['allowedVersions'] !== undefined) {
    allowedVersions = parseStrings(value['allowedVersions'], '/allowedVersions', problems);
    allowedVersions?.forEach((v, i) => {
      if (!VERSION.test(v)) problems.push(bad(`'${v}' is not a Flow JSON version ("major.minor").`, `/allowedVersions/${i}`));
    });
  }
  const severity = parseSeverity(value['severity'], problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    policy: {
      ...(maxScreens !== undefined ? { maxScreens } : {}),
      ...(maxComponentsPerScreen !== undefined ? { maxComponentsPerScreen } : {}),
      ...(requireSensitive !== undefined ? { requireSensitive } : {}),
      ...(allowedVersions !== undefined ? { allowedVersions } : {}),
      ...(severity !== undefined ? { severity } : {}),
    },
  };
}
