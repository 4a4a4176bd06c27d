import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTranslation } from './check-translation.js';
import { extractTexts } from './extract-texts.js';
import { hashSourceText } from './hash-source-text.js';

const flow = (footer: string) => ({
  version: '7.3',
  screens: [{ id: 'END', title: 'Thanks', terminal: true, layout: { type: 'SingleColumnLayout', children: [
    { type: 'TextInput', name: 'email', label: 'Email' },
    { type: 'Footer', label: footer, 'on-click-action': { name: 'complete', payload: {} } },
  ] } }],
});

test('a language is complete once every text has a current translation within its limit', () => {
  const texts = extractTexts(flow('Send'));
  const translations = [
    { key: 'END/title', text: 'Gracias', sourceHash: hashSourceText('Thanks') },
    { key: 'END/email/label', text: 'Correo', sourceHash: hashSourceText('Email') },
  ];
  const partial = checkTranslation(texts, translations);
  assert.equal(partial.complete, false);
  assert.deepEqual(partial.problems.map((p) => [p.code, p.key]), [['TRANSLATION_MISSING', 'END/Footer#1/label']]);
  assert.equal(partial.translated, 2);
  assert.equal(partial.total, 3);
  const full = checkTranslation(texts, [...translations, { key: 'END/Footer#1/label', text: 'Enviar', sourceHash: hashSourceText('Send') }]);
  assert.deepEqual(full, { complete: true, total: 3, translated: 3, problems: [] });
});

test('a translation made before its source text changed is outdated', () => {
  const translations = [
    { key: 'END/title', text: 'Gracias', sourceHash: hashSourceText('Thanks') },
    { key: 'END/email/label', text: 'Correo', sourceHash: hashSourceText('Email') },
    { key: 'END/Footer#1/label', text: 'Enviar', sourceHash: hashSourceText('Send') },
  ];
  const check = checkTranslation(extractTexts(flow('Send now')), translations);
  assert.equal(check.complete, false);
  assert.deepEqual(check.problems.map((p) => [p.code, p.key, p.pointer]), [['TRANSLATION_OUTDATED', 'END/Footer#1/label', '/screens/0/layout/children/1/label']]);
});

test('a translation longer than Meta allows for its property is too long, counted in characters', () => {
  const texts = extractTexts(flow('Send'));
  const label = 'Correo electrónico 📧!'; // 21 characters, 22 UTF-16 units; TextInput labels allow 20
  const check = checkTranslation(texts, [
    { key: 'END/title', text: 'Gracias', sourceHash: hashSourceText('Thanks') },
    { key: 'END/email/label', text: label, sourceHash: hashSourceText('Email') },
    { key: 'END/Footer#1/label', text: 'Enviar', sourceHash: hashSourceText('Send') },
    { key: 'END/gone/label', text: 'Viejo', sourceHash: hashSourceText('Old') },
  ]);
  assert.deepEqual(
    check.problems.map((p) => [p.code, p.severity, p.key, p.limit, p.length]),
    [
      ['TRANSLATION_TOO_LONG', 'error', 'END/email/label', 20, 21],
      ['TRANSLATION_UNUSED', 'warning', 'END/gone/label', undefined, undefined],
    ],
  );
  assert.equal(check.complete, false);
});

test('a blank translation counts as missing', () => {
  const check = checkTranslation(extractTexts(flow('Send')), [{ key: 'END/title', text: '  ', sourceHash: hashSourceText('Thanks') }]);
  assert.deepEqual(check.problems.map((p) => p.code), ['TRANSLATION_MISSING', 'TRANSLATION_MISSING', 'TRANSLATION_MISSING']);
});

test('source hashes tell texts apart and are stable', () => {
  assert.equal(hashSourceText('Send'), hashSourceText('Send'));
  assert.notEqual(hashSourceText('Send'), hashSourceText('Send '));
  assert.notEqual(hashSourceText(''), hashSourceText('a'));
  assert.match(hashSourceText('Enviar'), /^[0-9a-f]{16}$/);
});
