import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';
import { answerShop } from './answer-shop.js';
import { startPeerEndpoint, type PeerEndpoint } from './start-peer-endpoint.js';

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const PLACEHOLDER_ORIGIN = 'http://127.0.0.1:4747';

const countScenarios = (dir: string): number => readdirSync(dir).filter((f) => /\.scenario\.(json|ya?ml)$/.test(f)).length;

describe('flowline test over examples/scenarios (static Flows, every component and action)', () => {
  it('passes every scenario file and prints the summary line', async () => {
    const io = captureIo({ cwd: root });
    const code = await main(['test', 'examples/scenarios'], io);
    assert.equal(code, 0, io.out());
    const total = countScenarios(join(root, 'examples', 'scenarios'));
    assert.ok(total >= 9);
    assert.match(io.out(), new RegExp(`${total} passed, 0 failed`));
  });

  it('fails the branching scenario when its expectation is wrong (10 is not above 10)', async () => {
    const dir = tempDir();
    cpSync(join(root, 'examples', 'scenarios', 'branching.flow.json'), join(dir, 'branching.flow.json'));
    const scenario = JSON.parse(readFileSync(join(root, 'examples', 'scenarios', 'branching-not-above-10.scenario.json'), 'utf8')) as { steps: unknown[] };
    scenario.steps[4] = { expect: { screen: 'C' } };
    writeFileSync(join(dir, 'wrong.scenario.json'), JSON.stringify(scenario));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['test', 'wrong.scenario.json'], io), 1);
    assert.match(io.out(), /step 5/);
    assert.match(io.out(), /expected screen C, but the Flow is screen D/);
    assert.match(io.out(), /0 passed, 1 failed/);
  });
});

describe('flowline test over conformance/endpoint-scenarios (a local encrypted endpoint)', () => {
  let peer: PeerEndpoint;
  let dir: string;
  before(async () => {
    peer = await startPeerEndpoint({ answer: answerShop, path: '/endpoint/shop', appSecret: (path) => (path === '/endpoint/shop-signed' ? 'shop-app-secret' : undefined) });
    dir = tempDir();
    cpSync(join(import.meta.dirname, 'endpoint-scenarios'), dir, { recursive: true });
    const origin = new URL(peer.url).origin;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.scenario.json'))) {
      writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll(PLACEHOLDER_ORIGIN, origin));
    }
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'public.pem'), peer.publicKeyPem);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(dir, 'keys', 'other-public.pem'), other);
  });
  after(async () => peer.close());

  it('passes every scenario: branching by the endpoint, BACK with refresh_on_back, error_message, error notification, 421, 427, 432', async () => {
    const io = captureIo({ cwd: dir });
    const code = await main(['test', '.'], io);
    assert.equal(code, 0, io.out());
    const total = countScenarios(dir);
    assert.equal(total, 8);
    assert.match(io.out(), new RegExp(`${total} passed, 0 failed`));
    const actions = peer.received.map((r) => (typeof r.payload === 'object' && r.payload !== null && 'action' in r.payload ? r.payload.action : undefined));
    assert.ok(actions.includes('BACK'), 'refresh_on_back sent BACK');
    assert.ok(actions.includes('INIT'));
    const notification = peer.received.find((r) => typeof r.payload === 'object' && r.payload !== null && 'data' in r.payload && typeof r.payload.data === 'object' && r.payload.data !== null && 'error' in r.payload.data);
    assert.ok(notification, 'the client reported the invalid answer back to the endpoint');
  });
});
