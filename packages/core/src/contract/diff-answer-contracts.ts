import type { FieldRead } from '../routing/fields-read-by-rule.js';
import type { AnswerContract } from './derive-answer-contract.js';
import type { JsonSchema } from './json-schema.js';

/** One field of a completion answer: its dotted path and its type (`string`, `number|null`…). */
export interface ContractField {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
}

/** How one field differs between two contracts. */
export type ContractChange =
  | { readonly kind: 'added'; readonly path: string; readonly type: string }
  | { readonly kind: 'removed'; readonly path: string; readonly type: string }
  | { readonly kind: 'renamed'; readonly path: string; readonly to: string; readonly type: string }
  | { readonly kind: 'type_changed'; readonly path: string; readonly from: string; readonly to: string };

/** A change that breaks a rule or connector reading the field. */
export interface BreakingChange {
  readonly change: ContractChange;
  /** The rules (by id and name) whose conditions or connectors read the field. */
  readonly readers: readonly { readonly ruleId: string; readonly ruleName: string; readonly read: FieldRead }[];
}

/** A rule with the fields it reads (see fieldsReadByRule). */
export interface RuleReads {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly reads: readonly FieldRead[];
}

const MAX_DEPTH = 8;

/** The fields of a contract's completion answer, nested objects flattened to dotted paths (`flow_token` left out). */
export function contractFields(contract: AnswerContract): ContractField[] {
  const fields: ContractField[] = [];
  const walk = (schema: JsonSchema, prefix: string, depth: number): void => {
    const required = new Set(schema.required ?? []);
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      if (prefix === '' && name === 'flow_token') continue;
      const path = prefix === '' ? name : `${prefix}.${name}`;
      fields.push({ path, type: typeOf(child), required: required.has(name) });
      if (child.properties !== undefined && depth < MAX_DEPTH) walk(child, path, depth + 1);
    }
  };
  walk(contract.completion, '', 0);
  return fields;
}

function typeOf(schema: JsonSchema): string {
  if (schema.type !== undefined) return typeof schema.type === 'string' ? schema.type : [...schema.type].sort().join('|');
  if (schema.const !== undefined) return schema.const === null ? 'null' : typeof schema.const;
  if (schema.anyOf !== undefined) return [...new Set(schema.anyOf.map(typeOf))].sort().join('|');
  return 'any';
}

/**
 * The changes from one contract to the next: fields added, removed and changed in type. A field removed
 * and another added with the same type under the same parent, when that is the only such pair, is
 * reported as renamed (a guess a reviewer reads as such).
 */
export function diffAnswerContracts(before: AnswerContract, after: AnswerContract): ContractChange[] {
  const old = new Map(contractFields(before).map((f) => [f.path, f]));
  const now = new Map(contractFields(after).map((f) => [f.path, f]));
  const removed = [...old.values()].filter((f) => !now.has(f.path));
  const added = [...now.values()].filter((f) => !old.has(f.path));
  const changes: ContractChange[] = [];
  const renamedFrom = new Set<string>();
  const renamedTo = new Set<string>();
  const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('.')));
  for (const gone of removed) {
    const sameType = (f: ContractField) => f.type === gone.type && parentOf(f.path) === parentOf(gone.path);
    const candidates = added.filter(sameType);
    const rivals = removed.filter(sameType);
    const only = candidates[0];
    if (candidates.length === 1 && rivals.length === 1 && only !== undefined) {
      changes.push({ kind: 'renamed', path: gone.path, to: only.path, type: gone.type });
      renamedFrom.add(gone.path);
      renamedTo.add(only.path);
    }
  }
  for (const gone of removed) if (!renamedFrom.has(gone.path)) changes.push({ kind: 'removed', path: gone.path, type: gone.type });
  for (const fresh of added) if (!renamedTo.has(fresh.path)) changes.push({ kind: 'added', path: fresh.path, type: fresh.type });
  for (const [path, field] of now) {
    const was = old.get(path);
    if (was !== undefined && was.type !== field.type) changes.push({ kind: 'type_changed', path, from: was.type, to: field.type });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The changes that break a reader: a field removed, renamed or changed in type that a rule's condition or
 * connector reads (the field itself, or a field below it).
 */
export function breakingChanges(changes: readonly ContractChange[], rules: readonly RuleReads[]): BreakingChange[] {
  const breaking: BreakingChange[] = [];
  for (const change of changes) {
    if (change.kind === 'added') continue;
    const readers = rules.flatMap((rule) => rule.reads
      .filter((read) => read.field === change.path || read.field.startsWith(`${change.path}.`))
      .map((read) => ({ ruleId: rule.ruleId, ruleName: rule.ruleName, read })));
    if (readers.length > 0) breaking.push({ change, readers });
  }
  return breaking;
}
