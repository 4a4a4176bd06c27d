import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, LATEST_FLOW_JSON_VERSION } from '../model/index.js';
import { toDayNumber } from '../runtime/date-value.js';
import { loadCorpusFlows } from '../runtime/test-support/corpus.js';
import { walkToCompletion } from '../runtime/test-support/play.js';
import { upgradeFlow } from './upgrade-flow.js';

/**
 * Flows of the corpus that need a person after the upgrade, with the reason (docs/upgrade.md reports the count):
 * 4.0 made CheckboxGroup/RadioButtonsGroup labels required; 5.0 changed the date format the endpoint must send.
 */
const NEED_MANUAL_WORK: Readonly<Record<string, readonly string[]>> = {
  'Agusioma-WhatsApp-Flows-Templates__survey.json': ['UPGRADE_LABEL_REQUIRED'],
  'WhatsApp-Flows-Tools__survey.json': ['UPGRADE_LABEL_REQUIRED'],
  'pywa__v2_1_book_a_table.json': ['UPGRADE_DATE_FROM_DATA'],
};

const older = loadCorpusFlows().filter((f) => compareVersions(String(f.doc['version']), LATEST_FLOW_JSON_VERSION) < 0);

/** A completion payload with dates read as days: 5.0 changed their format on purpose (UPGRADE_DATE_ANSWER_FORMAT). */
function comparable(payload: unknown): unknown {
  return JSON.parse(JSON.stringify(payload), (_key, value: unknown) => {
    if (typeof value === 'string' && (/^\d{10,}$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value))) return `day ${toDayNumber(value) ?? value}`;
    return value;
  });
}

describe(`upgrading every corpus Flow older than ${LATEST_FLOW_JSON_VERSION}`, () => {
  it('has the older Flows of the corpus to upgrade', () => assert.equal(older.length, 55));

  for (const { file, doc } of older) {
    it(`upgrades ${file} (${String(doc['version'])}) and validates it at ${LATEST_FLOW_JSON_VERSION}, or explains each remaining error`, () => {
      const r = upgradeFlow(doc, { to: LATEST_FLOW_JSON_VERSION });
      assert.equal(r.flow?.['version'], LATEST_FLOW_JSON_VERSION);
      // Every validator error at the target sits where a step reported manual work: none is left unexplained.
      assert.deepEqual(r.issues.filter((i) => i.code === 'UPGRADE_INVALID_AT_TARGET'), []);
      const manual = [...new Set(r.issues.filter((i) => i.kind === 'manual').map((i) => i.code))];
      assert.deepEqual(manual, NEED_MANUAL_WORK[file] ?? []);
      assert.equal(r.ok, NEED_MANUAL_WORK[file] === undefined);
      if (r.ok) assert.equal(r.validation?.valid, true);
    });
  }

  it(`upgrades ${older.length - Object.keys(NEED_MANUAL_WORK).length} of ${older.length} without manual work`, () => {
    const clean = older.filter(({ doc }) => upgradeFlow(doc).ok).length;
    assert.equal(clean, older.length - Object.keys(NEED_MANUAL_WORK).length);
  });

  for (const { file, doc } of older.filter((f) => f.isStatic && NEED_MANUAL_WORK[f.file] === undefined)) {
    it(`plays ${file} the same before and after the upgrade (screens, completion payload)`, () => {
      const upgraded = upgradeFlow(doc).flow;
      const before = walkToCompletion(doc);
      const after = walkToCompletion(upgraded);
      assert.deepEqual(after.screens, before.screens);
      assert.equal(after.state.status.kind, before.state.status.kind);
      const payload = (s: typeof before.state) => (s.status.kind === 'completed' ? s.status.payload : undefined);
      assert.deepEqual(comparable(payload(after.state)), comparable(payload(before.state)));
    });
  }
});
