import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { privateKeyKdfIterations, PRIVATE_KEY_KDF_ITERATIONS } from '@flowline/protocol';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { createServer } from '../../create-server.js';
import { silentLogger, type Logger } from '../../logging/logger.js';
import { ensureEndpointKeys } from './ensure-endpoint-keys.js';

const root = mkdtempSync(join(tmpdir(), 'flowline-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));

function capture(): { log: Logger; events: string[] } {
  const events: string[] = [];
  return { log: (_level, event) => void events.push(event), events };
}

test('a deleted private.pem in a deployment with data is refused, not silently replaced by a pair Meta does not know', async () => {
  const dataDir = join(root, 'deleted');
  const parsed = parseServerConfig({ PORT: '0', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'a-long-and-random-passphrase-123', FLOWLINE_WORKER: 'off' });
  assert.ok(parsed.ok);
  await (await createServer(parsed.config, silentLogger)).close();
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  rmSync(join(dataDir, 'keys', 'private.pem'));
  await assert.rejects(createServer(parsed.config, silentLogger), /private\.pem is missing[\s\S]*flowline keys generate --force/);
  // Both files gone: the database still says this deployment exists.
  rmSync(join(dataDir, 'keys'), { recursive: true });
  await assert.rejects(createServer(parsed.config, silentLogger), /already has data/);
  assert.throws(() => readFileSync(join(dataDir, 'keys', 'private.pem')), 'no new private key was written');
  assert.ok(publicPem.startsWith('-----BEGIN PUBLIC KEY-----'));
});

test('a private key encrypted with OpenSSL’s 2,048 PBKDF2 iterations is re-encrypted with 600,000 on start, keeping the same pair', () => {
  const dataDir = join(root, 'legacy');
  mkdirSync(join(dataDir, 'keys'), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const legacy = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'a-long-and-random-passphrase-123' }).toString();
  assert.equal(privateKeyKdfIterations(legacy), 2048);
  writeFileSync(join(dataDir, 'keys', 'private.pem'), legacy, { mode: 0o600 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(join(dataDir, 'keys', 'public.pem'), publicPem);
  const { log, events } = capture();
  const loaded = ensureEndpointKeys(dataDir, 'a-long-and-random-passphrase-123', log, { existingDeployment: true });
  assert.equal(loaded.publicKeyPem, publicPem);
  const upgraded = readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8');
  assert.equal(privateKeyKdfIterations(upgraded), PRIVATE_KEY_KDF_ITERATIONS);
  assert.equal(statSync(join(dataDir, 'keys', 'private.pem')).mode & 0o777, 0o600);
  assert.deepEqual(events, ['keys.reencrypted']);
  // The next start loads it as it is.
  const again = capture();
  assert.equal(ensureEndpointKeys(dataDir, 'a-long-and-random-passphrase-123', again.log, { existingDeployment: true }).publicKeyPem, publicPem);
  assert.deepEqual(again.events, []);
});

test('warns about a weak FLOWLINE_KEY_PASSPHRASE and tightens an existing data directory to 0700', () => {
  const dataDir = join(root, 'weak');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  const { log, events } = capture();
  ensureEndpointKeys(dataDir, 'password', log);
  assert.deepEqual(events, ['keys.weak_passphrase', 'keys.generated']);
  assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  const strong = capture();
  ensureEndpointKeys(join(root, 'strong'), 'Xq7-vT2p!r9LmZ4w', strong.log);
  assert.deepEqual(strong.events, ['keys.generated']);
});
