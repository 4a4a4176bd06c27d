import type { Severity } from '../problem.js';
import type { SourceText, TranslatedText } from './source-text.js';

/** Stable codes of the completeness check (docs/localization.md). */
export type TranslationProblemCode = 'TRANSLATION_MISSING' | 'TRANSLATION_OUTDATED' | 'TRANSLATION_TOO_LONG' | 'TRANSLATION_UNUSED';

/** One finding of the completeness check, about one key. */
export interface TranslationProblem {
  readonly code: TranslationProblemCode;
  readonly severity: Severity;
  readonly key: string;
  /** Pointer of the source text in the source Flow JSON (absent for an unused key). */
  readonly pointer?: string;
  readonly message: string;
  /** For TRANSLATION_TOO_LONG: the property's limit and the translation's length in characters. */
  readonly limit?: number;
  readonly length?: number;
}

/** The completeness of one language against a Flow version's texts. */
export interface TranslationCheck {
  /** No error: every text translated from the current source, within its limit. */
  readonly complete: boolean;
  readonly total: number;
  /** Texts with a current translation within its limit. */
  readonly translated: number;
  readonly problems: readonly TranslationProblem[];
}

/**
 * Checks a language's translations against the source texts: a text with no translation is missing;
 * one translated from a different source text (its hash differs) is outdated; one longer than the
 * property's limit would be refused by Meta. Keys the source no longer has are reported as warnings.
 */
export function checkTranslation(texts: readonly SourceText[], translations: readonly TranslatedText[]): TranslationCheck {
  const byKey = new Map(translations.map((t) => [t.key, t]));
  const problems: TranslationProblem[] = [];
  let translated = 0;
  for (const text of texts) {
    const translation = byKey.get(text.key);
    if (translation === undefined || translation.text.trim() === '') {
      problems.push({ code: 'TRANSLATION_MISSING', severity: 'error', key: text.key, pointer: text.pointer, message: `"${text.key}" has no translation` });
      continue;
    }
    const length = [...translation.text].length;
    let ok = true;
    if (text.maxLength !== undefined && length > text.maxLength) {
      ok = false;
      problems.push({
        code: 'TRANSLATION_TOO_LONG',
        severity: 'error',
        key: text.key,
        pointer: text.pointer,
        message: `"${text.key}" is ${length} characters long; Meta allows ${text.maxLength}`,
        limit: text.maxLength,
        length,
      });
    }
    if (translation.sourceHash !== text.hash) {
      ok = false;
      problems.push({ code: 'TRANSLATION_OUTDATED', severity: 'error', key: text.key, pointer: text.pointer, message: `the source text of "${text.key}" changed after it was translated` });
    }
    if (ok) translated += 1;
  }
  const keys = new Set(texts.map((t) => t.key));
  for (const translation of translations) {
    if (!keys.has(translation.key)) problems.push({ code: 'TRANSLATION_UNUSED', severity: 'warning', key: translation.key, message: `"${translation.key}" is not a text of this Flow version` });
  }
  return { complete: !problems.some((p) => p.severity === 'error'), total: texts.length, translated, problems };
}
