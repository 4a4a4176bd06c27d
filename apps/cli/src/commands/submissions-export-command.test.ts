import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openConfiguredStorage, parseServerConfig, silentLogger, startServer, type RunningServer } from '@flowline/server';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

const ADMIN = 'cli-export-admin-token-0123';
const FLOW = JSON.stringify({
  version: '7.0',
  screens: [{
    id: 'ASK', title: 'Ask', terminal: true,
    layout: { type: 'SingleColumnLayout', children: [{ type: 'Form', name: 'form', children: [
      { type: 'TextInput', name: 'name', label: 'Name' },
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { name: '${form.name}' } } },
    ] }] },
  }],
});
const T0 = Date.parse('2026-11-01T10:00:00Z');
const ROWS = 1200;

describe('flowline submissions export (real server)', () => {
  let dir = '';
  let server: RunningServer | undefined;
  let env: Record<string, string> = {};
  const run = async (...argv: string[]) => {
    const io = captureIo({ env, cwd: dir });
    const code = await main(['submissions', 'export', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };

  before(async () => {
    dir = tempDir();
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dir, FLOWLINE_KEY_PASSPHRASE: 'p', FLOWLINE_ADMIN_TOKEN: ADMIN });
    assert.ok(parsed.ok);
    server = await startServer(parsed.config, silentLogger);
    env = { FLOWLINE_TOKEN: ADMIN, FLOWLINE_SERVER_URL: `http://127.0.0.1:${server.port}` };
    const api = (path: string, body?: unknown) => fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.equal((await api('/flows', { id: 'signup', name: 'Sign-up', flowJson: FLOW })).status, 201);
    const workspaceId = ((await (await api('/me')).json()) as { workspace: { id: string } }).workspace.id;
    // Submissions arrive through WhatsApp in real use; here they are written beside the running server
    // (SQLite in WAL mode takes a second connection), as many as several export pages.
    const storage = await openConfiguredStorage(parsed.config);
    try {
      const recorded = await storage.submissions.recordMany(Array.from({ length: ROWS }, (_, i) => ({
        submission: { workspaceId, flowId: 'signup', version: 1, messageId: `wamid.cli-export.${i}`, answers: { name: `Ana "${i}", Lisbon` }, contract: { ok: i % 100 !== 7, problems: [] }, receivedAt: T0 + i * 1000 },
        actions: [], events: [],
      })));
      assert.ok(recorded.ok, JSON.stringify(recorded));
    } finally {
      await storage.close();
    }
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every submission as CSV to a file, oldest first, and leaves no .part file behind', async () => {
    const result = await run('signup', '--output', 'signup.csv');
    assert.equal(result.code, 0, result.err);
    const text = readFileSync(join(dir, 'signup.csv'), 'utf8');
    const records = text.split('\r\n');
    assert.equal(records.pop(), '', 'the file ends with a complete record');
    assert.equal(records.length, ROWS + 1, 'a header and each submission once');
    assert.match(records[0] ?? '', /^submission_id,received_at,flow_id,version,contract_ok,flow_token,name,other_answers$/);
    assert.match(records[1] ?? '', /,2026-11-01T10:00:00.000Z,signup,1,true,,"Ana ""0"", Lisbon",$/);
    assert.match(records[ROWS] ?? '', new RegExp(`"Ana ""${ROWS - 1}"", Lisbon"`));
    assert.equal(existsSync(join(dir, 'signup.csv.part')), false);
    assert.match(result.err, new RegExp(`Wrote ${Buffer.byteLength(text)} bytes to `));
  });

  it('prints JSON Lines to stdout, filtered by contract status and time', async () => {
    const result = await run('signup', '--format', 'jsonl', '--status', 'invalid', '--since', new Date(T0 + 100_000).toISOString());
    assert.equal(result.code, 0, result.err);
    const lines = result.out.trimEnd().split('\n').map((line) => JSON.parse(line) as { answers: { name: string }; contract_ok: boolean });
    // Invalid rows are i % 100 === 7; since i >= 100 leaves 107, 207, ..., 1107.
    assert.deepEqual(lines.map((l) => l.answers.name), Array.from({ length: 11 }, (_, k) => `Ana "${(k + 1) * 100 + 7}", Lisbon`));
    assert.ok(lines.every((l) => !l.contract_ok));
  });

  it('says what is wrong: an unknown Flow (exit 1), a malformed instant or a missing Flow id (exit 2)', async () => {
    const missing = await run('nothing-here', '--output', 'x.csv');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /flow.*not found|not found.*flow/i);
    assert.equal(existsSync(join(dir, 'x.csv')) || existsSync(join(dir, 'x.csv.part')), false, 'a refused export writes no file');
    const badInstant = await run('signup', '--since', 'yesterday');
    assert.equal(badInstant.code, 2);
    assert.match(badInstant.err, /--since must be an ISO 8601 instant/);
    assert.equal((await run()).code, 2);
    const io = captureIo({ env: {} });
    assert.equal(await main(['submissions', 'export', 'signup'], io), 2);
    assert.match(io.err(), /set FLOWLINE_TOKEN/);
  });
});
