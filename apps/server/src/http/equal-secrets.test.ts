import assert from 'node:assert/strict';
import { test } from 'node:test';
import { equalSecrets } from './equal-secrets.js';

test('equalSecrets tells equal secrets from different ones of any length', () => {
  assert.equal(equalSecrets('verify-me', 'verify-me'), true);
  assert.equal(equalSecrets('verify-mE', 'verify-me'), false);
  assert.equal(equalSecrets('verify', 'verify-me'), false);
  assert.equal(equalSecrets('', 'verify-me'), false);
  assert.equal(equalSecrets('ünï', 'ünï'), true);
});
