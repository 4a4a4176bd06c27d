import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo, corpusDir, tempDir } from '../test-support/capture-io.js';

const validFlow = {
  version: '7.3',
  screens: [
    {
      id: 'WELCOME',
      title: 'Welcome',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextInput', name: 'first_name', label: 'First name', required: true },
          { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: { first_name: '${form.first_name}' } } },
        ],
      },
    },
  ],
};

function missingFooter(): unknown {
  const doc = structuredClone(validFlow);
  const screen = doc.screens[0];
  if (screen !== undefined) screen.layout.children = screen.layout.children.slice(0, 1);
  return doc;
}

interface JsonOutput {
  results: { file: string; valid: boolean; errors: { code: string; message: string; pointer: string; line: number; column: number }[]; warnings: unknown[] }[];
}

describe('flowline validate', () => {
  it('exits 0 and reports every file valid for a valid Flow', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(validFlow, null, 2));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'ok.json'], io), 0);
    assert.match(io.out(), /1 file checked: all valid, 0 errors/);
  });

  it('exits 1 and prints file:line:column, the code, the source line and a caret for an invalid Flow', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(missingFooter(), null, 2));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'broken.json'], io), 1);
    const out = io.out();
    assert.match(out, /^broken\.json:\d+:\d+ {2}MISSING_FOOTER_ON_TERMINAL_SCREEN {2}/m);
    assert.match(out, /^ {4}\d+ \| .+\n {6}\| +\^$/m);
    assert.match(out, /1 invalid/);
    assert.doesNotMatch(out, /\u001b\[/, 'no colours when stdout is not a TTY');
  });

  it('prints exactly one JSON object with --format json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify(validFlow));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(missingFooter()));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', '--format', 'json', 'a.json', 'b.json'], io), 1);
    const parsed = JSON.parse(io.out()) as JsonOutput;
    assert.deepEqual(parsed.results.map((r) => [r.file, r.valid]), [['a.json', true], ['b.json', false]]);
    const error = parsed.results[1]?.errors[0];
    assert.ok(error);
    assert.deepEqual(Object.keys(error).sort(), ['code', 'column', 'line', 'message', 'pointer']);
    assert.ok(parsed.results[1]?.errors.some((e) => e.code === 'MISSING_FOOTER_ON_TERMINAL_SCREEN'));
  });

  it('searches folders for *.json but skips scenarios and expected.json', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'flows', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'flows', 'one.json'), JSON.stringify(validFlow));
    writeFileSync(join(dir, 'flows', 'nested', 'two.json'), JSON.stringify(validFlow));
    writeFileSync(join(dir, 'flows', 'one.scenario.json'), '{"steps":[]}');
    writeFileSync(join(dir, 'flows', 'expected.json'), '{}');
    writeFileSync(join(dir, 'flows', 'notes.txt'), 'x');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'flows', '--format=json'], io), 0);
    const files = (JSON.parse(io.out()) as JsonOutput).results.map((r) => r.file);
    assert.deepEqual(files, [join('flows', 'nested', 'two.json'), join('flows', 'one.json')]);
  });

  it('validates only the Flow files of a folder and lists the other .json files as skipped (examples/ holds a policy)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'flows'), { recursive: true });
    writeFileSync(join(dir, 'flows', 'a.flow.json'), '{"version": "7.3", "screens": [,]}');
    writeFileSync(join(dir, 'flows', 'b.json'), JSON.stringify(validFlow));
    writeFileSync(join(dir, 'flows', 'policy.json'), JSON.stringify({ maxScreens: 8, allowedVersions: ['7.3'] }));
    writeFileSync(join(dir, 'flows', 'package.json'), '{"name": "x"}');
    writeFileSync(join(dir, 'flows', 'notes.json'), 'not json');
    const json = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'flows', '--format', 'json'], json), 1, 'the broken *.flow.json is validated, not skipped');
    const parsed = JSON.parse(json.out()) as JsonOutput & { skipped: { file: string; reason: string }[] };
    assert.deepEqual(parsed.results.map((r) => [r.file, r.valid]), [[join('flows', 'a.flow.json'), false], [join('flows', 'b.json'), true]]);
    assert.deepEqual(parsed.skipped.map((f) => f.file), ['notes.json', 'package.json', 'policy.json'].map((f) => join('flows', f)));
    assert.match(parsed.skipped[2]?.reason ?? '', /no "screens"/);

    const repo = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
    const examples = captureIo({ cwd: repo });
    assert.equal(await main(['validate', 'examples'], examples), 1, 'examples/broken holds one invalid Flow');
    const out = examples.out();
    assert.match(out, /Skipped 1 \.json file that is not a Flow/);
    assert.match(out, /^ {2}examples\/policy\.json {2}no "screens"$/m);
    assert.doesNotMatch(out, /examples\/policy\.json:\d+:\d+/, 'the policy is not read as a Flow');
    assert.match(out, /1 invalid, 1 error, \d+ warnings?, 1 skipped/);
  });

  it('reports a JSON syntax error as an invalid document, not a crash', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{"version": "7.3",\n "screens": [,]}');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'bad.json', '--format', 'json'], io), 1);
    const result = (JSON.parse(io.out()) as JsonOutput).results[0];
    assert.equal(result?.errors[0]?.line, 2);
  });

  it('exits 2 on a missing file, an unknown flag or no arguments', async () => {
    const dir = tempDir();
    const missing = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'nope.json'], missing), 2);
    assert.match(missing.err(), /no such file or folder: nope\.json/);
    const unknown = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'x.json', '--strict'], unknown), 2);
    assert.match(unknown.err(), /unknown option '--strict'/);
    assert.equal(await main(['validate'], captureIo({ cwd: dir })), 2);
  });

  it('exits 2 when the policy file is not JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(validFlow));
    writeFileSync(join(dir, 'policy.json'), '{ nope');
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'ok.json', '--policy', 'policy.json'], io), 2);
    assert.match(io.err(), /policy policy\.json: not valid JSON/);
  });

  it('prints help with exit code 0', async () => {
    const io = captureIo();
    assert.equal(await main(['validate', '--help'], io), 0);
    assert.match(io.out(), /Usage: flowline validate <files or folders\.\.\.>/);
    assert.match(io.out(), /--policy <file>/);
  });

  it('accepts every Flow of the shared corpus and rejects every invalid one with its expected code', async () => {
    const io = captureIo({ cwd: corpusDir() });
    assert.equal(await main(['validate', 'flows', '--format', 'json'], io), 0, io.out().slice(0, 2000));
    const invalid = captureIo({ cwd: corpusDir() });
    assert.equal(await main(['validate', 'invalid', '--format', 'json'], invalid), 1);
    const expected = JSON.parse(readFileSync(join(corpusDir(), 'invalid', 'expected.json'), 'utf8')) as Record<string, { code: string }>;
    const results = (JSON.parse(invalid.out()) as JsonOutput).results;
    assert.equal(results.length, readdirSync(join(corpusDir(), 'invalid')).filter((f) => f !== 'expected.json').length);
    for (const r of results) {
      const code = expected[r.file.slice('invalid/'.length)]?.code;
      assert.ok(code !== undefined, r.file);
      assert.ok(r.errors.some((e) => e.code === code), `${r.file} should report ${code}`);
    }
  });

  it('validates a file named explicitly even when it is a scenario name', async () => {
    const dir = tempDir();
    copyFileSync(join(corpusDir(), 'flows', 'pywa__v2_1_sign_in.json'), join(dir, 'x.scenario.json'));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['validate', 'x.scenario.json', '--format', 'json'], io), 0);
  });
});
