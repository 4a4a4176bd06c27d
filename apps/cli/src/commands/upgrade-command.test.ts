import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseScenario, upgradeFlow, validateFlow } from '@flowline/core';
import { main } from '../main.js';
import { runScenario } from '../scenario/run-scenario.js';
import { captureIo, corpusDir, tempDir } from '../test-support/capture-io.js';

const flowsDir = join(corpusDir(), 'flows');
const SCENARIOS = join(import.meta.dirname, '..', 'upgrade', 'scenarios');

function copyCorpus(file: string): string {
  const dir = tempDir();
  copyFileSync(join(flowsDir, file), join(dir, file));
  return dir;
}

interface UpgradeJson {
  ok: boolean;
  from: string;
  to: string;
  changes: { code: string; pointer: string }[];
  issues: { kind: string; code: string; pointer: string; validatorCode?: string }[];
  validation: { valid: boolean };
  flow?: { version: string };
  written?: string;
}

describe('flowline upgrade', () => {
  it('prints the upgraded document on stdout and the report on stderr, exit 0', async () => {
    const dir = copyCorpus('pywa__v2_1_sign_in.json');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'pywa__v2_1_sign_in.json', '--to', '7.3'], io), 0, io.err());
    const doc = JSON.parse(io.out()) as Record<string, unknown>;
    assert.equal(doc['version'], '7.3');
    assert.equal(doc['data_channel_uri'], undefined);
    assert.equal(validateFlow(io.out()).valid, true);
    assert.match(io.err(), /Flow JSON 2\.1 → 7\.3/);
    assert.match(io.err(), /changed {2}\/data_channel_uri {2}DATA_CHANNEL_URI_REMOVED/);
    assert.match(io.err(), /notice {3}\/data_channel_uri {2}UPGRADE_ENDPOINT_URI_MOVED/);
    assert.match(io.err(), /0 need manual work; valid at 7\.3\./);
    assert.equal(readFileSync(join(dir, 'pywa__v2_1_sign_in.json'), 'utf8'), readFileSync(join(flowsDir, 'pywa__v2_1_sign_in.json'), 'utf8'), 'the input is not touched');
  });

  it('replaces the file with --write and writes elsewhere with --out', async () => {
    const dir = copyCorpus('pywa__v4_0_date_picker_dates_str.json');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'pywa__v4_0_date_picker_dates_str.json', '--out', 'new.json'], io), 0, io.out());
    assert.match(io.out(), /wrote new\.json/);
    const written = JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8')) as { version: string; screens: { layout: { children: { children: Record<string, unknown>[] }[] } }[] };
    assert.equal(written.version, '7.3');
    assert.equal(written.screens[0]?.layout.children[0]?.children[0]?.['min-date'], '2023-09-01');
    const again = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'pywa__v4_0_date_picker_dates_str.json', '--write'], again), 0);
    assert.equal(readFileSync(join(dir, 'pywa__v4_0_date_picker_dates_str.json'), 'utf8'), readFileSync(join(dir, 'new.json'), 'utf8'));
  });

  it('exits 1 and writes nothing when manual work remains, unless --force', async () => {
    const dir = copyCorpus('WhatsApp-Flows-Tools__survey.json');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'WhatsApp-Flows-Tools__survey.json', '--out', 'up.json'], io), 1);
    assert.match(io.out(), /manual {3}\/screens\/0\/layout\/children\/0\/children\/3 {2}UPGRADE_LABEL_REQUIRED/);
    assert.match(io.out(), /not written: manual work remains/);
    assert.ok(!readdirSync(dir).includes('up.json'));
    const forced = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'WhatsApp-Flows-Tools__survey.json', '--out', 'up.json', '--force'], forced), 1);
    assert.ok(readdirSync(dir).includes('up.json'));
  });

  it('prints one JSON object with --format json', async () => {
    const dir = copyCorpus('pywa__v2_1_book_a_table.json');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'pywa__v2_1_book_a_table.json', '--format', 'json'], io), 1);
    const body = JSON.parse(io.out()) as UpgradeJson;
    assert.equal(body.ok, false);
    assert.deepEqual([body.from, body.to, body.flow?.version], ['2.1', '7.3', '7.3']);
    assert.ok(body.issues.some((i) => i.kind === 'manual' && i.code === 'UPGRADE_DATE_FROM_DATA' && i.pointer.endsWith('/min-date')));
    assert.ok(body.changes.some((c) => c.code === 'DATE_CONVERTED'));
  });

  const usage: [string, string[]][] = [
    ['an unknown target version', ['upgrade', 'x.json', '--to', '9.9']],
    ['a missing file', ['upgrade', 'missing.json']],
    ['--write with --out', ['upgrade', 'x.json', '--write', '--out', 'y.json']],
    ['no file', ['upgrade']],
  ];
  for (const [name, argv] of usage) {
    it(`exits 2 for ${name}`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'x.json'), '{"version":"6.0","screens":[]}');
      const io = captureIo({ cwd: dir });
      assert.equal(await main(argv, io), 2);
      assert.match(io.err(), /Usage: flowline upgrade/);
    });
  }

  it('exits 1 for a document of a version the registry does not know, with the reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.json'), '{"version":"1.0","screens":[]}');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['upgrade', 'old.json'], io), 1);
    assert.match(io.err(), /UPGRADE_UNKNOWN_VERSION/);
  });

  it('documents itself in --help with its exit codes and is listed in the overview', async () => {
    const io = captureIo();
    assert.equal(await main(['upgrade', '--help'], io), 0);
    assert.match(io.out(), /Usage: flowline upgrade <flow\.json>/);
    assert.match(io.out(), /Exit codes: 0/);
    const overview = captureIo();
    await main(['--help'], overview);
    assert.match(overview.out(), /^ {2}upgrade /m);
  });
});

describe('scenarios of older corpus Flows replayed on their upgraded version', () => {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.scenario.json')).sort()) {
    it(`${file} passes on the original and on the 7.3 upgrade`, async () => {
      const parsed = parseScenario(JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8')));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('; '));
      assert.ok(parsed.scenario.flow !== undefined, 'a scenario file names its Flow');
      const original: unknown = JSON.parse(readFileSync(join(SCENARIOS, parsed.scenario.flow), 'utf8'));
      const upgraded = upgradeFlow(original);
      assert.ok(upgraded.ok, JSON.stringify(upgraded.issues));
      assert.notEqual((original as { version: string }).version, '7.3');
      for (const flow of [original, upgraded.flow]) {
        const result = await runScenario(parsed.scenario, { baseDir: SCENARIOS, flow });
        assert.ok(result.passed, `${String((flow as { version: string }).version)}: ${result.failure?.message ?? ''}\n${result.transcript.join('\n')}`);
      }
    });
  }
});
