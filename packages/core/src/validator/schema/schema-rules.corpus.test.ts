import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawProblem } from '../../problem.js';
import { isFlowJsonVersion } from '../../model/index.js';
import { schemaRules } from './index.js';
import { isJsonObject } from '../../json/is-json-object.js';

const corpus = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');

function run(doc: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const raw = isJsonObject(doc) ? doc['version'] : undefined;
  const version = typeof raw === 'string' && isFlowJsonVersion(raw) ? raw : undefined;
  for (const rule of schemaRules) rule({ doc, version, report: (p) => problems.push(p) });
  return problems;
}

const flowFiles = readdirSync(path.join(corpus, 'flows')).filter((f) => f.endsWith('.json'));

test('the corpus holds the 57 valid Flows', () => {
  assert.equal(flowFiles.length, 57);
});

for (const file of flowFiles) {
  test(`reports no error on the valid corpus Flow ${file}`, () => {
    const doc: unknown = JSON.parse(readFileSync(path.join(corpus, 'flows', file), 'utf8'));
    assert.deepEqual(run(doc), []);
  });
}

// The codes of corpus/invalid that the schema rules own; the others belong to the semantic rules.
const SCHEMA_CODES = new Set([
  'INVALID_PROPERTY_KEY',
  'INVALID_PROPERTY_TYPE',
  'INVALID_ENUM_VALUE',
  'INVALID_DEPENDENCIES',
  'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED',
  'PATTERN_MISMATCH',
  'MIN_CHARS_REQUIRED',
  'KEYWORD_ONE_OF',
]);
// INVALID_PROPERTY_VALUE is shared; the schema owns the empty If `then` sample.
const SCHEMA_FILES_WITH_SHARED_CODES = new Set(['metadocs-errorcodes__invalid_property_value_5.json']);

const expected = JSON.parse(readFileSync(path.join(corpus, 'invalid', 'expected.json'), 'utf8')) as Record<string, { code: string }>;
const owned = Object.entries(expected).filter(([file, { code }]) => SCHEMA_CODES.has(code) || SCHEMA_FILES_WITH_SHARED_CODES.has(file));

test('the schema rules own several corpus invalid documents', () => {
  assert.ok(owned.length >= 6, `only ${owned.length} owned`);
});

for (const [file, { code }] of owned) {
  test(`reports ${code} for the corpus invalid document ${file}`, () => {
    const doc: unknown = JSON.parse(readFileSync(path.join(corpus, 'invalid', file), 'utf8'));
    const codes = run(doc).map((p) => p.code);
    assert.ok(codes.includes(code), `expected ${code}, got [${codes.join(', ')}]`);
  });
}
