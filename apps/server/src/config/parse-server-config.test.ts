import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseServerConfig } from './parse-server-config.js';

test('uses PORT 3000 and ./data when nothing is set', () => {
  const result = parseServerConfig({});
  assert.ok(result.ok);
  assert.equal(result.config.port, 3000);
  assert.equal(result.config.dataDir, resolve('./data'));
  assert.ok(result.config.workers >= 1);
  assert.equal(result.config.appSecret, undefined);
});

test('reads every variable it documents', () => {
  const result = parseServerConfig({
    PORT: '8080',
    FLOWLINE_DATA_DIR: '/tmp/x',
    FLOWLINE_WORKERS: '3',
    FLOWLINE_APP_SECRET: 's',
    FLOWLINE_KEY_PASSPHRASE: 'p',
    FLOWLINE_HANDLER_TIMEOUT_MS: '500',
  });
  assert.ok(result.ok);
  assert.deepEqual(
    [result.config.port, result.config.dataDir, result.config.workers, result.config.appSecret, result.config.keyPassphrase, result.config.handlerTimeoutMs],
    [8080, '/tmp/x', 3, 's', 'p', 500],
  );
});

test('collects every bad variable into clear errors', () => {
  const result = parseServerConfig({ PORT: 'abc', FLOWLINE_WORKERS: '0' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, ['PORT must be a whole number, got "abc"', 'FLOWLINE_WORKERS must be between 1 and 256, got 0']);
});
