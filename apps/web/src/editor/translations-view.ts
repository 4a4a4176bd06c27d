import { isJsonObject, type TranslatedText } from '@flowline/core';

/** One text of a language as the translations panel shows it, beside its source. */
export interface TranslationRow {
  readonly key: string;
  readonly screen: string;
  readonly source: string;
  readonly translation: string | null;
  readonly maxLength: number | null;
  readonly status: string;
}

/** A language of the Flow with its texts and its completeness problems (GET /flows/{id}/translations/{language}). */
export interface LanguageView {
  readonly language: string;
  readonly sourceLanguage: string;
  readonly rows: readonly TranslationRow[];
  readonly complete: boolean;
  readonly translated: number;
  readonly total: number;
  readonly problems: readonly { readonly code: string; readonly key: string; readonly message: string }[];
}

/** The Flow's languages (GET /flows/{id}/translations). */
export interface LanguagesView {
  readonly sourceLanguage: string;
  readonly fallbackLanguage: string;
  readonly languages: readonly { readonly language: string; readonly complete: boolean; readonly translated: number; readonly total: number }[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** Reads the languages answer; undefined when it is not one. */
export function toLanguagesView(data: unknown): LanguagesView | undefined {
  if (!isJsonObject(data) || !Array.isArray(data['languages'])) return undefined;
  return {
    sourceLanguage: str(data['sourceLanguage']),
    fallbackLanguage: str(data['fallbackLanguage']),
    languages: data['languages'].filter(isJsonObject).map((l) => ({ language: str(l['language']), complete: l['complete'] === true, translated: num(l['translated']), total: num(l['total']) })),
  };
}

/** Reads a language answer; undefined when it is not one. */
export function toLanguageView(data: unknown): LanguageView | undefined {
  if (!isJsonObject(data) || !Array.isArray(data['texts']) || !isJsonObject(data['check'])) return undefined;
  const check = data['check'];
  return {
    language: str(data['language']),
    sourceLanguage: str(data['sourceLanguage']),
    rows: data['texts'].filter(isJsonObject).map((t) => ({
      key: str(t['key']),
      screen: str(t['screen']),
      source: str(t['source']),
      translation: typeof t['translation'] === 'string' ? t['translation'] : null,
      maxLength: typeof t['maxLength'] === 'number' ? t['maxLength'] : null,
      status: str(t['status']),
    })),
    complete: check['complete'] === true,
    translated: num(check['translated']),
    total: num(check['total']),
    problems: (Array.isArray(check['problems']) ? check['problems'] : []).filter(isJsonObject).map((p) => ({ code: str(p['code']), key: str(p['key']), message: str(p['message']) })),
  };
}

/** The stored translations of a language, as core's `buildLocalizedFlow` reads them for the preview. */
export function toPreviewTranslations(view: LanguageView): TranslatedText[] {
  return view.rows.filter((r) => r.translation !== null).map((r) => ({ key: r.key, text: r.translation ?? '', sourceHash: '' }));
}
