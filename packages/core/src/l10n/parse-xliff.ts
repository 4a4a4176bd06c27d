import { readXml, type XmlElement } from './read-xml.js';
import { TRANSLATOR_FILE_LIMITS, type ParseTranslatorFileResult, type TranslatorUnit } from './translator-file.js';

/**
 * Reads an XLIFF 2.x document (OASIS XLIFF 2.0 §4): every `<unit>` of every `<file>` (also inside
 * `<group>`s), keyed by its `name` (else its `id`), with the text of its segments' `<source>` and
 * `<target>` (ignorables included, in order). Inline codes are refused: Flow texts have none.
 * Parsing is bounded and expands no entity (`readXml`). Never throws.
 */
export function parseXliff(text: string): ParseTranslatorFileResult {
  if (text.length > TRANSLATOR_FILE_LIMITS.maxChars) return { ok: false, code: 'FILE_TOO_LARGE', message: `the file is larger than ${TRANSLATOR_FILE_LIMITS.maxChars} characters` };
  const read = readXml(text);
  if (!read.ok) return { ok: false, code: read.code === 'XML_TOO_LARGE' ? 'FILE_TOO_LARGE' : read.code === 'XML_DOCTYPE' ? 'UNSUPPORTED' : 'MALFORMED', message: read.message, line: read.line };
  const root = read.root;
  if (root.name !== 'xliff') return { ok: false, code: 'MALFORMED', message: 'the root element is not <xliff>', line: root.line };
  if (!(root.attributes['version'] ?? '').startsWith('2.')) return { ok: false, code: 'UNSUPPORTED', message: `XLIFF version ${root.attributes['version'] ?? '(none)'} is not read; export XLIFF 2.0`, line: root.line };
  const units: TranslatorUnit[] = [];
  const seen = new Set<string>();
  const pending: XmlElement[] = elements(root).filter((e) => e.name === 'file');
  while (pending.length > 0) {
    const node = pending.shift();
    if (node === undefined) break;
    for (const child of elements(node)) {
      if (child.name === 'group') pending.push(child);
      if (child.name !== 'unit') continue;
      const key = child.attributes['name'] ?? child.attributes['id'] ?? '';
      if (key === '') return { ok: false, code: 'MALFORMED', message: 'a <unit> has neither name nor id', line: child.line };
      if (seen.has(key)) return { ok: false, code: 'DUPLICATE_KEY', message: `the key "${key}" appears twice`, line: child.line };
      seen.add(key);
      const parts = elements(child).filter((e) => e.name === 'segment' || e.name === 'ignorable');
      const source = joinText(parts, 'source');
      const target = joinText(parts, 'target');
      if (typeof source !== 'string') return source;
      if (typeof target !== 'string') return target;
      units.push({ key, source, target });
      if (units.length > TRANSLATOR_FILE_LIMITS.maxUnits) return { ok: false, code: 'TOO_MANY_UNITS', message: `more than ${TRANSLATOR_FILE_LIMITS.maxUnits} units` };
    }
  }
  const sourceLanguage = root.attributes['srcLang'];
  const targetLanguage = root.attributes['trgLang'];
  return { ok: true, units, ...(sourceLanguage !== undefined ? { sourceLanguage } : {}), ...(targetLanguage !== undefined ? { targetLanguage } : {}) };
}

function elements(node: XmlElement): XmlElement[] {
  return node.children.filter((child): child is XmlElement => typeof child !== 'string');
}

/** The text of the `source` or `target` of each part, joined; a refusal when one holds inline markup. */
function joinText(parts: readonly XmlElement[], which: 'source' | 'target'): string | ParseTranslatorFileResult {
  let out = '';
  for (const part of parts) {
    for (const element of elements(part)) {
      if (element.name !== which) continue;
      const markup = elements(element)[0];
      if (markup !== undefined) return { ok: false, code: 'UNSUPPORTED', message: `inline markup <${markup.name}> in a <${which}> is not supported`, line: markup.line };
      out += element.children.join('');
    }
  }
  return out;
}
