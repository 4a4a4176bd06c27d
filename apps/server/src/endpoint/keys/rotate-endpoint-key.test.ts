import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encryptRequest, generateKeyPair, inlineRequestDecryptor, isProtocolError, saveKeyPair } from '@flowline/protocol';
import { silentLogger } from '../../logging/logger.js';
import { createEndpointKeyRing, decryptionKeys, type EndpointKeyRing } from './endpoint-key-ring.js';
import { rotateEndpointKey } from './rotate-endpoint-key.js';

const PASSPHRASE = 'rotate-unit-passphrase-0123456';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function keyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-rotate-'));
  dirs.push(dir);
  saveKeyPair(dir, generateKeyPair({ passphrase: PASSPHRASE }));
  return dir;
}

/** Whether a ring's keys decrypt a request encrypted with this public key. */
async function decrypts(ring: EndpointKeyRing, publicKeyPem: string): Promise<boolean> {
  const { envelope } = encryptRequest({ version: '3.0', action: 'ping' }, publicKeyPem);
  try {
    await inlineRequestDecryptor(decryptionKeys(ring.state())).decrypt(Buffer.from(JSON.stringify(envelope)));
    return true;
  } catch (error) {
    assert.ok(isProtocolError(error, 'ERR_ENVELOPE_DECRYPT'));
    return false;
  }
}

test('the new key decrypts in every process before Meta is asked to hand it out', async () => {
  const dir = keyFolder();
  const now = () => 1_000_000;
  const rotating = createEndpointKeyRing({ keysDir: dir, passphrase: PASSPHRASE, now, log: silentLogger, pollMs: 0 });
  // Another worker process of the deployment: it only sees the folder.
  const other = createEndpointKeyRing({ keysDir: dir, passphrase: PASSPHRASE, now, log: silentLogger, pollMs: 0 });
  const oldPem = other.publicKeyPem();
  let seenAtRegistration: { other: boolean; current: string } | undefined;
  const result = await rotateEndpointKey<string>({
    ring: rotating, passphrase: PASSPHRASE, now, graceMs: 3_600_000, settleMs: 0, log: silentLogger,
    // What the other process would do during the settle wait: look at the folder.
    sleep: async () => {
      other.refresh();
    },
    register: async (publicKeyPem) => {
      seenAtRegistration = { other: await decrypts(other, publicKeyPem), current: other.publicKeyPem() };
      return { ok: true };
    },
  });
  assert.ok(result.ok);
  assert.deepEqual(seenAtRegistration, { other: true, current: oldPem }, 'staged: decryptable, not yet current');
  other.refresh();
  assert.equal(other.publicKeyPem(), rotating.publicKeyPem());
  assert.notEqual(other.publicKeyPem(), oldPem);
  assert.equal(await decrypts(other, oldPem), true, 'the previous key decrypts during its grace period');
  assert.deepEqual(other.view(1).previous, [{ fingerprint: result.previous.fingerprint, retiresAt: new Date(1_000_000 + 3_600_000).toISOString() }]);
});

test('a refusal by Meta removes the staged key from every process', async () => {
  const dir = keyFolder();
  const now = () => 5_000;
  const ring = createEndpointKeyRing({ keysDir: dir, passphrase: PASSPHRASE, now, log: silentLogger, pollMs: 0 });
  const before = readdirSync(dir).sort();
  let staged = '';
  const result = await rotateEndpointKey<string>({
    ring, passphrase: PASSPHRASE, now, graceMs: 1000, settleMs: 0, log: silentLogger, sleep: async () => undefined,
    register: async (publicKeyPem) => {
      staged = publicKeyPem;
      assert.equal(await decrypts(ring, publicKeyPem), true);
      return { ok: false, failure: 'no' };
    },
  });
  assert.deepEqual(result, { ok: false, reason: 'registration_failed', failure: 'no' });
  assert.deepEqual(readdirSync(dir).sort(), before);
  assert.equal(await decrypts(ring, staged), false, 'the abandoned key no longer decrypts');
  assert.equal(ring.state().staged, undefined);
});
