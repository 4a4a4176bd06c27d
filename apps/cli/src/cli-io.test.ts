import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useColour } from './cli-io.js';

describe('useColour', () => {
  it('colours a TTY unless NO_COLOR is set, and never a pipe', () => {
    const tty = { write: () => undefined, isTTY: true };
    assert.equal(useColour(tty, {}), true);
    assert.equal(useColour(tty, { NO_COLOR: '1' }), false);
    assert.equal(useColour({ write: () => undefined }, {}), false);
  });
});
