import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

// README's tour, step "Publish to WhatsApp": `npm run whatsapp:stand-in` is one command. This runs the
// script exactly as package.json declares it, as a child process: it prints its address and the values to
// connect with, answers Graph requests in Meta's shapes, and stops cleanly on SIGTERM.

const ROOT = resolve(fileURLToPath(new URL('../../../../../', import.meta.url)));

test('npm run whatsapp:stand-in prints its address, answers Graph requests and stops cleanly on SIGTERM', async () => {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['whatsapp:stand-in'] ?? '';
  const [command, ...args] = script.split(/\s+/);
  assert.equal(command, 'node', `the script runs node: ${script}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-stand-in-cmd-'));
  // --print-only: no server to connect to; the values to paste are printed instead.
  const child = spawn(process.execPath, [...args, '--print-only'], { cwd: ROOT, env: { ...process.env, FLOWLINE_DATA_DIR: dataDir, FLOWLINE_APP_SECRET: 'stand-in-cmd-secret' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  try {
    // Waits for the banner's last line (the process prints it once listening), or for an early exit.
    const ready = await Promise.race([
      new Promise<boolean>((done) => {
        const look = () => {
          if (out.includes('Ctrl-C to stop')) {
            child.stdout.off('data', look);
            done(true);
          }
        };
        child.stdout.on('data', look);
      }),
      exited.then(() => false),
    ]);
    assert.ok(ready, `the stand-in stopped before listening: ${out}${err}`);
    assert.match(out, /Graph API STAND-IN: a local test double/);
    const baseUrl = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(baseUrl !== undefined, out);
    const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)$`, 'm').exec(out)?.[1];
    const token = field('accessToken');
    const wabaId = field('wabaId');
    const phoneNumberId = field('phoneNumberId');
    assert.ok(token !== undefined && wabaId !== undefined && phoneNumberId !== undefined, out);
    assert.equal(field('graphBaseUrl'), baseUrl);

    // A Graph request with the printed token: Meta's shape. Without it: Meta's error envelope, code 190.
    const numbers = await fetch(`${baseUrl}/v23.0/${wabaId}/phone_numbers`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(numbers.status, 200);
    const listed = (await numbers.json()) as { data: { id: string }[] };
    assert.deepEqual(listed.data.map((n) => n.id), [phoneNumberId]);
    const refused = await fetch(`${baseUrl}/v23.0/${wabaId}/flows`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal(refused.status, 401);
    const envelope = (await refused.json()) as { error: Record<string, unknown> };
    assert.equal(envelope.error['code'], 190);
    assert.equal(typeof envelope.error['fbtrace_id'], 'string');

    // Its console answers too.
    child.stdin.write('flows\nnonsense\n');
    for (let i = 0; i < 100 && !out.includes('commands: flows'); i++) await new Promise((done) => setTimeout(done, 20));
    assert.match(out, /commands: flows \| status <meta-flow-id>/);

    // "reregister" plays the number registered again on Meta: the registered key's signature reads MISMATCH.
    const keyUrl = `${baseUrl}/v23.0/${phoneNumberId}/whatsapp_business_encryption`;
    const registered = await fetch(keyUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ business_public_key: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' }) });
    assert.equal(registered.status, 200);
    child.stdin.write('reregister\n');
    for (let i = 0; i < 100 && !out.includes('signature status is MISMATCH'); i++) await new Promise((done) => setTimeout(done, 20));
    const key = (await (await fetch(keyUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { business_public_key_signature_status: string }[] };
    assert.equal(key.data[0]?.business_public_key_signature_status, 'MISMATCH');

    child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null }, `stderr: ${err}`);
    await assert.rejects(fetch(`${baseUrl}/v23.0/${wabaId}`), 'the port is closed once it stopped');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
