import { hashSourceText } from './hash-source-text.js';
import type { SourceText, TranslatedText } from './source-text.js';

/** One text of a translator's file: its key, the source text the translator saw and their translation. */
export interface TranslatorUnit {
  readonly key: string;
  readonly source: string;
  readonly target: string;
}

/** Why a translator's file was refused. */
export type TranslatorFileErrorCode = 'FILE_TOO_LARGE' | 'TOO_MANY_UNITS' | 'MALFORMED' | 'UNSUPPORTED' | 'DUPLICATE_KEY';

/** A translator's file read, or why it was refused (with the 1-based line when known). */
export type ParseTranslatorFileResult =
  | { readonly ok: true; readonly sourceLanguage?: string; readonly targetLanguage?: string; readonly units: readonly TranslatorUnit[] }
  | { readonly ok: false; readonly code: TranslatorFileErrorCode; readonly message: string; readonly line?: number };

/** Bounds of an imported file (a Flow has at most 100 screens of 50 components: a few thousand texts). */
export const TRANSLATOR_FILE_LIMITS = { maxChars: 4_000_000, maxUnits: 20_000 } as const;

/** What an export writes: the language pair, the source texts and the translations made so far. */
export interface TranslatorExport {
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
  readonly texts: readonly SourceText[];
  readonly translations: readonly TranslatedText[];
}

/**
 * The translations an imported file carries: units with a target. Each remembers the hash of the
 * source text in the file, so a file made before the source changed imports as outdated, not as current.
 */
export function toTranslatedTexts(units: readonly TranslatorUnit[]): TranslatedText[] {
  return units.filter((unit) => unit.target.trim() !== '').map((unit) => ({ key: unit.key, text: unit.target, sourceHash: hashSourceText(unit.source) }));
}

/** The target to write for a text: its translation, whether current or made from an older source. */
export function findTarget(text: SourceText, translations: ReadonlyMap<string, TranslatedText>): { readonly target: string; readonly current: boolean } | undefined {
  const translation = translations.get(text.key);
  return translation === undefined ? undefined : { target: translation.text, current: translation.sourceHash === text.hash };
}
