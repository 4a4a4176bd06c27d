import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendFlow } from '../../messaging/channels/send-flow.js';
import { createPreviewEndpoint } from '../../messaging/sandbox/preview-endpoint.js';
import { createSandboxService, type SandboxService } from '../../messaging/sandbox/sandbox-service.js';
import { loadSeeds } from '../seeds/load-seeds.js';
import { seedWorkspace } from '../seeds/seed-workspace.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

describeApi('API sandbox routes', (h) => {
  let sandbox: SandboxService | undefined;
  const withSandbox = (): ApiHarness => {
    const base = h();
    sandbox ??= createSandboxService({ storage: base.storage, now: () => new Date(base.clock.now), log: () => undefined, selfBaseUrl: () => undefined, publicKeyPem: 'unused', appSecret: undefined });
    const s = sandbox;
    return base.withDeps({ sandbox: s, sendFlow: (request) => sendFlow({ storage: base.storage, now: () => new Date(base.clock.now), sandbox: s }, request) });
  };

  test('answers 503 when the sandbox is not wired', async () => {
    const res = await h().call('GET', '/api/v1/sandbox/chats');
    assert.equal(res.status, 503);
    assert.equal((res.body['error'] as { code: string }).code, 'SANDBOX_NOT_AVAILABLE');
    assert.equal((await h().call('POST', '/api/v1/preview/endpoint', { body: { flowId: 'x', request: { action: 'ping', flow_token: 't' } } })).status, 503);
  });

  test('a designer creates a contact, sends it a Flow, opens it and completes it; a viewer reads the chat but cannot act', async () => {
    const api = withSandbox();
    await seedWorkspace(api.storage, api.workspaceA, loadSeeds(), api.clock.now);
    const created = await api.call('POST', '/api/v1/sandbox/contacts', { token: api.tokens.designer, body: { phone: '15550001111', name: 'Ada' } });
    assert.equal(created.status, 201, created.text);
    const contact = created.body['contact'] as { id: string; optedIn: boolean; tags: string[] };
    assert.equal(contact.optedIn, true);
    assert.deepEqual(contact.tags, ['sandbox']);
    assert.equal((await api.call('POST', '/api/v1/sandbox/contacts', { token: api.tokens.viewer, body: { phone: '15550002222' } })).status, 403);

    const sent = await api.call('POST', '/api/v1/sends', { token: api.tokens.designer, body: { flowId: 'feedback', contactId: contact.id, channel: 'sandbox' } });
    assert.equal(sent.status, 201, sent.text);

    const chats = await api.call('GET', '/api/v1/sandbox/chats', { token: api.tokens.viewer });
    assert.equal(chats.status, 200);
    const chat = (chats.body['items'] as Array<{ contactId: string; name: string; messages: number }>).find((c) => c.contactId === contact.id);
    assert.equal(chat?.name, 'Ada');
    assert.equal(chat?.messages, 2);

    const messages = (await api.call('GET', `/api/v1/sandbox/chats/${contact.id}`, { token: api.tokens.viewer })).body['messages'] as Array<{ messageId: string; kind: string }>;
    const flowMessage = messages.find((m) => m.kind === 'flow');
    assert.ok(flowMessage);
    assert.equal((await api.call('POST', `/api/v1/sandbox/messages/${flowMessage.messageId}/open`, { token: api.tokens.viewer })).status, 403);
    const opened = await api.call('POST', `/api/v1/sandbox/messages/${flowMessage.messageId}/open`, { token: api.tokens.operator });
    assert.equal(opened.status, 200, opened.text);
    const sessionId = (opened.body['session'] as { id: string }).id;
    assert.ok(!opened.text.includes(api.workspaceA), 'the workspace id stays internal');
    assert.ok(!(await api.call('GET', `/api/v1/sandbox/chats/${contact.id}`)).text.includes(api.workspaceA));
    assert.equal((opened.body['screen'] as { id: string }).id, 'FEEDBACK');

    const bad = await api.call('POST', `/api/v1/sandbox/sessions/${sessionId}/events`, { token: api.tokens.designer, body: { event: { type: 'endpoint_response', response: {} } } });
    assert.equal(bad.status, 400);
    assert.equal((bad.body['error'] as { code: string }).code, 'INVALID_EVENT');
    for (const event of [{ type: 'select', name: 'rating', id: '4' }, { type: 'press', target: 'footer' }]) {
      const stepped = await api.call('POST', `/api/v1/sandbox/sessions/${sessionId}/events`, { token: api.tokens.designer, body: { event } });
      assert.equal(stepped.status, 200, stepped.text);
    }
    const done = await api.call('GET', `/api/v1/sandbox/sessions/${sessionId}`, { token: api.tokens.viewer });
    assert.equal(done.status, 200);
    assert.equal(done.body['screen'], undefined);
    assert.equal((done.body['state'] as { status: { kind: string } }).status.kind, 'completed');
    const after = (await api.call('GET', `/api/v1/sandbox/chats/${contact.id}`)).body['messages'] as Array<{ kind: string; body: { payload: unknown } }>;
    // The clock is fixed, so messages share one time: find the reply by kind.
    assert.deepEqual(after.find((m) => m.kind === 'flow_reply')?.body.payload, { rating: '4', comment: '' });
  });

  test('refuses to turn a real contact into a sandbox contact, and answers 404 for unknown chats, messages and sessions', async () => {
    const api = withSandbox();
    await api.call('POST', '/api/v1/contacts', { body: { phone: '15550009999', name: 'Real customer' } });
    const refused = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone: '15550009999' } });
    assert.equal(refused.status, 409);
    assert.equal((refused.body['error'] as { code: string }).code, 'NOT_A_SANDBOX_CONTACT');
    assert.equal((await api.call('GET', '/api/v1/sandbox/chats/nobody')).status, 404);
    assert.equal((await api.call('POST', '/api/v1/sandbox/messages/wamid.none/open')).status, 404);
    assert.equal((await api.call('GET', '/api/v1/sandbox/sessions/none')).status, 404);
    assert.equal((await api.call('POST', '/api/v1/sandbox/sessions/none/events', { body: { event: { type: 'back' } } })).status, 404);
  });

  test('accepts a phone number as people write it, stores it in E.164 form once, and refuses a wrong one in words', async () => {
    const api = withSandbox();
    const spaced = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone: '+34 600 111 222', name: 'Spaced' } });
    assert.equal(spaced.status, 201, spaced.text);
    const contact = spaced.body['contact'] as { id: string; phone: string };
    assert.equal(contact.phone, '+34600111222');
    for (const phone of ['0034 600-111-222', '34.600.111.222', '(+34) 600 111 222']) {
      const again = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone } });
      assert.equal(again.status, 201, again.text);
      assert.equal((again.body['contact'] as { id: string }).id, contact.id, `${phone} is the same contact`);
    }
    // A contact written before normalisation with the bare digits of wa_id is found, not duplicated.
    const bare = await api.storage.contacts.upsert(api.workspaceA, { phone: '4915112345678', tags: ['sandbox'], at: api.clock.now });
    const found = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone: '+49 151 1234 5678' } });
    assert.equal((found.body['contact'] as { id: string }).id, bare.id);
    const refused = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone: '0600 111 222' } });
    assert.equal(refused.status, 400);
    const message = (refused.body['error'] as { message: string }).message;
    assert.match(message, /country code/);
    assert.doesNotMatch(message, /must match|\[0-9\]/);
    const contactApi = await api.call('POST', '/api/v1/contacts', { body: { phone: '+1 (555) 000-4242' } });
    assert.equal((contactApi.body as { phone: string }).phone, '+15550004242');
  });

  test('a sandbox chat of one workspace is invisible to another', async () => {
    const api = withSandbox();
    const created = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone: '15550003333' } });
    const id = (created.body['contact'] as { id: string }).id;
    assert.equal((await api.call('GET', `/api/v1/sandbox/chats/${id}`, { token: api.tokenB })).status, 404);
    const chatsB = (await api.call('GET', '/api/v1/sandbox/chats', { token: api.tokenB })).body['items'] as unknown[];
    assert.equal(chatsB.length, 0);
  });

  test('the endpoint preview is for designers and admins, checks the Flow exists and reports a server that is not listening', async () => {
    const api = h().withDeps({ previewEndpoint: createPreviewEndpoint({ selfBaseUrl: () => undefined, publicKeyPem: 'unused', appSecret: undefined }) });
    const body = { flowId: 'feedback', request: { action: 'ping', flow_token: 't' } };
    assert.equal((await api.call('POST', '/api/v1/preview/endpoint', { token: api.tokens.operator, body })).status, 403);
    assert.equal((await api.call('POST', '/api/v1/preview/endpoint', { token: api.tokens.designer, body: { ...body, flowId: 'nope' } })).status, 404);
    assert.equal((await api.call('POST', '/api/v1/preview/endpoint', { token: api.tokens.designer, body: { ...body, request: { action: 'DROP', flow_token: 't' } } })).status, 400);
    const res = await api.call('POST', '/api/v1/preview/endpoint', { token: api.tokens.designer, body });
    assert.equal(res.status, 503);
    assert.equal((res.body['error'] as { code: string }).code, 'NOT_LISTENING');
  });
});
