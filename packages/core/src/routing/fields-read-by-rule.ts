import { routingActionOptions } from './routing-action.js';
import type { RoutingCondition, RoutingRule } from './routing-rule.js';
import { isJsonObject } from '../json/is-json-object.js';

/** One answer field a rule reads, and where: in a condition or in a connector's configuration. */
export interface FieldRead {
  /** Dotted path of the answer field (`address.city`); context fields (`$contact…`) are not answer fields and are left out. */
  readonly field: string;
  readonly by: 'condition' | 'connector';
  /** The action type for a connector read (`slack`, `set_fields`…). */
  readonly connector?: string;
}

const TEMPLATE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * The answer fields a routing rule reads: every field its conditions test, and the fields its actions'
 * connectors read (`{{field}}` in Slack texts and ticket titles, `set_fields.copy` sources, `book_slot.slotField`, default `slot`).
 * A webhook sends the whole answer and names no field. Each field is listed once per reader.
 */
export function fieldsReadByRule(rule: RoutingRule): FieldRead[] {
  const reads = new Map<string, FieldRead>();
  const add = (read: FieldRead): void => {
    if (read.field === '' || read.field.startsWith('$')) return;
    reads.set(`${read.by} ${read.connector ?? ''} ${read.field}`, read);
  };
  if (rule.when !== undefined) for (const field of conditionFields(rule.when)) add({ field, by: 'condition' });
  for (const action of rule.actions) {
    const connector = action.type;
    const config: Readonly<Record<string, unknown>> = action;
    // The registry marks the options through which a connector reads answer fields.
    for (const [key, spec] of routingActionOptions(connector)) {
      const value = config[key] ?? spec.default;
      if (spec.reads === 'template' && typeof value === 'string') for (const match of value.matchAll(TEMPLATE)) add({ field: match[1] ?? '', by: 'connector', connector });
      if (spec.reads === 'paths' && isJsonObject(value)) for (const source of Object.values(value)) if (typeof source === 'string') add({ field: source, by: 'connector', connector });
      if (spec.reads === 'path' && typeof value === 'string') add({ field: value, by: 'connector', connector });
    }
  }
  return [...reads.values()];
}

function conditionFields(condition: RoutingCondition): string[] {
  switch (condition.kind) {
    case 'field':
      return [condition.field.join('.')];
    case 'all':
    case 'any':
      return condition.conditions.flatMap(conditionFields);
    case 'not':
      return conditionFields(condition.condition);
  }
}
