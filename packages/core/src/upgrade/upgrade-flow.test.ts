import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, terminal } from '../validator/test-support/flow-fixtures.js';
import { upgradeFlow } from './upgrade-flow.js';

describe('upgradeFlow', () => {
  it('composes every step from the document version to the target and validates there', () => {
    const doc = flow([terminal('A', [{ type: 'Form', name: 'f', children: [{ type: 'DatePicker', name: 'd', label: 'D', 'min-date': '1693569600000' }, { type: 'TextInput', name: 't', label: 'T', 'helper-text': '' }] }])], { data_channel_uri: 'https://example.com' }, '2.1');
    const r = upgradeFlow(doc, { to: '7.3' });
    assert.equal(r.from, '2.1');
    assert.equal(r.to, '7.3');
    assert.deepEqual(r.changes.map((c) => [c.step, c.code]), [
      ['2.1→3.0', 'DATA_CHANNEL_URI_REMOVED'],
      ['4.0→5.0', 'DATE_CONVERTED'],
      ['5.1→6.0', 'BLANK_STRING_REMOVED'],
      ['2.1→7.3', 'VERSION_SET'],
    ]);
    assert.equal(r.flow?.['version'], '7.3');
    assert.equal(r.validation?.valid, true, JSON.stringify(r.validation?.errors));
    assert.ok(r.ok);
    assert.equal(r.text, `${JSON.stringify(r.flow, null, 2)}\n`);
  });

  it('defaults the target to the newest registry version', () => {
    assert.equal(upgradeFlow(flow([terminal('A')], {}, '6.0')).flow?.['version'], '7.3');
  });

  it('never changes its input', () => {
    const doc = flow([terminal('A')], { data_channel_uri: 'https://example.com' }, '2.1');
    const before = JSON.stringify(doc);
    upgradeFlow(doc);
    assert.equal(JSON.stringify(doc), before);
  });

  it('stops at the target version and leaves later steps out', () => {
    const r = upgradeFlow(flow([terminal('A', [{ type: 'Form', name: 'f', children: [{ type: 'TextInput', name: 't', label: 'T', 'helper-text': '' }] }])], {}, '2.1'), { to: '5.1' });
    assert.equal(r.flow?.['version'], '5.1');
    assert.ok(!r.changes.some((c) => c.code === 'BLANK_STRING_REMOVED'));
  });

  it('keeps a document already at the target as it is and still validates it', () => {
    const r = upgradeFlow(flow([terminal('A')], {}, '7.3'), { to: '7.3' });
    assert.deepEqual(r.changes, []);
    assert.ok(r.ok);
  });

  it('reports validation errors at the target as UPGRADE_INVALID_AT_TARGET with the validator\'s code and pointer', () => {
    const r = upgradeFlow({ version: '6.0', screens: [{ id: 'A', layout: { type: 'SingleColumnLayout', children: [] } }] });
    assert.equal(r.ok, false);
    const issue = r.issues.find((i) => i.validatorCode === 'MISSING_TERMINAL_SCREEN');
    assert.equal(issue?.code, 'UPGRADE_INVALID_AT_TARGET');
    assert.equal(issue?.kind, 'manual');
  });

  const refusals: [string, unknown, string | undefined, string][] = [
    ['an unknown target', flow([terminal('A')], {}, '6.0'), '9.9', 'UPGRADE_UNKNOWN_TARGET'],
    ['something other than a Flow', [1, 2], undefined, 'UPGRADE_NOT_A_FLOW'],
    ['a Flow without screens', { version: '6.0' }, undefined, 'UPGRADE_NOT_A_FLOW'],
    ['an unknown document version', flow([terminal('A')], {}, '1.0'), undefined, 'UPGRADE_UNKNOWN_VERSION'],
    ['a target older than the document', flow([terminal('A')], {}, '7.0'), '6.0', 'UPGRADE_TARGET_OLDER'],
  ];
  for (const [name, input, to, code] of refusals) {
    it(`refuses ${name} with ${code} and no document`, () => {
      const r = upgradeFlow(input, to === undefined ? {} : { to });
      assert.equal(r.ok, false);
      assert.equal(r.flow, undefined);
      assert.deepEqual(r.issues.map((i) => i.code), [code]);
    });
  }
});
