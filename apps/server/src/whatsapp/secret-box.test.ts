import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSecretBox } from './secret-box.js';

describe('createSecretBox', () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  it('seals a secret that opens only with the same key and context, and never holds the plaintext', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('EAAG-token', 'ws-a/access_token');
    assert.equal(sealed.includes('EAAG'), false);
    assert.notEqual(box.seal('EAAG-token', 'ws-a/access_token'), sealed, 'a fresh IV per seal');
    assert.equal(box.open(sealed, 'ws-a/access_token'), 'EAAG-token');
    assert.equal(createSecretBox(key).open(sealed, 'ws-a/access_token'), 'EAAG-token', 'another process derives the same key');
    assert.equal(box.open(sealed, 'ws-b/access_token'), undefined, 'bound to its workspace and field');
    assert.equal(createSecretBox(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey).open(sealed, 'ws-a/access_token'), undefined);
  });

  it('refuses tampered or malformed text without throwing', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('s', 'c');
    const [version, iv, body] = sealed.split('.');
    const bytes = Buffer.from(body ?? '', 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const flipped = `${version}.${iv}.${bytes.toString('base64url')}`;
    for (const bad of [flipped, 'v1..', 'v2.a.b', '', 'plain text']) assert.equal(box.open(bad, 'c'), undefined, bad);
  });
});
