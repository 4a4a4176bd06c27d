import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startFlow, type RuntimeState } from '../runtime/index.js';
import { checkExpectation } from './check-expectation.js';
import { parseScenario } from './parse-scenario.js';

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const flow: unknown = JSON.parse(readFileSync(join(root, 'examples', 'scenarios', 'navigation.flow.json'), 'utf8'));

function started(): RuntimeState {
  const outcome = startFlow(flow, {});
  assert.ok(!('error' in outcome));
  return outcome.state;
}

describe('checkExpectation: opened and notice', () => {
  it('names the URL that was opened last, or says none was', () => {
    const state = started();
    assert.deepEqual(checkExpectation(flow, state, { opened: 'https://example.com/help' }, undefined, ['https://example.com/help']), []);
    assert.deepEqual(checkExpectation(flow, state, { opened: 'https://example.com/help' }), ['expected "https://example.com/help" to have been opened, but no URL was opened']);
    assert.deepEqual(checkExpectation(flow, state, { opened: 'https://a.example' }, undefined, ['https://b.example']), [
      'expected "https://a.example" to have been opened, but the last URL opened was "https://b.example"',
    ]);
  });

  it('checks the notice shown on the screen', () => {
    const state = started();
    assert.deepEqual(checkExpectation(flow, state, { notice: true }), ['expected a notice on the screen, but it shows none']);
    const withNotice: RuntimeState = { ...state, screens: { ...state.screens, HOME: { ...state.screens['HOME']!, notice: 'Try later' } } };
    assert.deepEqual(checkExpectation(flow, withNotice, { notice: true }), []);
    assert.deepEqual(checkExpectation(flow, withNotice, { notice: 'Try again' }), ['expected the notice "Try again", got "Try later"']);
  });

  it('parses opened and notice, and rejects values of the wrong type', () => {
    const ok = parseScenario({ flow: 'f.json', steps: [{ expect: { opened: 'https://x.example', notice: true } }] });
    assert.ok(ok.ok);
    const bad = parseScenario({ flow: 'f.json', steps: [{ expect: { opened: 1, notice: 2 } }] });
    assert.ok(!bad.ok);
    assert.match(JSON.stringify(bad), /expect\.opened must be a URL string/);
    assert.match(JSON.stringify(bad), /expect\.notice must be true or a message/);
  });
});
