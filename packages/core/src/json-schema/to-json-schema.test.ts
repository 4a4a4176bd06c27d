import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPONENT_TYPES, FLOW_JSON_VERSIONS } from '../model/index.js';
import { toJsonSchema } from './to-json-schema.js';
import { checkAgainstSchema } from './test-support/check-against-schema.js';

const flows = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows');

test('declares draft-07 and the latest version by default', () => {
  const schema = toJsonSchema();
  assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual((schema['properties'] as Record<string, { enum: string[] }>)['version']?.enum, ['7.3']);
});

test('defines every one of the 24 components at the latest version', () => {
  const definitions = toJsonSchema('7.3')['definitions'] as Record<string, unknown>;
  assert.equal(COMPONENT_TYPES.length, 24);
  for (const type of COMPONENT_TYPES) assert.ok(definitions[type] !== undefined, `missing ${type}`);
});

test('leaves out components and actions a version does not have', () => {
  const definitions = toJsonSchema('4.0')['definitions'] as Record<string, unknown>;
  assert.equal(definitions['RichText'], undefined);
  assert.equal(definitions['action_update_data'], undefined);
  assert.ok(definitions['PhotoPicker'] !== undefined);
});

for (const file of readdirSync(flows).filter((f) => f.endsWith('.json'))) {
  test(`accepts the corpus Flow ${file} under the schema of its version`, () => {
    const doc = JSON.parse(readFileSync(path.join(flows, file), 'utf8')) as { version: string };
    assert.ok(FLOW_JSON_VERSIONS.some((v) => v.version === doc.version));
    assert.deepEqual(checkAgainstSchema(toJsonSchema(doc.version), doc), []);
  });
}

test('rejects unknown components, unknown keys, a wrong action and too-long text', () => {
  const schema = toJsonSchema('7.3');
  const doc = (child: unknown) => ({ version: '7.3', screens: [{ id: 'A', layout: { type: 'SingleColumnLayout', children: [child] } }] });
  assert.notDeepEqual(checkAgainstSchema(schema, doc({ type: 'Nope' })), []);
  assert.notDeepEqual(checkAgainstSchema(schema, doc({ type: 'TextBody', text: 'x', colour: 'red' })), []);
  assert.notDeepEqual(checkAgainstSchema(schema, doc({ type: 'EmbeddedLink', text: 'x', 'on-click-action': { name: 'complete' } })), []);
  assert.notDeepEqual(checkAgainstSchema(schema, doc({ type: 'TextHeading', text: 'x'.repeat(81) })), []);
  assert.deepEqual(checkAgainstSchema(schema, doc({ type: 'TextHeading', text: '${data.title}' })), []);
});
