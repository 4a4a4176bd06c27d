import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { indexFlow } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { isJsonObject, type JsonObject } from '../../json/is-json-object.js';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);

function problem(message: string, pointer: string, atKey = false): RawProblem {
  return atKey
    ? { code: 'INVALID_SCREEN_DATA', severity: 'error', message, pointer, atKey }
    : { code: 'INVALID_SCREEN_DATA', severity: 'error', message, pointer };
}

/**
 * Screen data model rules (spec §1.7, §5.5): each field has a string `type`, arrays have `items`
 * (boolean or object), `__example__` is present at the top level only and matches the declared type.
 */
export const checkDataModels: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  for (const screen of index.screens) {
    if (screen.data === undefined) continue;
    const base = joinPointer(screen.pointer, 'data');
    for (const [name, field] of Object.entries(screen.data)) {
      const pointer = joinPointer(base, name);
      if (!isJsonObject(field)) {
        ctx.report(problem("Missing the definition of property 'type'.", pointer));
        continue;
      }
      checkSchema(field, pointer, name, true, ctx.report);
      // A field without a usable type already has its problem; its example cannot be judged.
      if (typeof field['type'] !== 'string') continue;
      if (!Object.hasOwn(field, '__example__')) {
        ctx.report(problem(`Missing property '__example__' for field '${name}': every field of the data model needs an example value.`, pointer));
      } else {
        const mismatch = exampleMismatch(field, field['__example__'], 0);
        if (mismatch !== undefined) {
          ctx.report(
            problem(
              `Invalid data model schema. Expected property '__example__' to be of type ${mismatch.expected}, but found ${mismatch.found}.`,
              joinPointer(pointer, '__example__'),
            ),
          );
        }
      }
    }
  }
};

/** `path` names the schema the way Meta's messages do: `field.properties.sub`. */
function checkSchema(schema: JsonObject, pointer: string, path: string, top: boolean, report: (p: RawProblem) => void, depth = 0): void {
  if (depth > 32) return;
  const type = schema['type'];
  if (type === undefined) {
    report(problem("Missing the definition of property 'type'.", pointer));
  } else if (typeof type !== 'string') {
    report(problem("Expected the property 'type' to be of type string.", joinPointer(pointer, 'type')));
  }
  if (!top && Object.hasOwn(schema, '__example__')) reportNestedExample(`${path}.__example__`, joinPointer(pointer, '__example__'), report);
  if (type === 'array') {
    const items = schema['items'];
    if (items === undefined) {
      report(problem("Missing the schema for property 'items' in array.", pointer));
    } else if (typeof items !== 'boolean' && !isJsonObject(items)) {
      report(problem("Expected the property 'items' to be of type boolean or object.", joinPointer(pointer, 'items')));
    } else if (isJsonObject(items)) {
      checkSchema(items, joinPointer(pointer, 'items'), `${path}.items`, false, report, depth + 1);
    }
  }
  const properties = schema['properties'];
  if (isJsonObject(properties)) {
    for (const [key, sub] of Object.entries(properties)) {
      const subPointer = joinPointer(pointer, 'properties', key);
      if (key === '__example__') reportNestedExample(`${path}.properties.__example__`, subPointer, report);
      else if (isJsonObject(sub)) checkSchema(sub, subPointer, `${path}.properties.${key}`, false, report, depth + 1);
    }
  }
}

function reportNestedExample(path: string, pointer: string, report: (p: RawProblem) => void): void {
  report(problem(`Property '__example__' is allowed only as a top level property of data model. Invalid entry: '${path}'.`, pointer, true));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The first type mismatch between an example value and its schema (declared properties and items only). */
function exampleMismatch(schema: JsonObject, value: unknown, depth: number): { expected: string; found: string } | undefined {
  const type = schema['type'];
  if (typeof type !== 'string' || !TYPES.has(type) || depth > 32) return undefined;
  const found = jsonType(value);
  const expected = type === 'integer' ? 'number' : type;
  if (found !== expected) return { expected: type, found };
  if (type === 'array' && Array.isArray(value) && isJsonObject(schema['items'])) {
    for (const item of value) {
      const inner = exampleMismatch(schema['items'], item, depth + 1);
      if (inner !== undefined) return inner;
    }
  }
  if (type === 'object' && isJsonObject(value) && isJsonObject(schema['properties'])) {
    for (const [key, sub] of Object.entries(schema['properties'])) {
      if (!isJsonObject(sub) || !Object.hasOwn(value, key)) continue;
      const inner = exampleMismatch(sub, value[key], depth + 1);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}
