import type { Rule } from '../rule.js';
import { checkDocumentSchema } from './check-document-schema.js';
import { checkFlowJsonVersion } from './check-flow-json-version.js';

export { checkDocumentSchema, MAX_SCREENS } from './check-document-schema.js';
export { checkFlowJsonVersion } from './check-flow-json-version.js';
export { MAX_IF_NESTING } from './check-components.js';
export { isStringInFormat, isCalendarDate } from './is-string-in-format.js';

/** The schema rules: the document's version, then one walk of the whole document by the registry. */
export const schemaRules: readonly Rule[] = [checkFlowJsonVersion, checkDocumentSchema];
