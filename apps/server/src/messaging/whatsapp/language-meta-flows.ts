import { parseLanguageTag } from '@flowline/core';
import type { MetaFlow } from '@flowline/storage';

/** Two language tags name the same language once read as BCP 47 ("pt_BR" and "pt-BR"). */
export function sameLanguage(a: string, b: string): boolean {
  return (parseLanguageTag(a) ?? a) === (parseLanguageTag(b) ?? b);
}

/** Whether a Meta Flow carries this build: `null` is the source build, a tag a translated language's. */
export function isBuildOf(meta: MetaFlow, language: string | null): boolean {
  return language === null ? meta.language === null : meta.language !== null && sameLanguage(meta.language, language);
}

/** The translated languages a Flow has Meta Flows of (any status), oldest first. */
export function metaFlowLanguages(history: readonly MetaFlow[]): string[] {
  const languages: string[] = [];
  for (const m of [...history].reverse()) if (m.language !== null && !languages.some((l) => sameLanguage(l, m.language ?? ''))) languages.push(m.language);
  return languages;
}

/**
 * The Meta Flow that sends in a translated language open: its newest PUBLISHED one that is not retiring.
 * A draft, or one Meta has THROTTLED or BLOCKED, is not opened: its customers get the fallback or source Meta Flow.
 */
export function findPublishedLanguageMetaFlow(history: readonly MetaFlow[], language: string): MetaFlow | undefined {
  return history.find((m) => isBuildOf(m, language) && m.status === 'PUBLISHED' && m.retiringAt === null);
}
