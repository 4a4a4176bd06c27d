import { findTarget, type TranslatorExport } from './translator-file.js';

/**
 * An XLIFF 2.0 document (OASIS XLIFF Version 2.0, §4) for translation tools: one `<unit>` per text,
 * its key in `name` (unit ids must be NMTOKENs, our keys are not), the property's limit and
 * description as notes, and the current translation as `<target>` with state "translated"; a
 * translation made from an older source is given with state "initial" so the translator revises it.
 */
export function toXliff(file: TranslatorExport): string {
  const translations = new Map(file.translations.map((t) => [t.key, t]));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="${escapeXml(file.sourceLanguage)}" trgLang="${escapeXml(file.targetLanguage)}">`,
    '  <file id="flow">',
  ];
  file.texts.forEach((text, index) => {
    const target = findTarget(text, translations);
    lines.push(`    <unit id="u${index + 1}" name="${escapeXml(text.key)}">`);
    const notes: string[] = [];
    if (text.description !== undefined) notes.push(`<note category="description">${escapeXml(text.description)}</note>`);
    if (text.maxLength !== undefined) notes.push(`<note category="max-length">${text.maxLength}</note>`);
    if (notes.length > 0) lines.push(`      <notes>${notes.join('')}</notes>`);
    lines.push(`      <segment state="${target?.current === true ? 'translated' : 'initial'}">`);
    lines.push(`        <source>${escapeXml(text.text)}</source>`);
    if (target !== undefined) lines.push(`        <target>${escapeXml(target.target)}</target>`);
    lines.push('      </segment>', '    </unit>');
  });
  lines.push('  </file>', '</xliff>', '');
  return lines.join('\n');
}

/** Escapes text for XML content and double-quoted attributes (line breaks in attributes kept as references). */
function escapeXml(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : `&#x${c.charCodeAt(0).toString(16)};`));
}
