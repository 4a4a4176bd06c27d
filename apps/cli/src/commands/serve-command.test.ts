import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

describe('flowline serve', () => {
  it('starts the server on the given port and data folder, answers /healthz, and stops on shutdown', async () => {
    const dir = tempDir();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const io = captureIo({
      cwd: dir,
      env: { FLOWLINE_KEY_PASSPHRASE: 'p', FLOWLINE_WORKERS: '1', HOST: '127.0.0.1' },
      untilShutdown: () => stopped,
    });
    const running = main(['serve', '--port', '0', '--data-dir', 'state'], io);
    let port: number | undefined;
    // Polls for the start line; the bound only keeps a server that never starts from hanging the run
    // (start-up derives keys with PBKDF2 and scrypt, seconds on a loaded CI machine).
    for (let i = 0; i < 2400 && port === undefined; i++) {
      await new Promise((r) => setTimeout(r, 25));
      port = Number(/listening on http:\/\/localhost:(\d+)/.exec(io.err())?.[1] ?? Number.NaN) || undefined;
    }
    assert.ok(port !== undefined, io.err());
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.ok(existsSync(join(dir, 'state')), 'the data folder is resolved against the working directory');
    stop();
    assert.equal(await running, 0);
    assert.match(io.err(), /Flowline stopped/);
  });

  it('exits 2 on invalid configuration', async () => {
    const io = captureIo({ cwd: tempDir() });
    assert.equal(await main(['serve', '--port', 'abc'], io), 2);
    assert.match(io.err(), /PORT must be a whole number/);
  });
});
