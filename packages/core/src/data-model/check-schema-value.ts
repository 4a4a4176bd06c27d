import type { RawProblem } from '../problem.js';
import { checkJsonSchema, type SchemaKeyword } from '../json-schema/check-json-schema.js';

/**
 * The keywords of a screen's data model (Flow JSON §1.5) that values are checked against. Meta's
 * data model is this subset of JSON Schema: a declaration's other keys (`__example__`, a stray
 * `required`) constrain nothing here, since the validator (not this check) reports broken data models.
 */
const DATA_MODEL_KEYWORDS: ReadonlySet<SchemaKeyword> = new Set(['type', 'enum', 'items', 'properties']);

/**
 * Checks one value against a data-model declaration (`type`, `items`, `properties`, `enum`),
 * appending problems with pointers relative to the screen data. Unknown schema shapes accept anything.
 */
export function checkSchemaValue(schema: unknown, value: unknown, pointer: string, out: RawProblem[]): void {
  for (const mismatch of checkJsonSchema(schema, value, { keywords: DATA_MODEL_KEYWORDS })) {
    const at = pointer + mismatch.pointer;
    if (mismatch.keyword === 'type') {
      out.push({
        code: 'FLOWLINE_SCREEN_DATA_TYPE',
        severity: 'error',
        message: `Expected ${at || 'data'} to be of type ${mismatch.expected.join(' or ')}, got ${mismatch.actual}`,
        pointer: at,
      });
    } else {
      out.push({ code: 'FLOWLINE_SCREEN_DATA_ENUM', severity: 'error', message: `${at} is not one of the allowed values`, pointer: at });
    }
  }
}
