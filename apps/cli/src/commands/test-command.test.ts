import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

const examples = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), 'examples');

/** A folder with the example Flow, its passing scenario, and optionally a failing one. */
function project(withFailing: boolean): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'flows', 'more'), { recursive: true });
  copyFileSync(join(examples, 'registration.flow.json'), join(dir, 'flows', 'registration.flow.json'));
  copyFileSync(join(examples, 'registration.scenario.json'), join(dir, 'flows', 'registration.scenario.json'));
  if (withFailing) {
    writeFileSync(
      join(dir, 'flows', 'more', 'wrong.scenario.json'),
      JSON.stringify({ name: 'wrong screen', flow: '../registration.flow.json', steps: [{ expect: { screen: 'CONFIRM' } }] }),
    );
  }
  return dir;
}

describe('flowline test', () => {
  it('runs every scenario under the current folder and prints N passed, N failed', async () => {
    const io = captureIo({ cwd: project(true) });
    assert.equal(await main(['test'], io), 1);
    const out = io.out();
    assert.match(out, /^PASS {2}a customer registers for the workshop \(flows\/registration\.scenario\.json\) {2}15 steps$/m);
    assert.match(out, /^FAIL {2}wrong screen \(flows\/more\/wrong\.scenario\.json\)$/m);
    assert.match(out, /step 1 \{"expect":\{"screen":"CONFIRM"\}\}: expected screen CONFIRM, but the Flow is screen DETAILS/);
    assert.match(out, /^1 passed, 1 failed$/m);
  });

  it('exits 0 when every scenario passes, selecting files with a glob', async () => {
    const io = captureIo({ cwd: project(true) });
    assert.equal(await main(['test', 'flows/*.scenario.json'], io), 0);
    assert.match(io.out(), /^1 passed, 0 failed$/m);
  });

  it('prints one JSON object with --format json', async () => {
    const io = captureIo({ cwd: project(true) });
    assert.equal(await main(['test', '--format', 'json', 'flows'], io), 1);
    const parsed = JSON.parse(io.out()) as { results: { file: string; passed: boolean; failure?: { step: number } }[]; passed: number; failed: number };
    assert.deepEqual([parsed.passed, parsed.failed], [1, 1]);
    assert.equal(parsed.results.find((r) => !r.passed)?.failure?.step, 1);
  });

  it('reports a malformed scenario file as a failure naming the problem', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.scenario.json'), JSON.stringify({ flow: 'x.json', steps: [{ tap: 'footer' }] }));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['test', 'bad.scenario.json'], io), 1);
    assert.match(io.out(), /not a valid scenario: step 1: unknown step "tap"/);
  });

  it('finds and runs YAML scenarios in folders, and reports a malformed one with its line', async () => {
    const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
    const dir = tempDir();
    mkdirSync(join(dir, 'tests'));
    copyFileSync(join(root, 'examples', 'scenarios', 'branching.flow.json'), join(dir, 'tests', 'branching.flow.json'));
    writeFileSync(join(dir, 'tests', 'small.scenario.yml'), [
      '# a small order',
      'name: small order',
      'flow: branching.flow.json',
      'steps:',
      '  - fill: { quantity: "2" }',
      '  - press: footer',
      '  - expect: { screen: D, data: { quantity: 2 } }',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'tests', 'typo.scenario.yaml'), ['name: twice', 'flow: branching.flow.json', 'steps: []', 'name: again', ''].join('\n'));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['test', 'tests'], io), 1);
    assert.match(io.out(), /PASS {2}small order/);
    assert.match(io.out(), /typo\.scenario\.yaml[\s\S]*not valid YAML at line 4, column 1 \(DUPLICATE_KEY/);
    assert.match(io.out(), /1 passed, 1 failed/);
  });

  it('exits 2 when nothing matches', async () => {
    const dir = tempDir();
    const empty = captureIo({ cwd: dir });
    assert.equal(await main(['test'], empty), 2);
    assert.match(empty.err(), /no scenario files/);
    const missing = captureIo({ cwd: dir });
    assert.equal(await main(['test', 'nope/*.scenario.json'], missing), 2);
  });
});
