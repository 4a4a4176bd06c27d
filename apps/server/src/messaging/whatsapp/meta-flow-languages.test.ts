import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn, type RecordedGraphRequest } from '../channels/test-support/graph-stand-in.js';
import { createStandInCustomer, type CustomerSession, type ReceivedFlow, type StandInCustomer } from '../channels/test-support/stand-in-customer.js';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { createAdminApi, createReviewTeam, type ApiJson } from '../../e2e/test-support/admin-api.js';
import { e2eBackends } from '../../e2e/test-support/e2e-backends.js';
import { waitFor } from '../../e2e/test-support/http-sink.js';
import { silentLogger } from '../../logging/logger.js';
import { startServer, type RunningServer } from '../../start-server.js';

// Issue 17 item 4, "on Meta each language is its own Flow, linked to the one Flowline Flow": the real server
// on a loopback port and the Graph stand-in as Meta. A Flow in English with Spanish complete and French
// incomplete is pushed (a source Meta Flow and a "(es)" Meta Flow carrying the Spanish build; French skipped),
// published in both, sent to a Spanish, an English and a French customer (each send opens and records the Meta
// Flow of its language, French falling back to the source), completed on the customers' phones in their
// language, and replaced by a new version: each language's old Meta Flow retires on its own.

const ADMIN = 'l10n-meta-admin-token-0123456789';
const APP_SECRET = 'e2e-app-secret';
const TOKEN = 'EAAG-l10n-meta-system-user-token-0123';
const FLOW = 'signup';
const REPO = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const registration = readFileSync(join(REPO, 'examples', 'registration.flow.json'), 'utf8');

/** The Spanish of every text of examples/registration.flow.json, by its source text. */
const SPANISH: Readonly<Record<string, string>> = {
  'Your details': 'Tus datos', 'Register for the workshop': 'Inscríbete en el taller', 'Full name': 'Nombre completo', Email: 'Correo electrónico',
  Department: 'Departamento', Beauty: 'Belleza', Sales: 'Ventas', Support: 'Soporte', Continue: 'Continuar', Confirm: 'Confirmar',
  'I accept the workshop terms': 'Acepto las condiciones del taller', Register: 'Inscribirme',
};
/** French for a few texts only: the language is incomplete. */
const FRENCH: Readonly<Record<string, string>> = { 'Your details': 'Vos coordonnées', 'Full name': 'Nom complet' };

const PEOPLE = {
  es: { phone: '34600111222', name: 'Lucía' },
  en: { phone: '15550111222', name: 'Ann' },
  fr: { phone: '33600111222', name: 'Luc' },
} as const;

function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

for (const backend of e2eBackends('flowline_l10n_meta').filter((b) => b.env['FLOWLINE_APP_SECRET'] === APP_SECRET)) {
describe(`each language of a Flow is its own Meta Flow [${backend.name}]`, () => {
  let dataDir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let base = '';
  const contacts: Record<keyof typeof PEOPLE, string> = { es: '', en: '', fr: '' };
  const customers = {} as Record<keyof typeof PEOPLE, StandInCustomer>;
  let sourceV1 = '';
  let spanishV1 = '';
  let sourceV2 = '';
  let spanishV2 = '';
  /** The Spanish customer's template send of version 1, left open while version 2 is published. */
  let spanishTemplate: ReceivedFlow | undefined;
  let spanishTemplateSendId = '';

  const api = createAdminApi(() => base, ADMIN);
  const approve = createReviewTeam(() => base, ADMIN);
  const sentMessages = (): RecordedGraphRequest[] => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  const status = async () => (await api('GET', `/flows/${FLOW}/whatsapp`)).body;
  const languagesOnMeta = async () => ((await status())['languages'] as ApiJson[]).map((l) => [l['language'], l['source'], at(l, 'current', 'graphFlowId') ?? null, at(l, 'current', 'status') ?? null, at(l, 'sendsOpen', 'graphFlowId'), at(l, 'sendsOpen', 'language')]);
  const sendOf = async (id: string) => ((await api('GET', `/sends?flowId=${FLOW}`)).body['items'] as ApiJson[]).find((s) => s['id'] === id);

  /** The customer writes in (a signed `messages` webhook), which opens the 24-hour window for an interactive Flow message. */
  async function writeIn(who: keyof typeof PEOPLE): Promise<void> {
    const { phone, name } = PEOPLE[who];
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
      contacts: [{ profile: { name }, wa_id: phone }],
      messages: [{ from: phone, id: `wamid.l10n-${who}-${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hola' } }],
    } }] }] });
    const posted = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body });
    assert.equal(posted.status, 200, await posted.text());
  }

  /** An interactive send on WhatsApp to a customer, once their window is open. */
  async function sendInteractive(who: keyof typeof PEOPLE): Promise<ApiJson> {
    const sent = await waitFor(`the service window of ${who}`, async () => {
      const answer = await api('POST', '/sends', { flowId: FLOW, contactId: contacts[who], channel: 'whatsapp', body: 'Sign up', cta: 'Open' });
      return answer.status === 201 ? answer : undefined;
    });
    return sent.body['send'] as ApiJson;
  }

  /** The customer fills the registration Flow in whatever language it shows and completes it. */
  async function register(session: CustomerSession, name: string): Promise<CustomerSession> {
    let s = session;
    s = await s.act({ type: 'fill', name: 'name', value: name });
    s = await s.act({ type: 'fill', name: 'email', value: `${name.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.com` });
    s = await s.act({ type: 'fill', name: 'department', value: 'sales' });
    s = await s.act({ type: 'press', target: 'footer' });
    assert.equal(s.screen?.id, 'CONFIRM', s.screen?.notice);
    s = await s.act({ type: 'fill', name: 'terms', value: true });
    s = await s.act({ type: 'press', target: 'footer' });
    assert.equal(s.state.status.kind, 'completed');
    return s;
  }

  /** The texts a screen shows: its title and each component's label or text. */
  const shown = (session: CustomerSession): string[] => [session.screen?.title ?? '', ...(session.screen?.components ?? []).flatMap((c) => [c.props['label'], c.props['text']].filter((t): t is string => typeof t === 'string'))];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-l10n-meta-'));
    graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
    const parsed = parseServerConfig({
      PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'l10n-pass', FLOWLINE_ADMIN_TOKEN: ADMIN,
      FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_META_RETIRE_CHECK_SECONDS: '1',
      ...backend.env,
    });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
    server = await startServer(parsed.config, silentLogger);
    base = `http://127.0.0.1:${server.port}`;
    graph.setWebhookUrl(`${base}/webhooks/whatsapp`);
    for (const who of ['es', 'en', 'fr'] as const) customers[who] = createStandInCustomer({ graph, serverBaseUrl: base, appSecret: APP_SECRET, phone: PEOPLE[who].phone, name: PEOPLE[who].name });
  });
  after(async () => {
    await graph.close();
    await server?.close();
    await backend.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a Flow in English, translated completely into Spanish and partly into French, with a customer per language', async () => {
    assert.equal((await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, appSecret: APP_SECRET, graphBaseUrl: graph.baseUrl })).status, 200);
    const created = await api('POST', '/flows', { id: FLOW, name: 'Sign-up', flowJson: registration });
    assert.equal(created.status, 201, created.text);
    const languages = await api('PUT', `/flows/${FLOW}/translations`, { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es', 'fr'] });
    assert.equal(languages.status, 200, languages.text);
    for (const [language, words] of [['es', SPANISH], ['fr', FRENCH]] as const) {
      const side = await api('GET', `/flows/${FLOW}/translations/${language}`);
      const texts = side.body['texts'] as { key: string; source: string }[];
      const translations = texts.filter((t) => words[t.source] !== undefined).map((t) => ({ key: t.key, text: words[t.source] ?? '' }));
      const saved = await api('PUT', `/flows/${FLOW}/translations/${language}`, { translations });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(at(saved.body, 'check', 'complete'), language === 'es', `${language} is ${language === 'es' ? '' : 'in'}complete`);
    }
    await approve(FLOW, 1);
    assert.equal((await api('POST', `/flows/${FLOW}/publish`, { version: 1 })).status, 200);
    for (const who of ['es', 'en', 'fr'] as const) {
      const contact = await api('POST', '/contacts', { phone: `+${PEOPLE[who].phone}`, name: PEOPLE[who].name, optedIn: true, language: who });
      assert.equal(contact.status, 201, contact.text);
      contacts[who] = String(contact.body['id']);
    }
  });

  test('push: the source Meta Flow and a "(es)" Meta Flow holding the Spanish build, linked to the Flow; French is skipped as incomplete', async () => {
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual([pushed.body['created'], pushed.body['valid'], at(pushed.body, 'meta', 'language'), at(pushed.body, 'meta', 'name')], [true, true, null, 'Sign-up']);
    sourceV1 = String(at(pushed.body, 'meta', 'graphFlowId'));
    const [spanish, french, ...more] = pushed.body['languages'] as ApiJson[];
    assert.equal(more.length, 0);
    assert.deepEqual([spanish?.['language'], spanish?.['outcome'], spanish?.['created'], spanish?.['valid'], at(spanish, 'meta', 'language'), at(spanish, 'meta', 'name'), at(spanish, 'meta', 'version')], ['es', 'pushed', true, true, 'es', 'Sign-up (es)', 1]);
    spanishV1 = String(at(spanish, 'meta', 'graphFlowId'));
    assert.notEqual(spanishV1, sourceV1);
    assert.deepEqual([french?.['language'], french?.['outcome'], at(french, 'problems', 'TRANSLATION_MISSING')], ['fr', 'skipped', 10]);
    assert.match(String(french?.['reason']), /fr translation of version 1 is incomplete \(10 missing of 12 texts\)/);

    // What Meta holds: the Spanish texts on the Spanish Meta Flow, the English on the source's; no French Meta Flow at all.
    const onMeta = graph.flows.get(spanishV1);
    assert.equal(onMeta?.name, 'Sign-up (es)');
    for (const text of ['Tus datos', 'Nombre completo', 'Correo electrónico', 'Ventas', 'Acepto las condiciones del taller', 'Inscribirme']) assert.ok(onMeta?.flowJson?.includes(text), text);
    for (const text of ['Full name', 'Your details', 'Register for the workshop']) assert.equal(onMeta?.flowJson?.includes(text), false, text);
    assert.deepEqual(onMeta?.validationErrors, []);
    assert.match(graph.flows.get(sourceV1)?.flowJson ?? '', /"Full name"/);
    assert.equal([...graph.flows.values()].some((f) => f.name.includes('(fr)') || (f.flowJson ?? '').includes('Vos coordonnées')), false, 'never a half-translated Flow on Meta');
    // Names, option ids and actions are the source's: one answer contract.
    const spanishDoc = JSON.parse(onMeta?.flowJson ?? '{}') as unknown;
    assert.deepEqual(at(spanishDoc, 'screens', 0, 'layout', 'children', 3, 'data-source'), [{ id: 'beauty', title: 'Belleza' }, { id: 'sales', title: 'Ventas' }, { id: 'support', title: 'Soporte' }]);
    assert.deepEqual(at(spanishDoc, 'screens', 0, 'layout', 'children', 4, 'on-click-action'), at(JSON.parse(registration), 'screens', 0, 'layout', 'children', 4, 'on-click-action'));

    // The status names each language's Meta Flow; Spanish sends open the source until the Spanish Meta Flow is published.
    assert.deepEqual(await languagesOnMeta(), [
      ['en', true, sourceV1, 'DRAFT', sourceV1, 'en'],
      ['es', false, spanishV1, 'DRAFT', sourceV1, 'en'],
      ['fr', false, null, null, sourceV1, 'en'],
    ]);
    assert.deepEqual(((await status())['history'] as ApiJson[]).map((m) => [m['graphFlowId'], m['language'], m['version']]), [[spanishV1, 'es', 1], [sourceV1, null, 1]]);
  });

  test('publish: both drafts are published; French is reported as not pushed', async () => {
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    assert.deepEqual([at(published.body, 'meta', 'graphFlowId'), at(published.body, 'meta', 'status'), published.body['deprecated'], published.body['retiring']], [sourceV1, 'PUBLISHED', [], []]);
    const languages = published.body['languages'] as ApiJson[];
    assert.deepEqual(languages.map((l) => [l['language'], l['outcome'], at(l, 'meta', 'graphFlowId') ?? l['code']]), [['es', 'published', spanishV1], ['fr', 'skipped', 'NOT_PUSHED']]);
    assert.deepEqual([graph.flows.get(sourceV1)?.status, graph.flows.get(spanishV1)?.status], ['PUBLISHED', 'PUBLISHED']);
    assert.deepEqual(await languagesOnMeta(), [
      ['en', true, sourceV1, 'PUBLISHED', sourceV1, 'en'],
      ['es', false, spanishV1, 'PUBLISHED', spanishV1, 'es'],
      ['fr', false, null, null, sourceV1, 'en'],
    ]);
    const sync = await api('GET', '/whatsapp/flows');
    assert.deepEqual((sync.body['items'] as ApiJson[]).map((r) => [r['graphFlowId'], r['state'], r['language']]), [[sourceV1, 'in_sync', undefined], [spanishV1, 'in_sync', 'es']], 'the Spanish Meta Flow is compared with the Spanish build');
  });

  test('a send opens the Meta Flow of the customer\'s language and records it: Spanish the "(es)" one, English the source, French (incomplete) the source in English', async () => {
    for (const who of ['es', 'en', 'fr'] as const) await writeIn(who);
    const expected = { es: [spanishV1, 'es'], en: [sourceV1, 'en'], fr: [sourceV1, 'en'] } as const;
    for (const who of ['es', 'en', 'fr'] as const) {
      const send = await sendInteractive(who);
      assert.deepEqual([send['graphFlowId'], send['language']], expected[who], who);
      assert.equal(at(sentMessages().at(-1)?.body, 'interactive', 'action', 'parameters', 'flow_id'), expected[who][0], `the message ${who} got names that Meta Flow`);
    }
  });

  test('the Spanish customer completes the Flow in Spanish and the English one in English: the same answers (option ids, not their titles)', async () => {
    const spanish = customers.es.received().at(-1);
    assert.equal(spanish?.metaFlowId, spanishV1);
    const opened = await customers.es.open(spanish as ReceivedFlow);
    assert.deepEqual(shown(opened).slice(0, 3), ['Tus datos', 'Inscríbete en el taller', 'Nombre completo']);
    await register(opened, 'Lucía');
    const english = await customers.en.open(customers.en.received().at(-1) as ReceivedFlow);
    assert.deepEqual(shown(english).slice(0, 3), ['Your details', 'Register for the workshop', 'Full name']);
    await register(english, 'Ann');
    const submissions = await waitFor('both submissions', async () => {
      const items = (await api('GET', `/submissions?flowId=${FLOW}`)).body['items'] as ApiJson[];
      return items.length >= 2 ? items : undefined;
    });
    const byName = new Map(submissions.map((s) => [at(s, 'answers', 'name'), s]));
    assert.deepEqual(at(byName.get('Lucía'), 'answers', 'department'), 'sales', 'the option id, not its Spanish title');
    assert.deepEqual(at(byName.get('Ann'), 'answers', 'department'), 'sales');
    assert.deepEqual(Object.keys((byName.get('Lucía')?.['answers'] ?? {}) as object).sort(), Object.keys((byName.get('Ann')?.['answers'] ?? {}) as object).sort());
  });

  test('a FLOW-button template per language: the Spanish one opens the Spanish Meta Flow, and a Spanish customer gets it', async () => {
    const make = (language: string, body: string, buttonText: string) => api('POST', '/whatsapp/templates', { name: 'signup_invite', language, category: 'UTILITY', body, buttonText, flowId: FLOW });
    const english = await make('en_US', 'Sign up for the workshop', 'Sign up');
    const spanish = await make('es', 'Inscríbete en el taller', 'Inscribirme');
    assert.equal(english.status, 201, english.text);
    assert.equal(spanish.status, 201, spanish.text);
    assert.deepEqual([at(english.body, 'template', 'graphFlowId'), at(english.body, 'template', 'flowLanguage')], [sourceV1, 'en']);
    assert.deepEqual([at(spanish.body, 'template', 'graphFlowId'), at(spanish.body, 'template', 'flowLanguage')], [spanishV1, 'es']);
    assert.equal(at(graph.templates.get(String(at(spanish.body, 'template', 'graphTemplateId'))), 'components', 1, 'buttons', 0, 'flow_id'), spanishV1);
    for (const made of [english, spanish]) await graph.setTemplateStatus(String(at(made.body, 'template', 'graphTemplateId')), 'APPROVED');
    const listed = (await api('GET', '/whatsapp/templates')).body['items'] as ApiJson[];
    assert.deepEqual(listed.map((t) => [t['language'], t['status'], t['flowLanguage']]), [['en_US', 'APPROVED', 'en'], ['es', 'APPROVED', 'es']]);

    // Asked for the English template, the Spanish customer gets the Spanish one, which opens the Spanish Meta Flow.
    const sent = await api('POST', '/sends', { flowId: FLOW, contactId: contacts.es, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'en_US' } });
    assert.equal(sent.status, 201, sent.text);
    assert.deepEqual([at(sent.body, 'send', 'graphFlowId'), at(sent.body, 'send', 'language')], [spanishV1, 'es']);
    assert.equal(at(sentMessages().at(-1)?.body, 'template', 'language', 'code'), 'es');
    spanishTemplateSendId = String(at(sent.body, 'send', 'id'));
    spanishTemplate = customers.es.received().at(-1);
    assert.deepEqual([spanishTemplate?.kind, spanishTemplate?.metaFlowId], ['template', spanishV1]);
  });

  test('a new version: new Meta Flows per language, and each language\'s old Meta Flow retires while its own customers are in it', async () => {
    // A change that keeps every text: the Spanish translation stays complete for version 2.
    const v2 = JSON.parse(registration) as { screens: { data?: Record<string, { __example__?: string }> }[] };
    const example = v2.screens[1]?.data?.['name'];
    if (example !== undefined) example.__example__ = 'Bea';
    assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: JSON.stringify(v2, null, 2) })).status, 201);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    sourceV2 = String(at(pushed.body, 'meta', 'graphFlowId'));
    const spanishPush = (pushed.body['languages'] as ApiJson[]).find((l) => l['language'] === 'es');
    spanishV2 = String(at(spanishPush, 'meta', 'graphFlowId'));
    assert.deepEqual([graph.flows.get(sourceV2)?.name, graph.flows.get(spanishV2)?.name], ['Sign-up (2)', 'Sign-up (es) (2)'], 'Meta names are unique per WABA');
    await approve(FLOW, 2);
    assert.equal((await api('POST', `/flows/${FLOW}/publish`, { version: 2 })).status, 200);
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    // The French customer (sent the source in English) holds the old source Meta Flow; the Spanish template's customer the old Spanish one.
    assert.deepEqual(published.body['deprecated'], []);
    assert.deepEqual(published.body['retiring'], [{ graphFlowId: spanishV1, openSends: 1 }, { graphFlowId: sourceV1, openSends: 1 }]);
    assert.deepEqual([graph.flows.get(sourceV2)?.status, graph.flows.get(spanishV2)?.status, graph.flows.get(sourceV1)?.status, graph.flows.get(spanishV1)?.status], ['PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
    assert.deepEqual((await languagesOnMeta()).slice(0, 2), [['en', true, sourceV2, 'PUBLISHED', sourceV2, 'en'], ['es', false, spanishV2, 'PUBLISHED', spanishV2, 'es']]);

    // The Spanish customer finishes the template's Flow (on the old Spanish Meta Flow): only that one is deprecated.
    const opened = await customers.es.open(spanishTemplate as ReceivedFlow);
    assert.equal(shown(opened)[0], 'Tus datos');
    await register(opened, 'Lucía');
    await waitFor('the template send completed', async () => ((await sendOf(spanishTemplateSendId))?.['status'] === 'completed' ? true : undefined));
    await waitFor('the old Spanish Meta Flow deprecated', () => (graph.flows.get(spanishV1)?.status === 'DEPRECATED' ? true : undefined));
    assert.equal(graph.flows.get(sourceV1)?.status, 'PUBLISHED', 'the French customer is still in the old source Meta Flow');
    const history = new Map(((await status())['history'] as ApiJson[]).map((m) => [m['graphFlowId'], [m['language'], m['status'], m['openSends'] ?? null]]));
    assert.deepEqual([history.get(spanishV1), history.get(sourceV1)], [['es', 'DEPRECATED', null], [null, 'PUBLISHED', 1]]);

    // New Spanish sends open the new Spanish Meta Flow.
    const send = await sendInteractive('es');
    assert.deepEqual([send['graphFlowId'], send['language'], send['version']], [spanishV2, 'es', 2]);
  });

  test('deleting the drafts on Meta deletes every language\'s; the published ones stay what sends open', async () => {
    assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: registration })).status, 201);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    const sourceDraft = String(at(pushed.body, 'meta', 'graphFlowId'));
    const spanishDraft = String(at((pushed.body['languages'] as ApiJson[])[0], 'meta', 'graphFlowId'));
    assert.deepEqual([graph.flows.get(sourceDraft)?.name, graph.flows.get(spanishDraft)?.name], ['Sign-up (3)', 'Sign-up (es) (3)']);
    const deleted = await api('DELETE', `/flows/${FLOW}/whatsapp/draft`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual([deleted.body['deleted'], deleted.body['languages']], [sourceDraft, [{ language: 'es', graphFlowId: spanishDraft }]]);
    assert.deepEqual([graph.flows.has(sourceDraft), graph.flows.has(spanishDraft)], [false, false]);
    assert.deepEqual((await languagesOnMeta()).slice(0, 2), [['en', true, sourceV2, 'PUBLISHED', sourceV2, 'en'], ['es', false, spanishV2, 'PUBLISHED', spanishV2, 'es']]);
  });

  test('Meta refusing a language\'s publish: the source goes live, Spanish sends open it until publishing again publishes the Spanish draft', async () => {
    const v4 = JSON.parse(registration) as { screens: { data?: Record<string, { __example__?: string }> }[] };
    const example = v4.screens[1]?.data?.['name'];
    if (example !== undefined) example.__example__ = 'Eva';
    const added = await api('POST', `/flows/${FLOW}/versions`, { flowJson: JSON.stringify(v4, null, 2) });
    assert.equal(added.status, 201, added.text);
    const version = Number(at(added.body, 'version', 'number'));
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    const source = String(at(pushed.body, 'meta', 'graphFlowId'));
    const spanish = String(at((pushed.body['languages'] as ApiJson[])[0], 'meta', 'graphFlowId'));
    await approve(FLOW, version);
    assert.equal((await api('POST', `/flows/${FLOW}/publish`, { version })).status, 200);
    graph.failNext({ path: new RegExp(`/${spanish}/publish$`), status: 400, body: { error: { message: 'Flow can\'t be published', type: 'OAuthException', code: 139002, fbtrace_id: 'Al10n' } } });
    const first = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([at(first.body, 'meta', 'graphFlowId'), at(first.body, 'languages', 0, 'language'), at(first.body, 'languages', 0, 'outcome'), at(first.body, 'languages', 0, 'code')], [source, 'es', 'failed', 'GRAPH_FLOW_STATE']);
    assert.match(String(at(first.body, 'warnings', 0)), /es was not published .*sends in es open the source Meta Flow until it is: publish again/);
    assert.deepEqual([graph.flows.get(source)?.status, graph.flows.get(spanish)?.status], ['PUBLISHED', 'DRAFT']);
    assert.deepEqual((await languagesOnMeta())[1], ['es', false, spanish, 'DRAFT', source, 'en'], 'the Spanish draft is not opened; Spanish sends get the new source');
    // The Spanish Meta Flow of version 2 is replaced by the new source: its customer (the last Spanish send) keeps it retiring.
    assert.deepEqual((first.body['retiring'] as ApiJson[]).find((r) => r['graphFlowId'] === spanishV2), { graphFlowId: spanishV2, openSends: 1 });

    const again = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual([at(again.body, 'meta', 'graphFlowId'), at(again.body, 'languages', 0, 'outcome'), at(again.body, 'languages', 0, 'meta', 'graphFlowId')], [source, 'published', spanish]);
    assert.equal(graph.flows.get(spanish)?.status, 'PUBLISHED');
    assert.deepEqual((await languagesOnMeta())[1], ['es', false, spanish, 'PUBLISHED', spanish, 'es']);
    const send = await sendInteractive('es');
    assert.deepEqual([send['graphFlowId'], send['language'], send['version']], [spanish, 'es', version]);
    const nothing = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.deepEqual([nothing.status, at(nothing.body, 'error', 'code')], [409, 'NOTHING_TO_PUBLISH']);
  });
});
}
