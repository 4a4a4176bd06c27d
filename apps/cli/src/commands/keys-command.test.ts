import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadKeyPair } from '@flowline/protocol';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

describe('flowline keys', () => {
  it('generates an encrypted key pair under FLOWLINE_DATA_DIR/keys and prints the public key', async () => {
    const dir = tempDir();
    const io = captureIo({ cwd: dir, env: { FLOWLINE_KEY_PASSPHRASE: 'pass phrase', FLOWLINE_DATA_DIR: 'store' } });
    assert.equal(await main(['keys', 'generate'], io), 0, io.err());
    const keys = join(dir, 'store', 'keys');
    assert.match(io.out(), /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(io.out(), readFileSync(join(keys, 'public.pem'), 'utf8'));
    assert.match(readFileSync(join(keys, 'private.pem'), 'utf8'), /ENCRYPTED PRIVATE KEY/);
    assert.equal(statSync(join(keys, 'private.pem')).mode & 0o777, 0o600);
    assert.equal(loadKeyPair(keys, 'pass phrase').publicKeyPem, io.out());
  });

  it('refuses to overwrite a key pair without --force', async () => {
    const dir = tempDir();
    const env = { FLOWLINE_KEY_PASSPHRASE: 'p' };
    assert.equal(await main(['keys', 'generate', '--dir', 'k'], captureIo({ cwd: dir, env })), 0);
    const first = readFileSync(join(dir, 'k', 'public.pem'), 'utf8');
    const again = captureIo({ cwd: dir, env });
    assert.equal(await main(['keys', 'generate', '--dir', 'k'], again), 1);
    assert.match(again.err(), /already exists.*--force/);
    assert.equal(readFileSync(join(dir, 'k', 'public.pem'), 'utf8'), first);
    assert.equal(await main(['keys', 'generate', '--dir', 'k', '--force'], captureIo({ cwd: dir, env })), 0);
    assert.notEqual(readFileSync(join(dir, 'k', 'public.pem'), 'utf8'), first);
  });

  it('exits 2 with a clear message when the passphrase is missing', async () => {
    const io = captureIo({ cwd: tempDir() });
    assert.equal(await main(['keys', 'generate'], io), 2);
    assert.match(io.err(), /FLOWLINE_KEY_PASSPHRASE is not set/);
  });

  it('prints the public key, or explains that there is none', async () => {
    const dir = tempDir();
    const none = captureIo({ cwd: dir });
    assert.equal(await main(['keys', 'public', '--dir', 'k'], none), 1);
    assert.match(none.err(), /run 'flowline keys generate' first/);
    await main(['keys', 'generate', '--dir', 'k'], captureIo({ cwd: dir, env: { FLOWLINE_KEY_PASSPHRASE: 'p' } }));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['keys', 'public', '--dir', 'k'], io), 0);
    assert.equal(io.out(), readFileSync(join(dir, 'k', 'public.pem'), 'utf8'));
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'public.pem'), 'nope');
    assert.equal(await main(['keys', 'public', '--dir', 'bad'], captureIo({ cwd: dir })), 1);
  });

  it('reports a missing or unknown subcommand as a usage error', async () => {
    const io = captureIo();
    assert.equal(await main(['keys'], io), 2);
    assert.match(io.err(), /missing subcommand/);
    const unknown = captureIo();
    assert.equal(await main(['keys', 'rotate'], unknown), 2);
    assert.match(unknown.err(), /unknown subcommand 'rotate'/);
  });
});
