import type { RuleDraft } from './rule-draft.js';

const OPERAND_KEYS = new Set(['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists']);

/**
 * Where in the rule form a problem is, in the words of the form ("Condition 2 · Field", "Action 1
 * (ticket) · queue"), from the problem's JSON pointer into the rule. Conditions are counted as the
 * form shows them, whether the rule holds one condition or a group.
 */
export function toProblemPlace(pointer: string, draft: Pick<RuleDraft, 'actions'>): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [head, ...rest] = segments;
  switch (head) {
    case undefined:
    case '':
      return 'This rule';
    case 'name':
      return 'Rule name';
    case 'enabled':
      return 'Enabled';
    case 'stop':
      return 'Stop after this rule';
    case 'default':
      return 'Applies when';
    case 'when':
      return conditionPlace(rest);
    case 'actions': {
      const index = Number(rest[0]);
      if (!Number.isInteger(index)) return 'Actions';
      const type = draft.actions[index]?.type;
      const option = rest[1];
      return `Action ${index + 1}${type === undefined ? '' : ` (${type})`}${option === undefined || option === 'type' ? '' : ` · ${option}`}`;
    }
    default:
      return 'This rule';
  }
}

function conditionPlace(rest: readonly string[]): string {
  const grouped = rest[0] === 'all' || rest[0] === 'any';
  const index = grouped ? Number(rest[1]) : 0;
  const part = grouped ? rest[2] : rest[0];
  if (grouped && !Number.isInteger(index)) return 'Conditions';
  const where = `Condition ${index + 1}`;
  if (part === undefined) return where;
  if (part === 'field') return `${where} · Field`;
  if (OPERAND_KEYS.has(part)) return `${where} · Value`;
  return where;
}
