import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

describe('flowline schema', () => {
  it('prints a JSON Schema for the latest version by default', async () => {
    const io = captureIo();
    assert.equal(await main(['schema'], io), 0);
    const schema = JSON.parse(io.out()) as Record<string, unknown>;
    assert.equal(typeof schema, 'object');
    assert.match(io.out(), /"screens"/);
    assert.match(io.out(), /NavigationList/);
  });

  it('prints an older version without the components it lacks', async () => {
    const io = captureIo();
    assert.equal(await main(['schema', '--version', '2.1'], io), 0);
    assert.doesNotMatch(io.out(), /NavigationList/);
  });

  it('writes the schema to a file with --out', async () => {
    const dir = tempDir();
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['schema', '--out', 'flow.schema.json'], io), 0);
    assert.equal(io.out(), '');
    const written = JSON.parse(readFileSync(join(dir, 'flow.schema.json'), 'utf8')) as unknown;
    const printed = captureIo();
    await main(['schema'], printed);
    assert.deepEqual(written, JSON.parse(printed.out()));
  });

  it('exits 2 for an unknown version', async () => {
    const io = captureIo();
    assert.equal(await main(['schema', '--version', '9.9'], io), 2);
    assert.match(io.err(), /unknown Flow JSON version '9\.9'/);
  });
});
