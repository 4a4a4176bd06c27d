export { checkJsonSchema, describeJsonType, matchesJsonType } from './check-json-schema.js';
export type { CheckJsonSchemaOptions, SchemaKeyword, SchemaMismatch } from './check-json-schema.js';
export { toJsonSchema } from './to-json-schema.js';
export type { JsonSchemaNode } from './to-json-schema.js';
