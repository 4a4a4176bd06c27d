import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// `flowline serve` as a real process, stopped with SIGTERM while a request is in flight: the request
// is answered, then the process exits 0. The request is a webhook whose body arrives in two parts,
// the second only after SIGTERM, so it is in flight for certain when the signal comes.

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();

const BODY = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'x' }, statuses: [{ id: 'wamid.sigterm-1', status: 'delivered', timestamp: '1767261600', recipient_id: '1555000' }] } }] }],
});

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

async function serve(env: Record<string, string>): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-sigterm-'));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'apps', 'cli', 'src', 'bin.ts'), 'serve', '--port', '0', '--data-dir', dir], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', FLOWLINE_KEY_PASSPHRASE: 'sigterm test passphrase 3Rn7Tz', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const found = /listening on http:\/\/localhost:(\d+)/.exec(err);
      if (found?.[1] !== undefined) {
        child.stderr?.off('data', onData);
        resolve(Number(found[1]));
      }
    };
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`serve exited ${code} before listening:\n${err}`)));
  });
  return { child, port, stderr: () => err, exit };
}

/** Reads one HTTP/1.1 answer (headers and a Content-Length body) from a socket. */
function readAnswer(socket: Socket): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end === -1) return;
      const headers = data.subarray(0, end).toString();
      const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
      if (data.length < end + 4 + length) return;
      socket.off('data', onData);
      resolve({ status: Number(headers.split(' ')[1]), headers, body: data.subarray(end + 4, end + 4 + length).toString() });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection closed before a full answer: ${data.toString()}`)));
  });
}

async function openConnection(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
  // One full exchange first: the server has taken the connection before the request under test starts.
  socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await readAnswer(socket)).status, 200);
  return socket;
}

const startRequest = (socket: Socket, body: string): void => {
  socket.write(`POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 40)}`);
};

describe('flowline serve stops gracefully on SIGTERM', () => {
  for (const workers of ['1', '2']) {
    it(`answers the request in flight, then exits 0 (FLOWLINE_WORKERS=${workers})`, async () => {
      const served = await serve({ FLOWLINE_WORKERS: workers });
      try {
        const socket = await openConnection(served.port);
        startRequest(socket, BODY);
        // Ordering only (no assertion on time): the headers reach the server before the signal.
        await new Promise((r) => setTimeout(r, 500));
        served.child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        const answer = readAnswer(socket);
        socket.write(BODY.slice(40));
        const { status, body } = await answer;
        assert.equal(status, 200, body);
        assert.equal((JSON.parse(body) as { received: number }).received, 1);
        socket.destroy();
        assert.equal(await served.exit, 0, served.stderr());
        assert.match(served.stderr(), /Flowline stopped/);
        // No new connection is accepted any more.
        await assert.rejects(fetch(`http://127.0.0.1:${served.port}/healthz`));
      } finally {
        served.child.kill('SIGKILL');
      }
    });
  }

  it('cuts a request that never completes after FLOWLINE_SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const served = await serve({ FLOWLINE_WORKERS: '1', FLOWLINE_SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      const socket = await openConnection(served.port);
      socket.on('error', () => undefined);
      startRequest(socket, BODY);
      await new Promise((r) => setTimeout(r, 500));
      served.child.kill('SIGTERM');
      assert.equal(await served.exit, 0, served.stderr());
      assert.match(served.stderr(), /"event":"server.shutdown_timeout"/);
      socket.destroy();
    } finally {
      served.child.kill('SIGKILL');
    }
  });
});
