export { toJsonSchema } from './to-json-schema.js';
export type { JsonSchemaNode } from './to-json-schema.js';
