import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();

function flowline(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'apps', 'cli', 'src', 'bin.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
}

describe('the flowline binary', () => {
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
