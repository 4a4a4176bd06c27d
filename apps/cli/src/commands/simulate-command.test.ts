import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';

const examples = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), 'examples');

describe('flowline simulate', () => {
  it('runs a script against the given Flow and exits 0 when every expectation holds', async () => {
    const io = captureIo({ cwd: examples });
    assert.equal(await main(['simulate', 'registration.flow.json', '--script', 'registration.scenario.json'], io), 0);
    assert.match(io.out(), /· screen CONFIRM/);
    assert.match(io.out(), /^PASS /m);
  });

  it('prints the result and transcript as JSON with --format json', async () => {
    const io = captureIo({ cwd: examples });
    assert.equal(await main(['simulate', 'registration.flow.json', '--script', 'registration.scenario.json', '--format', 'json'], io), 0);
    const result = JSON.parse(io.out()) as { passed: boolean; completed: Record<string, unknown>; transcript: string[] };
    assert.equal(result.passed, true);
    assert.equal(result.completed['email'], 'ana@example.com');
    assert.ok(result.transcript.includes('screen CONFIRM'));
  });

  it('exits 1 when the script fails against another Flow', async () => {
    const io = captureIo({ cwd: examples });
    const flow = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows', 'pywa__v2_1_sign_in.json');
    assert.equal(await main(['simulate', flow, '--script', 'registration.scenario.json'], io), 1);
    assert.match(io.out(), /^FAIL /m);
  });

  it('exits 2 for a missing Flow or scenario', async () => {
    assert.equal(await main(['simulate', 'nope.json'], captureIo({ cwd: examples })), 2);
    const io = captureIo({ cwd: examples });
    assert.equal(await main(['simulate', 'registration.flow.json', '--script', 'nope.json'], io), 2);
    assert.match(io.err(), /nope\.json: no such file/);
  });

  it('plays the Flow interactively from commands on stdin and prints the payload and summary', async () => {
    const stdin = ['help', '1 = Ana', 'email = ana@example.com', 'select 3 Sales', 'press footer', 'check 1', 'press footer', ''].join('\n');
    const io = captureIo({ cwd: examples, stdin });
    assert.equal(await main(['simulate', 'registration.flow.json'], io), 0, io.out());
    const out = io.out();
    assert.match(out, /== Your details {2}\[DETAILS\]/);
    assert.match(out, /Full name\*: \[\] {2}\(TextInput name\)/);
    assert.match(out, /Commands:/);
    assert.match(out, /== Confirm {2}\[CONFIRM\]/);
    assert.match(out, /Thanks, Ana/);
    assert.match(out, /The Flow completed\. Payload sent to the business:/);
    assert.match(out, /"department": "sales"/);
    assert.match(out, /Summary the customer keeps in the chat:/);
  });

  it('shows input errors and exits 1 when stdin ends before the Flow completes', async () => {
    const io = captureIo({ cwd: examples, stdin: 'press footer\nfrobnicate\nback\n' });
    assert.equal(await main(['simulate', 'registration.flow.json'], io), 1);
    const out = io.out();
    assert.match(out, /! This field is required/);
    assert.match(out, /! unknown command 'frobnicate'/);
    assert.match(out, /! Back is not possible on the first screen/);
    assert.match(out, /ended before the Flow completed/);
  });
});
