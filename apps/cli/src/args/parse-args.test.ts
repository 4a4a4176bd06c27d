import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, type ArgsSpec } from './parse-args.js';

const spec: ArgsSpec = {
  flags: {
    format: { type: 'string', choices: ['text', 'json'], description: 'format' },
    out: { type: 'string', placeholder: '<file>', description: 'out' },
    force: { type: 'boolean', description: 'force' },
  },
  minPositionals: 1,
  maxPositionals: 2,
};

describe('parseArgs', () => {
  it('reads positionals, string flags in both spellings and boolean flags', () => {
    const r = parseArgs(['a.json', '--format', 'json', '--out=x.json', '--force', 'b.json'], spec);
    assert.ok(r.ok);
    assert.deepEqual(r.args.positionals, ['a.json', 'b.json']);
    assert.deepEqual(r.args.flags, { format: 'json', out: 'x.json', force: true });
    assert.equal(r.args.help, false);
  });

  it('rejects an unknown flag', () => {
    const r = parseArgs(['a', '--colour'], spec);
    assert.deepEqual(r, { ok: false, error: "unknown option '--colour'" });
  });

  it('rejects a value outside the allowed choices', () => {
    const r = parseArgs(['a', '--format', 'yaml'], spec);
    assert.ok(!r.ok);
    assert.match(r.error, /must be one of text, json/);
  });

  it('rejects a string flag without a value', () => {
    assert.ok(!parseArgs(['a', '--out'], spec).ok);
    assert.ok(!parseArgs(['a', '--out', '--force'], spec).ok);
  });

  it('rejects a value on a boolean flag', () => {
    assert.ok(!parseArgs(['a', '--force=yes'], spec).ok);
  });

  it('checks the number of positionals unless help is asked for', () => {
    assert.deepEqual(parseArgs([], spec), { ok: false, error: 'missing arguments' });
    assert.ok(!parseArgs(['a', 'b', 'c'], spec).ok);
    const help = parseArgs(['--help'], spec);
    assert.ok(help.ok && help.args.help);
  });

  it('treats everything after -- as positionals', () => {
    const r = parseArgs(['--', '--force'], spec);
    assert.ok(r.ok);
    assert.deepEqual(r.args.positionals, ['--force']);
  });
});
