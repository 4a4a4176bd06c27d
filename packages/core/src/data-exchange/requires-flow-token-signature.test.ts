import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requiresFlowTokenSignature } from './requires-flow-token-signature.js';

describe('requiresFlowTokenSignature', () => {
  it('is true from Flow JSON 7.3 with Data API 4.0', () => {
    assert.equal(requiresFlowTokenSignature({ version: '7.3', data_api_version: '4.0' }), true);
    assert.equal(requiresFlowTokenSignature({ version: '7.10', data_api_version: '4.0' }), true, 'minors count 7.9 < 7.10');
    assert.equal(requiresFlowTokenSignature({ version: '8.0', data_api_version: '4.1' }), true);
  });

  it('is false before 7.3, with Data API 3.0, or without either version', () => {
    assert.equal(requiresFlowTokenSignature({ version: '7.2', data_api_version: '4.0' }), false);
    assert.equal(requiresFlowTokenSignature({ version: '6.3', data_api_version: '4.0' }), false);
    assert.equal(requiresFlowTokenSignature({ version: '7.3', data_api_version: '3.0' }), false);
    assert.equal(requiresFlowTokenSignature({ version: '7.3' }), false);
    assert.equal(requiresFlowTokenSignature({ data_api_version: '4.0' }), false);
    assert.equal(requiresFlowTokenSignature({ version: 7.3, data_api_version: 4 }), false);
    assert.equal(requiresFlowTokenSignature(null), false);
    assert.equal(requiresFlowTokenSignature('7.3'), false);
  });
});
