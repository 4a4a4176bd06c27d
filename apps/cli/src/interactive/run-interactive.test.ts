import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { main } from '../main.js';
import { answerOrder, ORDER_FLOW } from '../scenario/test-support/order-flow.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';
import { startTestEndpoint, type TestEndpoint } from '@flowline/protocol/test-endpoint';

const endpoints: TestEndpoint[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
});

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();

/** Runs the real binary with piped stdin, as `printf … | flowline simulate …` does. */
function pipedSimulate(flow: string, input: string) {
  const bin = join(root, 'apps', 'cli', 'src', 'bin.ts');
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', bin, 'simulate', flow], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('interactive simulate without a script', () => {
  it('numbers only what can be acted on, so "1 = Ana" fills the first input, not the heading', async () => {
    const io = captureIo({ cwd: root, stdin: '1 = Ana\n2 = ana@example.com\nselect 3 Sales\npress footer\ncheck 1\npress footer\n' });
    const code = await main(['simulate', 'examples/registration.flow.json'], io);
    assert.equal(code, 0, io.out());
    assert.match(io.out(), /^ {5}REGISTER FOR THE WORKSHOP$/m);
    assert.match(io.out(), /^ {2}1 {2}Full name\*: \[\] {2}\(TextInput name\)$/m);
    assert.match(io.out(), /"department": "sales"/);
  });

  it('shows errors inline under the input and the message of a refused command, then carries on', async () => {
    const io = captureIo({ cwd: root, stdin: 'press footer\nbogus\n9 = x\nquit\n' });
    const code = await main(['simulate', 'examples/registration.flow.json'], io);
    assert.equal(code, 1);
    const out = io.out();
    assert.match(out, /Full name\*: \[\] {2}\(TextInput name\)\n {8}! This field is required/);
    assert.match(out, /> bogus\n {2}! unknown command 'bogus' \(type help\)\n> /);
    assert.match(out, /> 9 = x\n {2}! no component 9 on this screen/);
    assert.match(out, /The session ended before the Flow completed|> quit/);
  });

  it('piped into the real binary, every prompt is followed by the echoed command on the same line', () => {
    const run = pipedSimulate('examples/registration.flow.json', 'help\nname = Ana\nemail = ana@example.com\nselect department beauty\npress footer\ncheck terms\npress footer\n');
    assert.equal(run.status, 0, run.stderr);
    const out = run.stdout;
    assert.doesNotMatch(out, /^> \n/m, 'no prompt left dangling before a redraw');
    assert.doesNotMatch(out, /^> {2,}\S/m, 'no output glued to a prompt');
    assert.deepEqual(out.match(/^> .*$/gm), ['> help', '> name = Ana', '> email = ana@example.com', '> select department beauty', '> press footer', '> check terms', '> press footer']);
    assert.match(out, /Type a command: '<n> = <value>'/);
    assert.match(out, /The Flow completed\. Payload sent to the business:/);
    assert.match(out, /Summary the customer keeps in the chat:\n {2}Full name: Ana\n {2}Email: ••••\n/, 'sensitive fields are masked');
  });
});

describe('interactive simulate with a data endpoint', () => {
  it('starts with INIT, shows the endpoint data, and completes through SUCCESS', async () => {
    const endpoint = await startTestEndpoint(answerOrder);
    endpoints.push(endpoint);
    const dir = tempDir();
    writeFileSync(join(dir, 'public.pem'), endpoint.publicKeyPem);
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const io = captureIo({ cwd: dir, stdin: 'qty = 3\npress footer\npress footer\n' });
    const code = await main(['simulate', 'order.flow.json', '--endpoint', endpoint.url, '--public-key', 'public.pem', '--flow-token', 't-9'], io);
    assert.equal(code, 0, io.out());
    const out = io.out();
    // One readable line per round trip: action, screen, where it leads, status, latency — not the exchange itself.
    assert.deepEqual(out.match(/^ {2}· .+$/gm)?.map((l) => l.replace(/\d+ ms$/, 'N ms')), [
      '  · INIT → PICK (data: greeting) · 200 · N ms',
      '  · data_exchange from PICK → DONE (data: total) · 200 · N ms',
      '  · data_exchange from DONE → SUCCESS (data: extension_message_response) · 200 · N ms',
    ]);
    assert.doesNotMatch(out, /· request|· response|"version":"3\.0"/, 'no whole exchanges by default');
    assert.match(out, /Hello Ana/);
    assert.match(out, /Total 6/);
    assert.match(out, /"total": 6/);
    assert.equal(endpoint.received.length, 3);
  });

  it('--raw prints the decrypted requests and responses in full', async () => {
    const endpoint = await startTestEndpoint(answerOrder);
    endpoints.push(endpoint);
    const dir = tempDir();
    writeFileSync(join(dir, 'public.pem'), endpoint.publicKeyPem);
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const io = captureIo({ cwd: dir, stdin: 'qty = 3\npress footer\npress footer\n' });
    const code = await main(['simulate', 'order.flow.json', '--endpoint', endpoint.url, '--public-key', 'public.pem', '--flow-token', 't-9', '--raw'], io);
    assert.equal(code, 0, io.out());
    const out = io.out();
    assert.match(out, /· request \{"data":\{\},"flow_token":"t-9","screen":"","action":"INIT","version":"3\.0"\}/);
    assert.match(out, /· response \{"screen":"PICK"/);
    assert.doesNotMatch(out, /· INIT → /);
  });

  it('exits 2 when only one of --endpoint and --public-key is given', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['simulate', 'order.flow.json', '--endpoint', 'http://127.0.0.1:1/x'], io), 2);
    assert.match(io.err(), /--endpoint and --public-key go together/);
  });
});
