import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLanguageTag, pickLanguage } from './parse-language-tag.js';

test('reads language tags as WhatsApp and people write them', () => {
  assert.equal(parseLanguageTag('es'), 'es');
  assert.equal(parseLanguageTag('pt_BR'), 'pt-BR');
  assert.equal(parseLanguageTag(' EN-us '), 'en-US');
  assert.equal(parseLanguageTag('zh_hant_tw'), 'zh-Hant-TW');
  assert.equal(parseLanguageTag('es-419'), 'es-419');
  assert.equal(parseLanguageTag('spanish'), undefined);
  assert.equal(parseLanguageTag(''), undefined);
  assert.equal(parseLanguageTag('e'), undefined);
});

test('picks the customer language, then the same primary language, then the fallback', () => {
  const available = ['en', 'es', 'pt-BR'];
  assert.equal(pickLanguage('es', available, 'en'), 'es');
  assert.equal(pickLanguage('es_MX', available, 'en'), 'es');
  assert.equal(pickLanguage('pt', available, 'en'), 'pt-BR');
  assert.equal(pickLanguage('de', available, 'en'), 'en');
  assert.equal(pickLanguage(undefined, available, 'en'), 'en');
  assert.equal(pickLanguage('not a tag', available, 'es'), 'es');
});
