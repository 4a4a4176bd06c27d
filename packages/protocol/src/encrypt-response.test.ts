import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decryptRequest } from './decrypt-request.js';
import { encryptResponse } from './encrypt-response.js';
import { flipIv } from './flip-iv.js';
import { loadPrivateKey } from './load-private-key.js';
import { kairon, pywa } from './test-support/crypto-corpus.js';

describe('encryptResponse', () => {
  it('reproduces both derived kairon response bodies byte for byte', () => {
    const { vector, keyPem } = kairon();
    const { aesKey, iv } = decryptRequest(vector.request_envelope, loadPrivateKey(keyPem));
    assert.equal(vector.derived_response_vectors.length, 2);
    for (const response of vector.derived_response_vectors) {
      assert.equal(encryptResponse(response.plaintext, aesKey, iv), response.base64_body);
    }
  });

  it('serializes objects compactly, matching the kairon SUCCESS vector', () => {
    const { vector, keyPem } = kairon();
    const { aesKey, iv } = decryptRequest(vector.request_envelope, loadPrivateKey(keyPem));
    const success = { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: 'flows-builder-f174c96d' } } } };
    assert.equal(encryptResponse(success, aesKey, iv), vector.derived_response_vectors[0]?.base64_body);
  });

  it('reproduces pywa\'s expected encrypted INIT response from its exact serialized string', () => {
    const { vector, keyPem, passphrase } = pywa();
    const { aesKey, iv } = decryptRequest(vector.request_envelope, loadPrivateKey(keyPem, passphrase));
    assert.equal(
      encryptResponse(vector.response_vector.serialized_plaintext_exact, aesKey, iv),
      vector.response_vector.expected_base64_body,
    );
  });

  it('uses the bit-flipped request IV', () => {
    const { vector } = kairon();
    assert.equal(flipIv(Buffer.from(vector.expected.iv_hex, 'hex')).toString('hex'), vector.expected.flipped_iv_hex);
  });
});
