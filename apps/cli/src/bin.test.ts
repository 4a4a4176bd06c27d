import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from './commands/commands.js';
import { main } from './main.js';
import { captureIo } from './test-support/capture-io.js';

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();

function flowline(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, binArgs(args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
}

const binArgs = (args: readonly string[]): string[] => ['--conditions=source', '--import', 'tsx', join(root, 'apps', 'cli', 'src', 'bin.ts'), ...args];

/** Runs the binary with its output already closed by the reader (as `| head -c 0` would): the exit code and what reached the other stream. */
function withClosedOutput(args: readonly string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; other: string }> {
  const child = spawn(process.execPath, binArgs(args), { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child[closed].destroy();
  let other = '';
  child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (chunk: Buffer) => { other += chunk.toString(); });
  return new Promise((done) => child.on('close', (code) => done({ code, other })));
}

describe('the flowline binary', () => {
  it('exits quietly, with its own exit code, when its output is closed (flowline schema | head -c 200)', async () => {
    // The schema (≈ 220 kB) is larger than a pipe's buffer: its writes meet the closed pipe (EPIPE).
    const schema = await withClosedOutput(['schema'], 'stdout');
    assert.deepEqual(schema, { code: 0, other: '' }, 'no EPIPE stack trace on stderr');
    const validate = await withClosedOutput(['validate', 'examples'], 'stdout');
    assert.deepEqual(validate, { code: 1, other: '' }, 'validate keeps its exit code (examples/broken is invalid)');
    const usage = await withClosedOutput(['deploy'], 'stderr');
    assert.deepEqual(usage, { code: 2, other: '' }, 'a closed stderr is quiet too');
  });

  it('answers --help for every command, subcommand and command group, on stdout with exit 0', async () => {
    // Every command's help through main(), which the binary runs as it is (bin.ts only sets the exit
    // code): one process per command took minutes of CI. The binary itself is spawned for a command,
    // a group and a missing subcommand below, to prove the streams and exit codes reach the shell.
    const names = [...COMMANDS.map((c) => c.name), ...new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0] ?? ''))];
    assert.ok(names.includes('keys'), 'keys is a group');
    for (const name of names) {
      const io = captureIo({ cwd: root, env: { NO_COLOR: '1' } });
      const code = await main([...name.split(' '), '--help'], io);
      assert.equal(code, 0, `${name} --help: ${io.err()}`);
      assert.match(io.out(), new RegExp(`^Usage: flowline ${name}`), `${name} --help prints its usage`);
      assert.equal(io.err(), '', `${name} --help writes nothing to stderr`);
    }
    const validate = flowline(['validate', '--help']);
    assert.equal(validate.status, 0, validate.stderr);
    assert.match(validate.stdout, /^Usage: flowline validate/);
    assert.equal(validate.stderr, '');
    const keys = flowline(['keys', '-h']);
    assert.equal(keys.status, 0, keys.stderr);
    assert.match(keys.stdout, /keys generate/);
    assert.match(keys.stdout, /keys public/);
    const missing = flowline(['keys']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing subcommand/);
  });

  it('exits 0 for a valid Flow and 1 for the broken example, printing a readable error', () => {
    assert.equal(flowline(['validate', 'examples/registration.flow.json']).status, 0);
    const broken = flowline(['validate', 'examples/broken/missing-footer.flow.json']);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /missing-footer\.flow\.json:\d+:\d+ {2}MISSING_FOOTER_ON_TERMINAL_SCREEN/);
  });

  it('exits 2 on an unknown command or flag', () => {
    const unknown = flowline(['deploy']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'deploy'/);
    assert.equal(flowline(['validate', '--colour', 'x.json']).status, 2);
  });

  it('runs the example scenarios with flowline test', () => {
    const run = flowline(['test', 'examples']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /11 passed, 0 failed/);
    assert.match(run.stdout, /PASS .*branching-changed-mind\.scenario\.yaml/, 'YAML scenarios are found and run');
  });
});
