import { buildLocalizedFlow, checkTranslation, extractTexts, type TranslationProblemCode } from '@flowline/core';
import type { FlowVersion, Repositories } from '@flowline/storage';

/** How many errors of each kind keep a language off Meta. */
export type IncompleteCounts = Partial<Record<Exclude<TranslationProblemCode, 'TRANSLATION_UNUSED'>, number>>;

/**
 * A translated language's Flow JSON for its own Meta Flow, or why it is not built: a language goes to
 * Meta only when its translation is complete for the version (never a half-translated Flow on Meta).
 */
export type LanguageBuild =
  | { readonly ok: true; readonly language: string; readonly flowJson: string }
  | { readonly ok: false; readonly language: string; readonly reason: string; readonly problems: IncompleteCounts };

const WORDS: Readonly<Record<keyof IncompleteCounts, string>> = { TRANSLATION_MISSING: 'missing', TRANSLATION_OUTDATED: 'outdated', TRANSLATION_TOO_LONG: 'too long' };

/**
 * Builds a version's Flow JSON in a translated language from the source structure and the language's
 * translations of that version (docs/localization.md, Building). Names, option ids and the answer
 * contract are the source's, so every language's Meta Flow answers to the same endpoint and routing.
 */
export async function buildLanguageFlowJson(storage: Pick<Repositories, 'translations'>, workspaceId: string, version: FlowVersion, language: string): Promise<LanguageBuild> {
  let source: unknown;
  try {
    source = JSON.parse(version.flowJson) as unknown;
  } catch {
    return { ok: false, language, reason: `version ${version.number} is not readable JSON`, problems: {} };
  }
  const stored = await storage.translations.list(workspaceId, version.flowId, version.number, language);
  const check = checkTranslation(extractTexts(source), stored.translations);
  if (!check.complete) {
    const problems: IncompleteCounts = {};
    for (const p of check.problems) if (p.code !== 'TRANSLATION_UNUSED') problems[p.code] = (problems[p.code] ?? 0) + 1;
    const counts = (Object.keys(WORDS) as (keyof IncompleteCounts)[]).filter((code) => problems[code] !== undefined).map((code) => `${problems[code] ?? 0} ${WORDS[code]}`);
    return { ok: false, language, reason: `the ${language} translation of version ${version.number} is incomplete (${counts.join(', ')} of ${check.total} texts): complete it in the Translations tab and push again`, problems };
  }
  return { ok: true, language, flowJson: JSON.stringify(buildLocalizedFlow(source, stored.translations).flow, null, 2) };
}
