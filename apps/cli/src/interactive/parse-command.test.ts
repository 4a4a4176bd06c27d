import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from './parse-command.js';

describe('parseCommand', () => {
  it('reads assignments by number or name, keeping = inside the value', () => {
    assert.deepEqual(parseCommand(' 1 = Ana '), { kind: 'set', target: '1', value: 'Ana' });
    assert.deepEqual(parseCommand('note = a=b'), { kind: 'set', target: 'note', value: 'a=b' });
  });

  it('reads select, check and press with multi-word arguments', () => {
    assert.deepEqual(parseCommand('select 2 Sales team'), { kind: 'select', target: '2', option: 'Sales team', selected: true });
    assert.deepEqual(parseCommand('uncheck terms'), { kind: 'check', target: 'terms', checked: false });
    assert.deepEqual(parseCommand('press Read the terms'), { kind: 'press', target: 'Read the terms' });
  });

  it('reads the one-word commands and reports anything else as unknown', () => {
    assert.deepEqual(parseCommand('back'), { kind: 'back' });
    assert.deepEqual(parseCommand('FORM'), { kind: 'show', what: 'form' });
    assert.deepEqual(parseCommand(''), { kind: 'empty' });
    assert.deepEqual(parseCommand('jump 3'), { kind: 'unknown', text: 'jump 3' });
    assert.deepEqual(parseCommand('select 2'), { kind: 'unknown', text: 'select 2' });
  });
});
