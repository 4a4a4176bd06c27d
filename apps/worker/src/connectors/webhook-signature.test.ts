import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"id":"s:0"}';
  it('signs t.body with HMAC-SHA256 as t=…,v1=…', () => {
    const expected = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    assert.equal(signWebhookBody('secret', body, 1700000000.9), `t=1700000000,v1=${expected}`);
  });
  it('verifies a fresh signature and refuses tampering, another secret, stale timestamps and garbage', () => {
    const header = signWebhookBody('secret', body, 1000);
    assert.equal(verifyWebhookSignature('secret', header, body, 1100).ok, true);
    assert.equal(verifyWebhookSignature('secret', header, `${body} `, 1100).ok, false);
    assert.equal(verifyWebhookSignature('other', header, body, 1100).ok, false);
    assert.equal(verifyWebhookSignature('secret', header, body, 2000).ok, false);
    for (const bad of [undefined, '', 't=x,v1=y', 'v1=00']) assert.equal(verifyWebhookSignature('secret', bad, body, 1000).ok, false);
  });
});
