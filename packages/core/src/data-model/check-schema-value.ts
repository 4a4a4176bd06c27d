import type { RawProblem } from '../problem.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Checks one value against a data-model declaration (`type`, `items`, `properties`, `enum`),
 * appending problems with pointers relative to the screen data. Unknown schema shapes accept anything,
 * since the validator (not this check) reports broken data models.
 */
export function checkSchemaValue(schema: unknown, value: unknown, pointer: string, out: RawProblem[]): void {
  if (schema === true || typeof schema !== 'object' || schema === null) return;
  const declared = schema as { type?: unknown; items?: unknown; properties?: unknown; enum?: unknown };
  const type = declared.type;
  if (typeof type === 'string' && !matchesType(type, value)) {
    out.push({
      code: 'FLOWLINE_SCREEN_DATA_TYPE',
      severity: 'error',
      message: `Expected ${pointer || 'data'} to be of type ${type}, got ${describe(value)}`,
      pointer,
    });
    return;
  }
  if (Array.isArray(declared.enum) && !declared.enum.some((allowed) => allowed === value)) {
    out.push({ code: 'FLOWLINE_SCREEN_DATA_ENUM', severity: 'error', message: `${pointer} is not one of the allowed values`, pointer });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkSchemaValue(declared.items, item, `${pointer}/${index}`, out));
    return;
  }
  if (typeof value === 'object' && value !== null && typeof declared.properties === 'object' && declared.properties !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, propertySchema] of Object.entries(declared.properties as Record<string, unknown>)) {
      if (!(key in record)) continue;
      checkSchemaValue(propertySchema, record[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
