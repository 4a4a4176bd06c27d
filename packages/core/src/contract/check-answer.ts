import type { RawProblem } from '../problem.js';
import type { JsonSchema } from './json-schema.js';
import { checkJsonSchema, type SchemaMismatch } from '../json-schema/check-json-schema.js';
import { escapePointerSegment } from '../json/json-pointer.js';

const MAX_PROBLEMS = 50;

/**
 * Checks a value against the draft-07 subset the answer contract uses (type, const, properties,
 * required, additionalProperties, items, anyOf); returns problems with JSON pointers, empty when it fits.
 */
export function checkAnswer(schema: JsonSchema, value: unknown): RawProblem[] {
  return toProblems(checkJsonSchema(schema, value, { limit: MAX_PROBLEMS })).slice(0, MAX_PROBLEMS);
}

function toProblems(mismatches: readonly SchemaMismatch[]): RawProblem[] {
  return mismatches.flatMap((m) => toProblem(m));
}

function toProblem(m: SchemaMismatch): RawProblem[] {
  const problem = (code: string, message: string, pointer = m.pointer): RawProblem => ({ code, severity: 'error', message, pointer });
  switch (m.keyword) {
    case 'type':
      return [problem('ANSWER_WRONG_TYPE', `expected ${m.expected.join(' or ')}, got ${m.actual}`)];
    case 'required':
      return [problem('ANSWER_MISSING_FIELD', `missing required field "${m.property}"`, `${m.pointer}/${escapePointerSegment(m.property)}`)];
    case 'additionalProperties':
      return [problem('ANSWER_UNEXPECTED_FIELD', `unexpected field "${m.property}"`)];
    case 'anyOf': {
      // Report the closest alternative's problems, so the message names the field that is wrong.
      const best = m.alternatives.map((a) => toProblems(a).slice(0, MAX_PROBLEMS)).sort((a, b) => a.length - b.length)[0];
      return best === undefined || best.length === 0 ? [problem('ANSWER_NO_ALTERNATIVE', 'the answer matches none of the Flow\'s completion payloads')] : best;
    }
    case 'const':
      return [problem('ANSWER_WRONG_VALUE', `expected ${JSON.stringify(m.expected)}`)];
    default:
      // An answer contract carries no other keyword (its schemas are derived, see json-schema.ts).
      return [problem('ANSWER_WRONG_VALUE', `breaks ${m.keyword}`)];
  }
}
