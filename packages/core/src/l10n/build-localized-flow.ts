import { parsePointer } from '../json/index.js';
import { extractTexts } from './extract-texts.js';
import type { TranslatedText } from './source-text.js';
import { isJsonObject } from '../json/is-json-object.js';

/** A language's Flow JSON and which source texts it kept because they had no translation. */
export interface LocalizedFlow {
  readonly flow: unknown;
  /** Keys whose source text stands in the built Flow (no translation, or an empty one). */
  readonly untranslated: readonly string[];
  /**
   * Source text → its translation, for hosts that name texts as written in the source (a scenario
   * pressing a link by its text). When one source text is translated differently in two places, the first wins.
   */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Builds a language's Flow JSON: the source structure with each text replaced by its translation.
 * Only the strings that `extractTexts` finds are touched, so screen ids, names, option ids,
 * actions and routing stay the source's and the answer contract is the same in every language.
 */
export function buildLocalizedFlow(source: unknown, translations: readonly TranslatedText[]): LocalizedFlow {
  const byKey = new Map(translations.map((t) => [t.key, t.text]));
  const flow: unknown = JSON.parse(JSON.stringify(source ?? null));
  const untranslated: string[] = [];
  const texts = new Map<string, string>();
  for (const text of extractTexts(source)) {
    const translated = byKey.get(text.key);
    if (translated === undefined || translated.trim() === '') untranslated.push(text.key);
    else {
      setAt(flow, text.pointer, translated);
      if (!texts.has(text.text)) texts.set(text.text, translated);
    }
  }
  return { flow, untranslated, texts };
}

/** Writes a string at a pointer the extraction found in the same document (so every step exists). */
function setAt(doc: unknown, pointer: string, value: string): void {
  const segments = parsePointer(pointer);
  const last = segments?.pop();
  if (segments === undefined || last === undefined) return;
  let node: unknown = doc;
  for (const segment of segments) node = Array.isArray(node) ? node[Number(segment)] : isJsonObject(node) ? node[segment] : undefined;
  if (Array.isArray(node)) node[Number(last)] = value;
  // The clone is our own mutable copy; JsonObject is read-only only to protect callers' documents.
  else if (isJsonObject(node)) (node as Record<string, unknown>)[last] = value;
}
