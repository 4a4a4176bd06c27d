import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deriveAnswerContract } from '../contract/index.js';
import { evaluateRoutingRules, parseRoutingRule, type RoutingRule } from '../routing/index.js';
import { renderScreen, startFlow, step, isStepError, type RuntimeState } from '../runtime/index.js';
import { loadCorpusFlows } from '../runtime/test-support/corpus.js';
import { walkToCompletion } from '../runtime/test-support/play.js';
import { validateFlow } from '../validator/index.js';
import { buildLocalizedFlow } from './build-localized-flow.js';
import { extractTexts } from './extract-texts.js';
import type { TranslatedText } from './source-text.js';

const REPO = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const registration: unknown = JSON.parse(readFileSync(path.join(REPO, 'examples', 'registration.flow.json'), 'utf8'));

/** A stand-in translation of the same length as the source (reversed), so limits hold as in the source. */
function reversed(flow: unknown): TranslatedText[] {
  return extractTexts(flow).map((t) => ({ key: t.key, text: [...t.text].reverse().join(''), sourceHash: t.hash }));
}

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

function spanish(): TranslatedText[] {
  return extractTexts(registration).map((t) => ({ key: t.key, text: SPANISH[t.key] ?? assert.fail(`no Spanish for ${t.key}`), sourceHash: t.hash }));
}

const problemsOf = (flow: unknown) => ((r) => [...r.errors, ...r.warnings])(validateFlow(JSON.stringify(flow, null, 2))).map((p) => `${p.code} ${p.pointer}`);

test('every language of every corpus Flow keeps the answer contract and validates as the source does', () => {
  const flows = loadCorpusFlows();
  assert.ok(flows.length > 40);
  for (const { file, doc } of flows) {
    const built = buildLocalizedFlow(doc, reversed(doc));
    assert.deepEqual(built.untranslated, [], file);
    assert.deepEqual(deriveAnswerContract(built.flow), deriveAnswerContract(doc), file);
    assert.deepEqual(problemsOf(built.flow), problemsOf(doc), file);
  }
});

test('the Spanish build of the registration Flow shows Spanish and completes with the same payload', () => {
  const built = buildLocalizedFlow(registration, spanish());
  const started = startFlow(built.flow);
  if (isStepError(started)) assert.fail(started.error.message);
  const screen = renderScreen(built.flow, started.state);
  const department = screen?.components.find((c) => c.name === 'department');
  assert.equal(department?.props['label'], 'Departamento');
  assert.deepEqual((department?.options ?? []).map((o) => [o.id, o.title]), [['beauty', 'Belleza'], ['sales', 'Ventas'], ['support', 'Soporte']]);
  assert.equal(screen?.footer?.label, 'Continuar');
  assert.equal(screen?.title, 'Tus datos');
  const es = walkToCompletion(built.flow).state.status;
  const en = walkToCompletion(registration).state.status;
  assert.ok(es.kind === 'completed' && en.kind === 'completed');
  assert.deepEqual(es.payload, en.payload);
  // The summary the customer sees is in their language; the payload is not.
  assert.ok(JSON.stringify(es.summary).includes('Departamento'));
});

function answer(flow: unknown, values: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const started = startFlow(flow);
  if (isStepError(started)) assert.fail(started.error.message);
  let state: RuntimeState = started.state;
  const apply = (event: Parameters<typeof step>[2]) => {
    const next = step(flow, state, event);
    if (isStepError(next)) assert.fail(next.error.message);
    state = next.state;
  };
  for (const [name, value] of Object.entries(values)) if (name !== 'terms') apply({ type: 'fill', name, value });
  apply({ type: 'press', target: 'footer' });
  apply({ type: 'fill', name: 'terms', value: values['terms'] });
  apply({ type: 'press', target: 'footer' });
  assert.equal(state.status.kind, 'completed');
  return state.status.kind === 'completed' ? state.status.payload : {};
}

test('an answer from the Spanish build routes exactly like the English one', () => {
  const rules: RoutingRule[] = ([
    { id: 'beauty', name: 'Beauty leads', enabled: true, stop: true, default: false, when: { field: 'department', equals: 'beauty' }, actions: [{ type: 'tag', tags: ['beauty'] }] },
    { id: 'others', name: 'Everyone else', enabled: true, stop: false, default: true, actions: [{ type: 'tag', tags: ['general'] }] },
  ] as unknown[]).map((r) => {
    const parsed = parseRoutingRule(r);
    if (!parsed.ok) assert.fail(JSON.stringify(parsed.problems));
    return parsed.rule;
  });
  const es = buildLocalizedFlow(registration, spanish()).flow;
  for (const department of ['beauty', 'sales', 'support']) {
    const values = { name: 'Ana', email: 'ana@example.com', department, terms: true };
    const fromSpanish = answer(es, values);
    const fromEnglish = answer(registration, values);
    assert.deepEqual(fromSpanish, fromEnglish);
    assert.deepEqual(evaluateRoutingRules(rules, fromSpanish), evaluateRoutingRules(rules, fromEnglish));
  }
  assert.deepEqual(evaluateRoutingRules(rules, answer(es, { name: 'Ana', email: 'ana@example.com', department: 'beauty', terms: true })).matchedRuleIds, ['beauty']);
});

test('a text without translation keeps the source text and is named as untranslated', () => {
  const partial = spanish().filter((t) => t.key !== 'CONFIRM/terms/label');
  const built = buildLocalizedFlow(registration, partial);
  assert.deepEqual(built.untranslated, ['CONFIRM/terms/label']);
  assert.ok(JSON.stringify(built.flow).includes('I accept the workshop terms'));
  assert.equal(built.texts.get('Continue'), 'Continuar');
});
