import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toUpgradeReport } from './upgrade-report.js';

test('reads the upgrade answer with manual work first, then notices, then changes', () => {
  const report = toUpgradeReport({
    from: '3.0', to: '7.3', ok: false, savedVersion: null, flowJson: '{}', diff: { unified: '' },
    changes: [{ code: 'VERSION_SET', pointer: '/version', message: 'version 3.0 → 7.3.', step: '3.0→7.3' }],
    issues: [
      { kind: 'notice', code: 'UPGRADE_DATE_ANSWER_FORMAT', pointer: '/screens/0', message: 'n', step: '4.0→5.0' },
      { kind: 'manual', code: 'UPGRADE_INVALID_AT_TARGET', validatorCode: 'MISSING_TERMINAL_SCREEN', pointer: '', message: 'm', step: 'validation' },
    ],
    validation: { valid: false, errors: [{}], warnings: [] },
  });
  assert.ok(report !== undefined);
  assert.deepEqual(report.lines.map((l) => [l.kind, l.code]), [
    ['manual', 'UPGRADE_INVALID_AT_TARGET (MISSING_TERMINAL_SCREEN)'],
    ['notice', 'UPGRADE_DATE_ANSWER_FORMAT'],
    ['change', 'VERSION_SET'],
  ]);
  assert.equal(report.ok, false);
  assert.equal(report.errorCount, 1);
  assert.equal(report.savedVersion, undefined);
});

test('refuses an answer that is not an upgrade report', () => {
  assert.equal(toUpgradeReport({ error: { code: 'X' } }), undefined);
  assert.equal(toUpgradeReport([]), undefined);
});
