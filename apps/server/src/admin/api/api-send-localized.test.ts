import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sendFlow } from '../../messaging/channels/send-flow.js';
import { createSandboxService, type SandboxService } from '../../messaging/sandbox/sandbox-service.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

const REPO = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const registration: unknown = JSON.parse(readFileSync(path.join(REPO, 'examples', 'registration.flow.json'), 'utf8'));

const SPANISH: Readonly<Record<string, string>> = {
  'DETAILS/title': 'Tus datos',
  'DETAILS/TextHeading#1/text': 'Inscríbete en el taller',
  'DETAILS/name/label': 'Nombre completo',
  'DETAILS/email/label': 'Correo',
  'DETAILS/department/label': 'Departamento',
  'DETAILS/department/data-source/beauty/title': 'Belleza',
  'DETAILS/department/data-source/sales/title': 'Ventas',
  'DETAILS/department/data-source/support/title': 'Soporte',
  'DETAILS/Footer#1/label': 'Continuar',
  'CONFIRM/title': 'Confirmar',
  'CONFIRM/terms/label': 'Acepto las condiciones del taller',
  'CONFIRM/Footer#1/label': 'Inscribirme',
};

interface Screen { id: string; title: string; footer: { label: string }; components: { name?: string; props: Record<string, unknown>; options?: { id: string; title: string }[] }[] }

describeApi('sending a Flow in the customer\'s language', (h) => {
  let sandbox: SandboxService | undefined;
  const withSandbox = (): ApiHarness => {
    const base = h();
    sandbox ??= createSandboxService({ storage: base.storage, now: () => new Date(base.clock.now), log: () => undefined, selfBaseUrl: () => undefined, publicKeyPem: 'unused', appSecret: undefined });
    const s = sandbox;
    return base.withDeps({ sandbox: s, sendFlow: (request) => sendFlow({ storage: base.storage, now: () => new Date(base.clock.now), sandbox: s }, request) });
  };

  const setUp = async (api: ApiHarness, flowId: string, translations: Readonly<Record<string, string>>) => {
    assert.equal((await api.call('POST', '/api/v1/flows', { body: { id: flowId, name: 'Registration', flowJson: registration } })).status, 201);
    assert.equal((await api.call('PUT', `/api/v1/flows/${flowId}/translations`, { body: { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es'] } })).status, 200);
    const saved = await api.call('PUT', `/api/v1/flows/${flowId}/translations/es`, { body: { translations: Object.entries(translations).map(([key, text]) => ({ key, text })) } });
    assert.equal(saved.status, 200, saved.text);
  };

  const sendAndOpen = async (api: ApiHarness, flowId: string, phone: string, language: string | null) => {
    const created = await api.call('POST', '/api/v1/sandbox/contacts', { body: { phone, name: 'Lucía' } });
    assert.equal(created.status, 201, created.text);
    const contactId = (created.body['contact'] as { id: string }).id;
    const patched = await api.call('PATCH', `/api/v1/contacts/${contactId}`, { body: { language } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body['language'], language);
    const sent = await api.call('POST', '/api/v1/sends', { body: { flowId, contactId, channel: 'sandbox' } });
    assert.equal(sent.status, 201, sent.text);
    const messages = (await api.call('GET', `/api/v1/sandbox/chats/${contactId}`)).body['messages'] as { messageId: string; kind: string; body: Record<string, unknown> }[];
    const flowMessage = messages.find((m) => m.kind === 'flow');
    assert.ok(flowMessage);
    const opened = await api.call('POST', `/api/v1/sandbox/messages/${flowMessage.messageId}/open`);
    assert.equal(opened.status, 200, opened.text);
    return { contactId, send: sent.body['send'] as { language: string | null; flowId: string }, flowMessage, sessionId: (opened.body['session'] as { id: string }).id, screen: opened.body['screen'] as Screen };
  };

  test('a contact whose language is Spanish gets the Spanish build of the same Flow and completes it in Spanish with the same answer', async () => {
    const api = withSandbox();
    await setUp(api, 'reg-es', SPANISH);
    const { contactId, send, flowMessage, sessionId, screen } = await sendAndOpen(api, 'reg-es', '+34600111333', 'es');
    assert.equal(send.language, 'es');
    assert.equal(send.flowId, 'reg-es', 'every language is the same Flow id (the endpoint and pipeline are language independent)');
    assert.ok(JSON.stringify(flowMessage.body).includes('"flow_id":"reg-es"'));
    assert.equal(screen.title, 'Tus datos');
    assert.equal(screen.footer.label, 'Continuar');
    assert.deepEqual(screen.components.find((c) => c.name === 'department')?.options?.map((o) => o.title), ['Belleza', 'Ventas', 'Soporte']);
    const events = [
      { type: 'fill', name: 'name', value: 'Lucía' },
      { type: 'fill', name: 'email', value: 'lucia@example.com' },
      { type: 'select', name: 'department', id: 'sales' },
      { type: 'press', target: 'footer' },
    ];
    let last: Record<string, unknown> = {};
    for (const event of events) {
      const stepped = await api.call('POST', `/api/v1/sandbox/sessions/${sessionId}/events`, { body: { event } });
      assert.equal(stepped.status, 200, stepped.text);
      last = stepped.body;
    }
    const confirm = last['screen'] as Screen;
    assert.equal(confirm.title, 'Confirmar');
    assert.equal(confirm.footer.label, 'Inscribirme');
    for (const event of [{ type: 'fill', name: 'terms', value: true }, { type: 'press', target: 'footer' }]) {
      assert.equal((await api.call('POST', `/api/v1/sandbox/sessions/${sessionId}/events`, { body: { event } })).status, 200);
    }
    const chat = (await api.call('GET', `/api/v1/sandbox/chats/${contactId}`)).body['messages'] as { kind: string; body: { payload: unknown; summary: unknown } }[];
    const reply = chat.find((m) => m.kind === 'flow_reply');
    assert.deepEqual(reply?.body.payload, { name: 'Lucía', email: 'lucia@example.com', department: 'sales', terms: true });
    assert.ok(JSON.stringify(reply?.body.summary).includes('Ventas'), 'the customer\'s summary is in Spanish');
  });

  test('a contact in a language the Flow lacks, or with an incomplete translation, gets the fallback', async () => {
    const api = withSandbox();
    await setUp(api, 'reg-fallback', SPANISH);
    const german = await sendAndOpen(api, 'reg-fallback', '+49151000111', 'de');
    assert.equal(german.send.language, 'en');
    assert.equal(german.screen.title, 'Your details');
    const partial = Object.fromEntries(Object.entries(SPANISH).filter(([key]) => key !== 'CONFIRM/title'));
    await setUp(api, 'reg-partial', partial);
    const spanish = await sendAndOpen(api, 'reg-partial', '+34600111444', 'es-MX');
    assert.equal(spanish.send.language, 'en', 'an incomplete language is not sent');
    assert.equal(spanish.screen.title, 'Your details');
    assert.equal((await api.call('PUT', '/api/v1/flows/reg-fallback/translations', { body: { sourceLanguage: 'en', fallbackLanguage: 'es', languages: ['es'] } })).status, 200);
    const toSpanish = await sendAndOpen(api, 'reg-fallback', '+49151000222', 'de');
    assert.equal(toSpanish.send.language, 'es', 'the configured fallback');
    assert.equal(toSpanish.screen.title, 'Tus datos');
    const unknown = await sendAndOpen(api, 'reg-fallback', '+49151000333', null);
    assert.equal(unknown.send.language, 'es', 'a contact without a language gets the fallback too');
  });
});
