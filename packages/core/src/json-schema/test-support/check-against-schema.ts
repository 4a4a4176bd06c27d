import { checkJsonSchema, type SchemaMismatch } from '../check-json-schema.js';

/** Returns the JSON pointers where `value` breaks `schema` (empty when it conforms), as `pointer: keyword`. */
export function checkAgainstSchema(root: { [keyword: string]: unknown }, value: unknown): string[] {
  return checkJsonSchema(root, value).map(describe);
}

function describe(m: SchemaMismatch): string {
  switch (m.keyword) {
    case 'type':
      return `${m.pointer}: type ${m.expected.join(',')}`;
    case 'required':
      return `${m.pointer}: required ${m.property}`;
    case 'additionalProperties':
      return `${m.pointer}: additional`;
    default:
      return `${m.pointer}: ${m.keyword}`;
  }
}
