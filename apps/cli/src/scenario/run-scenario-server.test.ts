import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseScenario } from '@flowline/core';
import { parseServerConfig, silentLogger, startServer, type RunningServer } from '@flowline/server';
import { tempDir } from '../test-support/capture-io.js';
import { runScenario } from './run-scenario.js';

const seeds = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), 'apps', 'server', 'src', 'admin', 'seeds');
const dataDir = tempDir();
let server: RunningServer | undefined;

before(async () => {
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'p' });
  assert.ok(parsed.ok);
  server = await startServer(parsed.config, silentLogger);
});
after(async () => {
  await server?.close();
});

function leadScenario(employees: string, then: unknown[]) {
  const parsed = parseScenario({
    name: `lead with ${employees} employees`,
    flow: 'lead-qualification.flow.json',
    start: { screen: 'COMPANY' },
    endpoint: { url: `http://127.0.0.1:${server?.port ?? 0}/endpoint/lead-qualification`, publicKey: join(dataDir, 'keys', 'public.pem') },
    steps: [{ fill: { company: 'Acme', employees } }, { press: 'footer' }, ...then],
  });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.scenario;
}

describe('runScenario against the Flowline server', () => {
  it('branches on the endpoint: more than 10 employees go to ENTERPRISE and complete', async () => {
    const scenario = leadScenario('25', [
      { expect: { screen: 'ENTERPRISE', data: { company: 'Acme', segment: 'enterprise' } } },
      { fill: { call_date: '2026-12-01' } },
      { press: 'footer' },
      { expect: { completed: { company: 'Acme', segment: 'enterprise', call_date: '2026-12-01' } } },
    ]);
    const result = await runScenario(scenario, { baseDir: seeds });
    assert.equal(result.passed, true, `${JSON.stringify(result.failure)}\n${result.transcript.join('\n')}`);
  });

  it('sends a small company to SMALL_BUSINESS', async () => {
    const result = await runScenario(leadScenario('3', [{ expect: { screen: 'SMALL_BUSINESS', data: { segment: 'small' } } }]), { baseDir: seeds });
    assert.equal(result.passed, true, `${JSON.stringify(result.failure)}\n${result.transcript.join('\n')}`);
  });
});
