import { checkTranslation, extractTexts, parseLanguageTag, type SourceText, type TranslatedText, type TranslationCheck } from '@flowline/core';
import type { Flow, FlowLocalization, FlowVersion, Storage, VersionTranslations } from '@flowline/storage';
import { fail, notFound, type ApiResponse } from './api-response.js';

/** A Flow version with its texts and language settings, as the translation routes work on them. */
export interface LocalizedVersion {
  readonly flow: Flow;
  readonly version: FlowVersion;
  readonly source: unknown;
  readonly texts: readonly SourceText[];
  /** The Flow's settings, or the default (source "en", fallback "en", no translations) when never saved. */
  readonly localization: Pick<FlowLocalization, 'sourceLanguage' | 'fallbackLanguage' | 'languages'>;
}

/** A Flow's language settings before anyone set them (docs/localization.md). */
export const DEFAULT_LOCALIZATION = { sourceLanguage: 'en', fallbackLanguage: 'en', languages: [] as string[] } as const;

/** Loads a Flow's version (the latest when none is asked) with its texts, or the 404 answer. */
export async function loadLocalizedVersion(storage: Storage, workspaceId: string, flowId: string, versionNumber: number | undefined): Promise<{ ok: true; value: LocalizedVersion } | { ok: false; response: ApiResponse }> {
  const flow = await storage.flows.find(workspaceId, flowId);
  if (flow === undefined) return { ok: false, response: notFound('flow') };
  const version = versionNumber === undefined ? await storage.flows.findLatestVersion(workspaceId, flow.id) : await storage.flows.findVersion(workspaceId, flow.id, versionNumber);
  if (version === undefined) return { ok: false, response: notFound('version') };
  let source: unknown;
  try {
    source = JSON.parse(version.flowJson);
  } catch {
    source = undefined; // stored versions were validated; an unreadable one simply has no texts
  }
  const stored = await storage.translations.findLocalization(workspaceId, flow.id);
  const localization = stored ?? DEFAULT_LOCALIZATION;
  return { ok: true, value: { flow, version, source, texts: extractTexts(source), localization } };
}

/** A language of the Flow named in a path, in its stored form, or the 404 answer. */
export function findFlowLanguage(localized: LocalizedVersion, raw: string | undefined): { ok: true; language: string } | { ok: false; response: ApiResponse } {
  const language = parseLanguageTag(raw ?? '');
  if (language === undefined) return { ok: false, response: fail(400, 'INVALID_LANGUAGE', `"${raw ?? ''}" is not a language tag such as "es" or "pt-BR"`) };
  if (!localized.localization.languages.includes(language)) return { ok: false, response: fail(404, 'NOT_FOUND', `the Flow has no language ${language}; add it first (PUT /flows/{flowId}/translations)`) };
  return { ok: true, language };
}

/**
 * Whether the translations of a version may change: not once it is in review, approved or
 * published, so that what reviewers approved is what customers get in every language (docs/governance.md).
 */
export async function assertTranslatable(storage: Storage, workspaceId: string, version: FlowVersion): Promise<ApiResponse | undefined> {
  const review = await storage.governance.findReview(workspaceId, version.flowId, version.number);
  if (review.state === 'draft' || review.state === 'changes_requested') return undefined;
  return fail(409, 'VERSION_FROZEN', `version ${version.number} is ${review.state.replace('_', ' ')}: translate a new version (its translations start from this one's)`);
}

/** A language's translations of a version as core reads them. */
export function toTranslated(stored: VersionTranslations): TranslatedText[] {
  return stored.translations.map((t) => ({ key: t.key, text: t.text, sourceHash: t.sourceHash }));
}

/** The completeness of a language, with the version its translations come from. */
export function languageSummary(language: string, texts: readonly SourceText[], stored: VersionTranslations): { language: string; translationsFrom: number | null } & Omit<TranslationCheck, 'problems'> & { problems: Record<string, number> } {
  const check = checkTranslation(texts, toTranslated(stored));
  const problems: Record<string, number> = {};
  for (const problem of check.problems) problems[problem.code] = (problems[problem.code] ?? 0) + 1;
  return { language, translationsFrom: stored.versionNumber, complete: check.complete, total: check.total, translated: check.translated, problems };
}
