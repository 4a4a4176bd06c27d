import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';

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

interface LanguageView {
  texts: { key: string; screen: string; source: string; translation: string | null; maxLength: number | null; description: string | null; status: string }[];
  check: { complete: boolean; total: number; translated: number; problems: { code: string; key: string }[] };
}

describeApi('API translations', (h) => {
  const createFlow = async (id: string) => {
    const created = await h().call('POST', '/api/v1/flows', { token: h().tokens.designer, body: { id, name: 'Registration', flowJson: registration } });
    assert.equal(created.status, 201, created.text);
    const languages = await h().call('PUT', `/api/v1/flows/${id}/translations`, { token: h().tokens.designer, body: { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es'] } });
    assert.equal(languages.status, 200, languages.text);
  };

  test('adds a language, translates it side by side and sees the completeness check fail, then pass', async () => {
    await createFlow('reg-edit');
    const empty = await h().call('GET', '/api/v1/flows/reg-edit/translations/es');
    assert.equal(empty.status, 200, empty.text);
    const view = empty.body as unknown as LanguageView;
    assert.deepEqual(view.texts.map((t) => t.key).sort(), Object.keys(SPANISH).sort());
    assert.deepEqual(view.texts.find((t) => t.key === 'DETAILS/department/data-source/beauty/title'), { key: 'DETAILS/department/data-source/beauty/title', screen: 'DETAILS', source: 'Beauty', translation: null, maxLength: 30, description: 'Text of the option.', status: 'TRANSLATION_MISSING' });
    assert.equal(view.check.complete, false);
    assert.equal(view.check.problems.filter((p) => p.code === 'TRANSLATION_MISSING').length, 12);
    const partial = await h().call('PUT', '/api/v1/flows/reg-edit/translations/es', {
      token: h().tokens.designer,
      body: { translations: [...Object.entries(SPANISH).filter(([key]) => key !== 'DETAILS/email/label').map(([key, text]) => ({ key, text })), { key: 'DETAILS/email/label', text: 'Dirección de correo electrónico' }] },
    });
    assert.equal(partial.status, 200, partial.text);
    const after = partial.body as unknown as LanguageView;
    assert.deepEqual(after.check.problems.map((p) => [p.code, p.key]), [['TRANSLATION_TOO_LONG', 'DETAILS/email/label']]);
    assert.equal(after.texts.find((t) => t.key === 'DETAILS/email/label')?.status, 'TRANSLATION_TOO_LONG');
    const fixed = await h().call('PUT', '/api/v1/flows/reg-edit/translations/es', { token: h().tokens.designer, body: { translations: [{ key: 'DETAILS/email/label', text: 'Correo' }] } });
    assert.equal((fixed.body as unknown as LanguageView).check.complete, true);
    const summary = await h().call('GET', '/api/v1/flows/reg-edit/translations?version=1');
    assert.equal(summary.status, 200, summary.text);
    assert.deepEqual(summary.body['languages'], [{ language: 'es', translationsFrom: 1, complete: true, total: 12, translated: 12, problems: {} }]);
    assert.equal(summary.body['fallbackLanguage'], 'en');
  });

  test('builds the Spanish Flow JSON, validated like any Flow, with the same names and option ids', async () => {
    await createFlow('reg-build');
    await h().call('PUT', '/api/v1/flows/reg-build/translations/es', { token: h().tokens.designer, body: { translations: Object.entries(SPANISH).map(([key, text]) => ({ key, text })) } });
    const built = await h().call('GET', '/api/v1/flows/reg-build/translations/es/build');
    assert.equal(built.status, 200, built.text);
    assert.equal(built.body['valid'], true);
    assert.deepEqual(built.body['untranslated'], []);
    const json = JSON.stringify(built.body['flowJson']);
    assert.ok(json.includes('"Belleza"') && json.includes('"id":"beauty"') && json.includes('"name":"department"'));
    assert.ok(!json.includes('"Beauty"'));
    const source = await h().call('GET', '/api/v1/flows/reg-build/translations/en/build');
    assert.deepEqual(source.body['flowJson'], registration);
    assert.equal((await h().call('GET', '/api/v1/flows/reg-build/translations/fr/build')).status, 404);
  });

  test('dashboards filter by language: only the sends made in it count; the answer keeps its language', async () => {
    await createFlow('reg-metrics');
    const ws = h().workspaceA;
    const at = Date.now();
    const contact = await h().storage.contacts.upsert(ws, { phone: '+34600000777', at });
    const sent = async (language: string | undefined) => {
      const created = await h().storage.sends.create(ws, { flowId: 'reg-metrics', version: 1, contactId: contact.id, channel: 'sandbox', ...(language === undefined ? {} : { language }), at });
      assert.ok(created.ok);
      await h().storage.events.record(ws, [{ type: 'sent', flowId: 'reg-metrics', version: 1, sendId: created.value.id, at }]);
      return created.value.id;
    };
    const spanish = await sent('es');
    await sent('es');
    await sent('en');
    await h().storage.events.record(ws, [{ type: 'submitted', flowId: 'reg-metrics', version: 1, sendId: spanish, at: at + 1000 }]);
    const figures = async (query: string) => {
      const answer = await h().call('GET', `/api/v1/flows/reg-metrics/metrics${query}`, { token: h().tokens.viewer });
      assert.equal(answer.status, 200, answer.text);
      return [answer.body['language'], answer.body['sends'], answer.body['completionRate']];
    };
    assert.deepEqual(await figures(''), [null, 3, 1 / 3]);
    assert.deepEqual(await figures('?language=es'), ['es', 2, 0.5]);
    assert.deepEqual(await figures('?language=en'), ['en', 1, 0]);
    assert.deepEqual(await figures('?language=fr'), ['fr', 0, null]);
    assert.equal((await h().call('GET', '/api/v1/flows/reg-metrics/metrics?language=x', { token: h().tokens.viewer })).status, 400);
  });

  test('exports CSV and XLIFF and imports a translator\'s file back', async () => {
    await createFlow('reg-files');
    const xliff = await h().call('GET', '/api/v1/flows/reg-files/translations/es/export?format=xliff&version=1');
    assert.equal(xliff.status, 200, xliff.text);
    assert.equal(xliff.body['fileName'], 'reg-files-v1-es.xlf');
    // A translator fills the target of every unit of the exported file.
    const filled = String(xliff.body['content']).replace(
      /(<unit id="u\d+" name="([^"]+)">[\s\S]*?<source>[^<]*<\/source>)/g,
      (_whole, opening: string, key: string) => `${opening}<target>${SPANISH[key] ?? ''}</target>`,
    );
    const imported = await h().call('POST', '/api/v1/flows/reg-files/translations/es/import', { token: h().tokens.designer, body: { format: 'xliff', content: filled } });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.body['imported'], 12);
    assert.equal((imported.body as unknown as LanguageView).check.complete, true);
    const csv = await h().call('GET', '/api/v1/flows/reg-files/translations/es/export?format=csv');
    assert.match(String(csv.body['content']), /^key,source,target,status,max_length,note\r\nDETAILS\/title,Your details,Tus datos,translated,,/);
    const stale = await h().call('POST', '/api/v1/flows/reg-files/translations/es/import', { token: h().tokens.designer, body: { format: 'csv', content: 'key,source,target\r\nDETAILS/Footer#1/label,Next,Siguiente\r\nGONE/x,Old,Viejo\r\n' } });
    assert.equal(stale.status, 200, stale.text);
    assert.deepEqual(stale.body['skipped'], ['GONE/x']);
    assert.deepEqual((stale.body as unknown as LanguageView).check.problems.map((p) => [p.code, p.key]), [['TRANSLATION_OUTDATED', 'DETAILS/Footer#1/label']]);
    const hostile = await h().call('POST', '/api/v1/flows/reg-files/translations/es/import', { token: h().tokens.designer, body: { format: 'xliff', content: '<!DOCTYPE x [<!ENTITY a "a">]><xliff version="2.0"/>' } });
    assert.equal(hostile.status, 422);
    assert.equal((hostile.body['error'] as { code: string }).code, 'INVALID_FILE_UNSUPPORTED');
    const wrongLanguage = await h().call('POST', '/api/v1/flows/reg-files/translations/es/import', { token: h().tokens.designer, body: { format: 'xliff', content: '<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f"/></xliff>' } });
    assert.equal((wrongLanguage.body['error'] as { code: string }).code, 'LANGUAGE_MISMATCH');
  });

  test('refuses unknown keys, unknown languages, bad tags, a viewer\'s edits and edits of a version in review', async () => {
    await createFlow('reg-guard');
    const unknownKey = await h().call('PUT', '/api/v1/flows/reg-guard/translations/es', { token: h().tokens.designer, body: { translations: [{ key: 'NOPE/title', text: 'x' }] } });
    assert.equal((unknownKey.body['error'] as { code: string }).code, 'UNKNOWN_TEXT_KEYS');
    assert.equal((await h().call('GET', '/api/v1/flows/reg-guard/translations/de')).status, 404);
    assert.equal((await h().call('GET', '/api/v1/flows/reg-guard/translations/not%20a%20tag')).status, 400);
    const badFallback = await h().call('PUT', '/api/v1/flows/reg-guard/translations', { token: h().tokens.designer, body: { sourceLanguage: 'en', fallbackLanguage: 'fr', languages: ['es'] } });
    assert.equal((badFallback.body['error'] as { code: string }).code, 'INVALID_FALLBACK');
    const viewer = await h().call('PUT', '/api/v1/flows/reg-guard/translations/es', { token: h().tokens.viewer, body: { translations: [] } });
    assert.equal(viewer.status, 403);
    const submitted = await h().call('POST', '/api/v1/flows/reg-guard/versions/1/submit', { token: h().tokens.designer });
    assert.equal(submitted.status, 200, submitted.text);
    const frozen = await h().call('PUT', '/api/v1/flows/reg-guard/translations/es', { token: h().tokens.designer, body: { translations: [{ key: 'CONFIRM/title', text: 'Confirmar' }] } });
    assert.equal(frozen.status, 409);
    assert.equal((frozen.body['error'] as { code: string }).code, 'VERSION_FROZEN');
    assert.equal((await h().call('GET', '/api/v1/flows/reg-guard/translations/es', { token: h().tokenB })).status, 404, 'another workspace sees no such Flow');
  });
});
