import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { acknowledgeError, closeFlow, errorMessage, healthCheckResponse, invalidFlowTokenResponse, nextScreen } from './data-exchange-response.js';

const corpus = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');

/** The plaintexts of the responses derived from the kairon vector: SUCCESS, then ping. */
function kaironResponses(): { plaintext: string }[] {
  return (JSON.parse(readFileSync(path.join(corpus, 'kairon_flow_request_vector.json'), 'utf8')) as { derived_response_vectors: { plaintext: string }[] }).derived_response_vectors;
}

describe('data exchange response builders', () => {
  it('closeFlow serializes exactly like the kairon SUCCESS vector plaintext', () => {
    const expected = kaironResponses()[0]?.plaintext;
    assert.equal(JSON.stringify(closeFlow('flows-builder-f174c96d')), expected);
  });

  it('healthCheckResponse serializes exactly like the kairon ping vector plaintext', () => {
    assert.equal(JSON.stringify(healthCheckResponse()), kaironResponses()[1]?.plaintext);
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
