import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSecretBox } from './create-secret-box.js';
import { isProtocolError } from './protocol-error.js';

describe('createSecretBox', () => {
  const box = createSecretBox('correct horse battery staple');
  it('seals to an opaque value that opens only in its context, under its passphrase, unaltered', () => {
    const sealed = box.seal('whsec_example', 'ws-a');
    assert.match(sealed, /^fls1\.[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes('whsec_example'));
    assert.notEqual(box.seal('whsec_example', 'ws-a'), sealed, 'a fresh IV each time');
    assert.equal(box.open(sealed, 'ws-a'), 'whsec_example');
    const refused = (fn: () => unknown) => assert.throws(fn, (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE'));
    refused(() => box.open(sealed, 'ws-b'));
    refused(() => createSecretBox('another passphrase').open(sealed, 'ws-a'));
    refused(() => box.open(`${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`, 'ws-a'));
    refused(() => box.open('whsec_example', 'ws-a'));
  });
});
