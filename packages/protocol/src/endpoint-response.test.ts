import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledgeError, closeFlow, errorMessage, healthCheckResponse, invalidFlowTokenResponse, nextScreen } from './endpoint-response.js';
import { kairon } from './test-support/crypto-corpus.js';

describe('endpoint response builders', () => {
  it('closeFlow serializes exactly like the kairon SUCCESS vector plaintext', () => {
    const expected = kairon().vector.derived_response_vectors[0]?.plaintext;
    assert.equal(JSON.stringify(closeFlow('flows-builder-f174c96d')), expected);
  });

  it('healthCheckResponse serializes exactly like the kairon ping vector plaintext', () => {
    assert.equal(JSON.stringify(healthCheckResponse()), kairon().vector.derived_response_vectors[1]?.plaintext);
  });

  it('closeFlow forwards extra params and always keeps the given flow_token', () => {
    assert.deepEqual(closeFlow('tok', { flow_token: 'other', booked: true }).data.extension_message_response.params, { flow_token: 'tok', booked: true });
  });

  it('closeFlow requires a flow token', () => {
    assert.throws(() => closeFlow(''), RangeError);
  });

  it('nextScreen names the screen and refuses SUCCESS or an empty id', () => {
    assert.deepEqual(nextScreen('DETAILS', { a: 1 }), { screen: 'DETAILS', data: { a: 1 } });
    assert.throws(() => nextScreen('SUCCESS', {}), RangeError);
    assert.throws(() => nextScreen('', {}), RangeError);
  });

  it('errorMessage puts the message inside data.error_message', () => {
    assert.deepEqual(errorMessage('DETAILS', 'Slot taken', { a: 1 }), { screen: 'DETAILS', data: { a: 1, error_message: 'Slot taken' } });
  });

  it('acknowledgeError and invalidFlowTokenResponse have the documented shapes', () => {
    assert.deepEqual(acknowledgeError(), { data: { acknowledged: true } });
    assert.deepEqual(invalidFlowTokenResponse('Expired'), { error_msg: 'Expired' });
  });
});
