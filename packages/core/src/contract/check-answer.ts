import type { RawProblem } from '../problem.js';
import type { JsonSchema, JsonSchemaType } from './json-schema.js';
import { isJsonObject } from '../json/is-json-object.js';

const MAX_PROBLEMS = 50;

/**
 * Checks a value against the draft-07 subset the answer contract uses (type, const, properties,
 * required, additionalProperties, items, anyOf); returns problems with JSON pointers, empty when it fits.
 */
export function checkAnswer(schema: JsonSchema, value: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  check(schema, value, '', problems);
  return problems.slice(0, MAX_PROBLEMS);
}

function check(schema: JsonSchema, value: unknown, pointer: string, out: RawProblem[]): void {
  if (out.length >= MAX_PROBLEMS) return;
  const report = (code: string, message: string, at = pointer): void => {
    out.push({ code, severity: 'error', message, pointer: at });
  };
  if (schema.anyOf !== undefined) {
    const fits = schema.anyOf.some((option) => checkAnswer(option, value).length === 0);
    if (!fits) {
      // Report the closest alternative's problems, so the message names the field that is wrong.
      const best = schema.anyOf.map((option) => checkAnswer(option, value)).sort((a, b) => a.length - b.length)[0];
      if (best === undefined || best.length === 0) report('ANSWER_NO_ALTERNATIVE', 'the answer matches none of the Flow\'s completion payloads');
      else for (const p of best) out.push({ ...p, pointer: pointer + p.pointer });
    }
  }
  if (schema.type !== undefined) {
    const types: readonly JsonSchemaType[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => hasType(value, t))) {
      report('ANSWER_WRONG_TYPE', `expected ${types.join(' or ')}, got ${typeName(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) report('ANSWER_WRONG_VALUE', `expected ${JSON.stringify(schema.const)}`);
  if (isJsonObject(value)) {
    for (const key of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) report('ANSWER_MISSING_FIELD', `missing required field "${key}"`, `${pointer}/${escape(key)}`);
    }
    for (const [key, item] of Object.entries(value)) {
      const sub = schema.properties?.[key];
      if (sub !== undefined) check(sub, item, `${pointer}/${escape(key)}`, out);
      else if (schema.additionalProperties === false) report('ANSWER_UNEXPECTED_FIELD', `unexpected field "${key}"`, `${pointer}/${escape(key)}`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    value.forEach((item: unknown, i) => check(items, item, `${pointer}/${i}`, out));
  }
}

function hasType(value: unknown, type: JsonSchemaType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
    case 'boolean':
      return typeof value === type;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
