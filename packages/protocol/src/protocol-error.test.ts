import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProtocolError, PROTOCOL_ERROR_HTTP_STATUS, ProtocolError } from './protocol-error.js';

describe('ProtocolError', () => {
  it('maps the protocol families to the statuses WhatsApp expects', () => {
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_DECRYPT, 421);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_SIGNATURE_INVALID, 432);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_SIGNATURE_MISSING, 432);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_FLOW_TOKEN_SIGNATURE, 427);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_FLOW_TOKEN_MISMATCH, 427);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_MALFORMED, 400);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_TOO_LARGE, 413);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_PAYLOAD_TOO_DEEP, 400);
    assert.equal(PROTOCOL_ERROR_HTTP_STATUS.ERR_FIELD_TOO_LARGE, 413);
  });

  it('carries its code and the table\'s status', () => {
    const error = new ProtocolError('ERR_MEDIA_HMAC', 'x');
    assert.equal(error.code, 'ERR_MEDIA_HMAC');
    assert.equal(error.status, 400);
    assert.equal(error.name, 'ProtocolError');
    assert.ok(error instanceof Error);
  });

  it('isProtocolError narrows by code', () => {
    const error = new ProtocolError('ERR_KEY_PASSPHRASE', 'x');
    assert.equal(isProtocolError(error), true);
    assert.equal(isProtocolError(error, 'ERR_KEY_PASSPHRASE'), true);
    assert.equal(isProtocolError(error, 'ERR_KEY_INVALID'), false);
    assert.equal(isProtocolError(new Error('x')), false);
  });
});
