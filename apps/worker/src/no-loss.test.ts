import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { openStorage } from '@flowline/storage';
import { enqueueRouted } from './test-support/enqueue-routed.js';
import { startSink } from './test-support/start-sink.js';

const CHILD = fileURLToPath(new URL('./test-support/run-worker-child.ts', import.meta.url));

function startChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, dataDir, '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('error', reject);
  });
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('delivers every action at least once when the worker process is SIGKILLed mid-batch, duplicates keeping their idempotency key', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-noloss-'));
  // A slow downstream, so the kill lands while deliveries are in flight.
  const sink = await startSink(() => 200, 30);
  const storage = await openStorage({ dataDir: dir });
  try {
    await storage.workspaces.create({ id: 'ws', name: 'ws', at: 0 });
    const total = 60;
    for (let i = 0; i < total; i += 1) await enqueueRouted(storage, 'ws', [{ type: 'webhook', url: sink.url, secret: 's' }], { at: Date.now(), prefix: `s${i}` });

    const first = await startChild(dir);
    await until(() => sink.requests.length >= 12, 20_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    assert.ok(sink.requests.length < total, 'the kill must land before the work is done');
    const inFlight = (await storage.outbox.list('ws', { status: 'delivering', limit: 1000 })).length;
    assert.ok(inFlight > 0, 'the kill must land in the middle of a batch (actions leased, not finished)');

    const second = await startChild(dir);
    await until(async () => (await storage.outbox.list('ws', { status: 'delivered', limit: 1000 })).length === total, 30_000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    const keys = sink.requests.map((r) => r.headers['idempotency-key']);
    assert.equal(new Set(keys).size, total, 'every action reached the downstream');
    for (const request of sink.requests) {
      const body: unknown = JSON.parse(request.body);
      assert.equal(typeof body === 'object' && body !== null && 'id' in body ? body.id : undefined, request.headers['idempotency-key']);
    }
    assert.equal((await storage.outbox.list('ws', { limit: 1000 })).filter((a) => a.status !== 'delivered').length, 0);
  } finally {
    await storage.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
