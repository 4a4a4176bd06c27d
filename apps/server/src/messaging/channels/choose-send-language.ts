import { buildLocalizedFlow, checkTranslation, extractTexts, parseLanguageTag, pickLanguage } from '@flowline/core';
import type { FlowVersion, Storage } from '@flowline/storage';

/** The language of each send of one Flow version, decided without further reads (a campaign asks it for every recipient). */
export interface SendLanguageChoice {
  /** The language to send in for a customer who wants `wanted` (see chooseSendLanguage); undefined when the Flow has no languages set. */
  choose(wanted: string | undefined): string | undefined;
}

/** Reads a Flow version's languages and which of them are complete for it, once. */
export async function loadSendLanguageChoice(storage: Pick<Storage, 'translations'>, workspaceId: string, version: FlowVersion): Promise<SendLanguageChoice> {
  const localization = await storage.translations.findLocalization(workspaceId, version.flowId);
  if (localization === undefined) return { choose: () => undefined };
  const { sourceLanguage, fallbackLanguage, languages } = localization;
  const texts = extractTexts(parseFlowJson(version.flowJson));
  const complete = new Set([sourceLanguage]);
  for (const language of languages) {
    const stored = await storage.translations.list(workspaceId, version.flowId, version.number, language);
    if (checkTranslation(texts, stored.translations).complete) complete.add(language);
  }
  return {
    choose(wanted) {
      const picked = pickLanguage(wanted, [sourceLanguage, ...languages], fallbackLanguage);
      if (complete.has(picked)) return picked;
      return complete.has(fallbackLanguage) ? fallbackLanguage : sourceLanguage;
    },
  };
}

/**
 * The language to send a Flow version in (docs/localization.md): the customer's (given, else the
 * contact's) when the Flow has it, else the Flow's fallback, else its source language. A translated
 * language is used only when it is complete for the version, so no customer gets a half-translated
 * Flow. Undefined when the Flow has no languages set: the send carries no language.
 */
export async function chooseSendLanguage(storage: Pick<Storage, 'translations'>, workspaceId: string, version: FlowVersion, wanted: string | undefined): Promise<string | undefined> {
  return (await loadSendLanguageChoice(storage, workspaceId, version)).choose(wanted);
}

/**
 * The Flow JSON a send's customer plays: the version's own in its source language, else its build in
 * the send's language. Names, option ids and the answer contract are the same, so the data endpoint and
 * the pipeline treat every language alike.
 */
export async function loadSendFlowJson(storage: Storage, workspaceId: string, version: FlowVersion, language: string | null | undefined): Promise<unknown> {
  const source = parseFlowJson(version.flowJson);
  const tag = language === null || language === undefined ? undefined : parseLanguageTag(language);
  if (tag === undefined) return source;
  const localization = await storage.translations.findLocalization(workspaceId, version.flowId);
  if (localization === undefined || localization.sourceLanguage === tag) return source;
  const stored = await storage.translations.list(workspaceId, version.flowId, version.number, tag);
  return buildLocalizedFlow(source, stored.translations).flow;
}

function parseFlowJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // stored versions were validated; an unreadable one has no texts
  }
}
