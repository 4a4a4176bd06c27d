import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTranslation } from './check-translation.js';
import { extractTexts } from './extract-texts.js';
import { hashSourceText } from './hash-source-text.js';
import { parseTranslationCsv } from './parse-translation-csv.js';
import { parseXliff } from './parse-xliff.js';
import { readXml } from './read-xml.js';
import { toTranslationCsv } from './to-translation-csv.js';
import { toXliff } from './to-xliff.js';
import { toTranslatedTexts } from './translator-file.js';

const flow = {
  version: '7.3',
  screens: [{ id: 'ASK', title: 'Tell us & "more"', terminal: true, layout: { type: 'SingleColumnLayout', children: [
    { type: 'TextBody', text: '=1+1 is <two>\nand a second line, with a comma' },
    { type: 'RadioButtonsGroup', name: 'pick', label: 'Pick one', 'data-source': [{ id: 'a', title: '- first', description: "it's fine" }] },
    { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } },
  ] } }],
};
const texts = extractTexts(flow);
const spanish = texts.map((t) => ({ key: t.key, text: `ES ${t.text}`, sourceHash: t.hash }));
const file = { sourceLanguage: 'en', targetLanguage: 'es', texts, translations: spanish.filter((t) => t.key !== 'ASK/Footer#1/label') };

for (const [format, write, parse] of [['CSV', toTranslationCsv, parseTranslationCsv], ['XLIFF', toXliff, parseXliff]] as const) {
  test(`a ${format} export reads back to the same texts and translations`, () => {
    const parsed = parse(write(file));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.units.map((u) => u.key), texts.map((t) => t.key));
    assert.deepEqual(parsed.units.map((u) => u.source), texts.map((t) => t.text));
    const imported = toTranslatedTexts(parsed.units);
    assert.deepEqual(imported, file.translations);
    assert.deepEqual(checkTranslation(texts, imported).problems.map((p) => [p.code, p.key]), [['TRANSLATION_MISSING', 'ASK/Footer#1/label']]);
  });
}

test('a file translated from an older source text imports as outdated', () => {
  const csv = 'key,source,target\r\nASK/Footer#1/label,Finish,Terminar\r\n';
  const parsed = parseTranslationCsv(csv);
  assert.ok(parsed.ok);
  const imported = toTranslatedTexts(parsed.units);
  assert.deepEqual(imported, [{ key: 'ASK/Footer#1/label', text: 'Terminar', sourceHash: hashSourceText('Finish') }]);
  assert.ok(checkTranslation(texts, imported).problems.some((p) => p.code === 'TRANSLATION_OUTDATED' && p.key === 'ASK/Footer#1/label'));
});

test('the XLIFF export is XLIFF 2.0 with keys in unit names and limits as notes', () => {
  const xliff = toXliff(file);
  assert.match(xliff, /<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">/);
  assert.match(xliff, /<unit id="u5" name="ASK\/pick\/label">/);
  assert.match(xliff, /<note category="max-length">30<\/note>/);
  assert.match(xliff, /<source>=1\+1 is &lt;two&gt;&#xa;and a second line, with a comma<\/source>/);
  assert.match(xliff, /<segment state="initial">\n {8}<source>Done<\/source>\n {6}<\/segment>/);
});

test('an XLIFF 2.0 file from a tool, with groups, a prefix and CDATA, is read', () => {
  const xml = `<?xml version="1.0"?>
<!-- from a CAT tool -->
<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt-BR">
  <x:file id="f"><x:group id="g"><x:unit id="u1" name="ASK/title"><x:segment><x:source>Tell</x:source><x:target><![CDATA[Diga <já>]]> &amp; mais &#x1F600;</x:target></x:segment>
  <x:segment><x:source> us</x:source><x:target/></x:segment></x:unit></x:group></x:file>
</x:xliff>`;
  const parsed = parseXliff(xml);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(parsed.targetLanguage, 'pt-BR');
  assert.deepEqual(parsed.units, [{ key: 'ASK/title', source: 'Tell us', target: 'Diga <já> & mais 😀' }]);
});

test('refuses entity declarations, unknown entities and XLIFF 1.2 without expanding anything', () => {
  const billionLaughs = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xliff version="2.0"><file><unit id="u"><segment><source>&b;</source></segment></unit></file></xliff>';
  assert.deepEqual(pick(parseXliff(billionLaughs)), { ok: false, code: 'UNSUPPORTED' });
  assert.deepEqual(pick(parseXliff('<xliff version="2.0"><file><unit id="u"><segment><source>&b;</source></segment></unit></file></xliff>')), { ok: false, code: 'MALFORMED' });
  assert.deepEqual(pick(parseXliff('<xliff version="1.2"><file/></xliff>')), { ok: false, code: 'UNSUPPORTED' });
  assert.deepEqual(pick(parseXliff('<xliff version="2.0"><file><unit id="u"><segment><source>a <pc id="1">b</pc></source></segment></unit></file></xliff>')), { ok: false, code: 'UNSUPPORTED' });
  assert.deepEqual(pick(parseXliff('<xliff version="2.0"><file><unit id="u"/><unit id="u"/></file></xliff>')), { ok: false, code: 'DUPLICATE_KEY' });
});

test('the XML reader bounds depth, size and structure and reports the line', () => {
  const deep = `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`;
  assert.equal(pickXml(readXml(deep)).code, 'XML_TOO_DEEP');
  assert.equal(pickXml(readXml(`<a>${' '.repeat(4_000_001)}</a>`)).code, 'XML_TOO_LARGE');
  const unclosed = readXml('<a>\n<b>\n</a>');
  assert.deepEqual(pickXml(unclosed), { code: 'XML_MALFORMED', line: 3 });
  assert.equal(pickXml(readXml('<a/><b/>')).code, 'XML_MALFORMED');
  assert.equal(pickXml(readXml('<a x="1" x="2"/>')).code, 'XML_MALFORMED');
  assert.equal(pickXml(readXml('<a>&#0;</a>')).code, 'XML_MALFORMED');
  assert.equal(pickXml(readXml('<a>Tom & Jerry</a>')).code, 'XML_MALFORMED');
});

test('refuses CSV files without the key, source and target columns, with duplicate keys or broken quoting', () => {
  assert.deepEqual(pick(parseTranslationCsv('id,text\r\na,b\r\n')), { ok: false, code: 'MALFORMED' });
  assert.deepEqual(pick(parseTranslationCsv('key,source,target\r\na,b,c\r\na,b,d\r\n')), { ok: false, code: 'DUPLICATE_KEY' });
  assert.deepEqual(pick(parseTranslationCsv('key,source,target\r\na,"b,c\r\n')), { ok: false, code: 'MALFORMED' });
  assert.deepEqual(pick(parseTranslationCsv('')), { ok: false, code: 'MALFORMED' });
  const reordered = parseTranslationCsv('target,note,key,source\r\nHola,,ASK/title,Hello\r\n');
  assert.ok(reordered.ok);
  assert.deepEqual(reordered.units, [{ key: 'ASK/title', source: 'Hello', target: 'Hola' }]);
});

function pick(result: { ok: boolean; code?: string }): { ok: boolean; code?: string } {
  return result.ok ? { ok: true } : { ok: false, ...(result.code !== undefined ? { code: result.code } : {}) };
}

function pickXml(result: ReturnType<typeof readXml>): { code?: string; line?: number } {
  return result.ok ? {} : result.code === 'XML_MALFORMED' && result.line === 3 ? { code: result.code, line: result.line } : { code: result.code };
}
