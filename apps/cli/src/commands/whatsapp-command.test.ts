import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseServerConfig, silentLogger, startServer, type RunningServer } from '@flowline/server';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

const ADMIN = 'cli-admin-token-0123456789';
const TOKEN = 'EAAG-cli-token';
const FLOW = JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });

describe('flowline whatsapp … over the admin API (real server, Graph stand-in)', () => {
  let dir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let env: Record<string, string> = {};
  const run = async (...argv: string[]) => {
    const io = captureIo({ env });
    const code = await main(['whatsapp', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };

  before(async () => {
    dir = tempDir();
    graph = await startGraphStandIn({ accessToken: TOKEN });
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dir, FLOWLINE_KEY_PASSPHRASE: 'p', FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback' });
    assert.ok(parsed.ok);
    server = await startServer(parsed.config, silentLogger);
    env = { FLOWLINE_TOKEN: ADMIN, FLOWLINE_SERVER_URL: `http://127.0.0.1:${server.port}`, FLOWLINE_WHATSAPP_ACCESS_TOKEN: TOKEN };
    const created = await fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1/flows`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'hello', name: 'Hello', flowJson: FLOW }),
    });
    assert.equal(created.status, 201);
  });
  /** A designer submits the version and a reviewer approves it (docs/governance.md), as a team would. */
  const approveThroughReview = async (flowId: string, version: number) => {
    const call = async (token: string, path: string, body?: unknown) => {
      const res = await fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      assert.ok(res.ok, `${path}: ${await res.clone().text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const designer = String((await call(ADMIN, '/tokens', { name: 'cli-designer', role: 'designer' }))['token']);
    const reviewer = String((await call(ADMIN, '/tokens', { name: 'cli-reviewer', role: 'reviewer' }))['token']);
    await call(designer, `/flows/${flowId}/versions/${version}/submit`);
    await call(reviewer, `/flows/${flowId}/versions/${version}/approve`);
  };
  after(async () => {
    await server?.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to run without an admin token (exit 2)', async () => {
    const io = captureIo({ env: {} });
    assert.equal(await main(['whatsapp', 'status'], io), 2);
    assert.match(io.err(), /set FLOWLINE_TOKEN/);
  });

  it('connects with the token from the environment, checks, registers the key, pushes and publishes', async () => {
    const connected = await run('connect', '--waba', graph.wabaId, '--phone-number', graph.phoneNumberId, '--graph-url', graph.baseUrl);
    assert.equal(connected.code, 0, connected.err);
    const before = await run('status');
    assert.equal(before.code, 1, 'the key is not registered yet');
    assert.match(before.out, /FAIL public_key: no endpoint public key is registered/);
    assert.equal(before.out.includes(TOKEN), false);
    const key = await run('keys', 'register');
    assert.equal(key.code, 0, key.err);
    assert.match(key.out, /signature status: VALID/);
    assert.equal((await run('status')).code, 0);

    graph.addValidationErrorNext({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', message: 'Invalid value', line_start: 1, column_start: 2 });
    const invalid = await run('flows', 'push', 'hello', '--category', 'SURVEY');
    assert.equal(invalid.code, 1);
    assert.match(invalid.out, /Meta 1:2 INVALID_PROPERTY_VALUE Invalid value/);
    const pushed = await run('flows', 'push', 'hello');
    assert.equal(pushed.code, 0, pushed.err);
    const unapproved = await run('flows', 'publish', 'hello');
    assert.equal(unapproved.code, 1, 'only an approved version goes live on Meta');
    assert.match(unapproved.err, /NOT_APPROVED/);
    await approveThroughReview('hello', 1);
    const published = await run('flows', 'publish', 'hello');
    assert.equal(published.code, 0, published.err);
    const status = await run('flows', 'status', 'hello', '--json');
    assert.equal((JSON.parse(status.out) as { current: { status: string } }).current.status, 'PUBLISHED');
  });

  it('creates, lists (with Meta\'s review) and deletes a FLOW-button template', async () => {
    const help = await run('templates', 'create', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /--examples <json>/);
    const usage = await run('templates', 'create', '--name', 'book_now');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--flow, --body, --button are required/);
    const badExamples = await run('templates', 'create', '--name', 'book_now', '--flow', 'hello', '--body', 'Hi {{1}}', '--button', 'Open', '--examples', 'Ana');
    assert.equal(badExamples.code, 2);

    const created = await run('templates', 'create', '--name', 'book_now', '--flow', 'hello', '--body', 'Hi {{1}}, say hello', '--button', 'Open', '--examples', '["Ana"]', '--category', 'MARKETING');
    assert.equal(created.code, 0, created.err);
    const id = /Meta id (\d+): PENDING/.exec(created.out)?.[1] ?? '';
    assert.notEqual(id, '', created.out);
    assert.match((await run('templates', 'list')).out, /book_now\s+en_US\s+PENDING\s+MARKETING\s+hello/);
    await graph.setTemplateStatus(id, 'REJECTED', 'INVALID_FORMAT');
    assert.match((await run('templates', 'list', '--refresh')).out, /book_now\s+en_US\s+REJECTED \(INVALID_FORMAT\)/);
    const listed = await run('templates', 'list', '--format', 'json');
    assert.deepEqual((JSON.parse(listed.out) as { items: { name: string; status: string }[] }).items.map((t) => [t.name, t.status]), [['book_now', 'REJECTED']]);

    const deleted = await run('templates', 'delete', 'book_now');
    assert.equal(deleted.code, 0, deleted.err);
    assert.match(deleted.out, /Deleted template book_now \(1 language\)/);
    assert.match((await run('templates', 'list')).out, /No templates yet/);
    const again = await run('templates', 'delete', 'book_now');
    assert.equal(again.code, 1);
    assert.match(again.err, /no template "book_now" was made through Flowline \[NOT_FOUND\]/);
  });

  it('flows sync shows linked and Meta-only Flows, exits 1 on drift, and flows import takes a Meta-only one in', async () => {
    const onMeta = graph.addFlow({ name: 'Built on Meta', flowJson: FLOW });
    const clean = await run('flows', 'sync');
    assert.equal(clean.code, 0, clean.err);
    assert.match(clean.out, /^META ID\s+NAME\s+META STATUS\s+STATE\s+FLOWLINE\s+NOTE$/m);
    assert.match(clean.out, new RegExp(`${onMeta.id}\\s+Built on Meta\\s+PUBLISHED\\s+meta_only\\s+-\\s+importable`));
    assert.match(clean.out, /Hello\s+PUBLISHED\s+in_sync\s+hello v\d/);

    const imported = await run('flows', 'import', onMeta.id, '--id', 'built-on-meta');
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /as Flow built-on-meta \(version 1\)/);
    graph.editFlowJson(onMeta.id, FLOW.replace('"Hi"', '"Hi there"'));
    const drifted = await run('flows', 'sync', '--format', 'json');
    assert.equal(drifted.code, 1);
    const row = (JSON.parse(drifted.out) as { items: { graphFlowId: string; state: string; difference?: string }[] }).items.find((r) => r.graphFlowId === onMeta.id);
    assert.deepEqual([row?.state, row?.difference], ['drifted', '/screens/0/layout/children/0/text']);
  });

  it('publishing a new version while a customer is in the old Meta Flow says it is retiring, and flows status shows it', async () => {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${env['FLOWLINE_SERVER_URL'] ?? ''}/api/v1${path}`, {
        method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const template = await api('POST', '/whatsapp/templates', { name: 'say_hello', language: 'en_US', category: 'UTILITY', body: 'Say hello', buttonText: 'Open', flowId: 'hello' });
    assert.equal(template.status, 201);
    await graph.setTemplateStatus(String((template.body['template'] as { graphTemplateId: string }).graphTemplateId), 'APPROVED');
    // No webhook URL in this suite: the review status is read from Meta.
    assert.equal((await api('GET', '/whatsapp/templates?refresh=true')).status, 200);
    const contact = await api('POST', '/contacts', { phone: '+15550001111', optedIn: true });
    const sent = await api('POST', '/sends', { flowId: 'hello', contactId: contact.body['id'], channel: 'whatsapp', kind: 'template', template: { name: 'say_hello', language: 'en_US' } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const old = (sent.body['send'] as { graphFlowId: string }).graphFlowId;

    const added = await api('POST', '/flows/hello/versions', { flowJson: FLOW.replace('"Hi"', '"Hello"') });
    assert.equal(added.status, 201);
    assert.equal((await run('flows', 'push', 'hello')).code, 0);
    await approveThroughReview('hello', Number((added.body['version'] as { number: number }).number));
    const published = await run('flows', 'publish', 'hello');
    assert.equal(published.code, 0, published.err);
    assert.match(published.out, new RegExp(`the previous Meta Flow ${old} is retiring: 1 customer\\(s\\) still in it`));
    const status = await run('flows', 'status', 'hello');
    assert.match(status.out, new RegExp(`${old}\\s+PUBLISHED\\s+version \\d+\\s+retiring \\(1 customer\\(s\\) still in it\\)`));
  });

  it('a Flow with languages: push lists each language (pushed, or skipped as incomplete), publish and status name each language\'s Meta Flow', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${env['FLOWLINE_SERVER_URL'] ?? ''}/api/v1${path}`, {
        method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.ok(response.ok, `${method} ${path}: ${await response.clone().text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    await call('POST', '/flows', { id: 'hola', name: 'Hola', flowJson: FLOW });
    await call('PUT', '/flows/hola/translations', { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es', 'fr'] });
    const words: Record<string, string> = { One: 'Uno', Hi: 'Hola', Done: 'Listo' };
    const texts = (await call('GET', '/flows/hola/translations/es'))['texts'] as { key: string; source: string }[];
    await call('PUT', '/flows/hola/translations/es', { translations: texts.map((t) => ({ key: t.key, text: words[t.source] ?? '' })) });
    await call('PUT', '/flows/hola/translations/fr', { translations: [{ key: texts[0]?.key ?? '', text: 'Un' }] });

    const pushed = await run('flows', 'push', 'hola');
    assert.equal(pushed.code, 0, pushed.out + pushed.err);
    const spanish = /es: pushed to Meta Flow (\d+) \(created\)/.exec(pushed.out)?.[1] ?? '';
    assert.notEqual(spanish, '', pushed.out);
    assert.match(pushed.out, /fr: skipped: the fr translation of version 1 is incomplete \(2 missing of 3 texts\)/);
    assert.match(graph.flows.get(spanish)?.flowJson ?? '', /"Hola"/);
    await approveThroughReview('hola', 1);
    const published = await run('flows', 'publish', 'hola');
    assert.equal(published.code, 0, published.err);
    assert.match(published.out, new RegExp(`es: published as Meta Flow ${spanish}`));
    assert.match(published.out, /fr: skipped: no fr draft of version 1 on Meta/);
    const source = /as Meta Flow (\d+)\./.exec(published.out)?.[1] ?? '';
    const status = await run('flows', 'status', 'hola');
    assert.match(status.out, new RegExp(`${spanish}\\s+PUBLISHED\\s+version 1\\s+\\(es\\)`));
    assert.match(status.out, new RegExp(`es: Meta Flow ${spanish}; sends in es open ${spanish}\n`));
    assert.match(status.out, new RegExp(`fr: no Meta Flow of its own; sends in fr open ${source} \\(in en\\)`));
  });

  it('keys rotate: Meta gets a new public key, the answer names the previous key and when it retires; a refusal changes nothing (exit 1)', async () => {
    const help = await run('keys', 'rotate', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /FLOWLINE_KEY_ROTATION_GRACE_HOURS/);
    const before = graph.publicKey();
    graph.failNext({ path: /whatsapp_business_encryption/, status: 400, body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'Acli' } } });
    const refused = await run('keys', 'rotate');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /The key was not rotated \(the current key stays in use\).*\[KEY_NOT_REGISTERED\]/);
    assert.equal(graph.publicKey(), before);

    const rotated = await run('keys', 'rotate');
    assert.equal(rotated.code, 0, rotated.err);
    assert.match(rotated.out, /Rotated: the current key is [0-9a-f]{16} \(Meta's signature status: VALID\)/);
    assert.match(rotated.out, /The previous key [0-9a-f]{16} keeps decrypting until \d{4}-\d\d-\d\dT/);
    assert.notEqual(graph.publicKey(), before);
    assert.equal(graph.publicKey(), readFileSync(join(dir, 'keys', 'public.pem'), 'utf8'));
  });

  it('prints Meta\'s refusal and exits 1', async () => {
    const refused = await run('flows', 'deprecate', 'nothing-here');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /no published Meta Flow \[NOTHING_TO_DEPRECATE\]/);
  });
});
