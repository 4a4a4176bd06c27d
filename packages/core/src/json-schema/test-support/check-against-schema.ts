import { isJsonObject } from '../../json/is-json-object.js';

// A small draft-07 checker for the keywords toJsonSchema emits, so tests need no new dependency.
type Node = { [keyword: string]: unknown };

function typeOk(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
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

/** Returns the JSON pointers where `value` breaks `schema` (empty when it conforms). */
export function checkAgainstSchema(root: Node, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Node => {
    const name = ref.replace('#/definitions/', '');
    const node = (root['definitions'] as Node)[name];
    if (!isJsonObject(node)) throw new Error(`unresolved ${ref}`);
    return node;
  };
  const check = (schema: Node, v: unknown, at: string, out: string[]): void => {
    if (typeof schema['$ref'] === 'string') return check(resolve(schema['$ref']), v, at, out);
    if (schema['type'] !== undefined && !typeOk(schema['type'], v)) return void out.push(`${at}: type ${String(schema['type'])}`);
    if ('const' in schema && schema['const'] !== v) out.push(`${at}: const`);
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(v)) out.push(`${at}: enum`);
    if (typeof v === 'string') {
      if (typeof schema['maxLength'] === 'number' && v.length > schema['maxLength']) out.push(`${at}: maxLength`);
      if (typeof schema['minLength'] === 'number' && v.length < schema['minLength']) out.push(`${at}: minLength`);
      if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(v)) out.push(`${at}: pattern`);
    }
    if (typeof v === 'number') {
      if (typeof schema['minimum'] === 'number' && v < schema['minimum']) out.push(`${at}: minimum`);
      if (typeof schema['maximum'] === 'number' && v > schema['maximum']) out.push(`${at}: maximum`);
    }
    if (Array.isArray(v)) {
      if (typeof schema['minItems'] === 'number' && v.length < schema['minItems']) out.push(`${at}: minItems`);
      if (typeof schema['maxItems'] === 'number' && v.length > schema['maxItems']) out.push(`${at}: maxItems`);
      if (isJsonObject(schema['items'])) v.forEach((item, i) => check(schema['items'] as Node, item, `${at}/${i}`, out));
    }
    if (isJsonObject(v)) {
      const props = isJsonObject(schema['properties']) ? schema['properties'] : {};
      for (const key of Array.isArray(schema['required']) ? schema['required'] : []) if (!(key in v)) out.push(`${at}: required ${String(key)}`);
      if (typeof schema['minProperties'] === 'number' && Object.keys(v).length < schema['minProperties']) out.push(`${at}: minProperties`);
      for (const [key, item] of Object.entries(v)) {
        const sub = props[key];
        if (isJsonObject(sub)) check(sub, item, `${at}/${key}`, out);
        else if (schema['additionalProperties'] === false) out.push(`${at}/${key}: additional`);
        else if (isJsonObject(schema['additionalProperties'])) check(schema['additionalProperties'], item, `${at}/${key}`, out);
      }
    }
    if (Array.isArray(schema['anyOf']) && !schema['anyOf'].some((s) => isJsonObject(s) && attempt(s, v, at).length === 0)) out.push(`${at}: anyOf`);
    for (const sub of Array.isArray(schema['allOf']) ? schema['allOf'] : []) {
      if (!isJsonObject(sub)) continue;
      if (isJsonObject(sub['if'])) {
        if (attempt(sub['if'], v, at).length === 0 && isJsonObject(sub['then'])) check(sub['then'], v, at, out);
      } else check(sub, v, at, out);
    }
  };
  const attempt = (schema: Node, v: unknown, at: string): string[] => {
    const out: string[] = [];
    check(schema, v, at, out);
    return out;
  };
  check(root, value, '', errors);
  return errors;
}
