import { buildLocalizedFlow, checkTranslation, extractTexts, parseLanguageTag, pickLanguage } from '@flowline/core';
import type { FlowVersion, Storage } from '@flowline/storage';

/**
 * The language to send a Flow version in (docs/localization.md): the customer's (given, else the
 * contact's) when the Flow has it, else the Flow's fallback, else its source language. A translated
 * language is used only when it is complete for the version, so no customer gets a half-translated
 * Flow. Undefined when the Flow has no languages set: the send carries no language.
 */
export async function chooseSendLanguage(storage: Storage, workspaceId: string, version: FlowVersion, wanted: string | undefined): Promise<string | undefined> {
  const localization = await storage.translations.findLocalization(workspaceId, version.flowId);
  if (localization === undefined) return undefined;
  const { sourceLanguage, fallbackLanguage, languages } = localization;
  const texts = extractTexts(parseFlowJson(version.flowJson));
  const complete = async (language: string) => {
    if (language === sourceLanguage) return true;
    const stored = await storage.translations.list(workspaceId, version.flowId, version.number, language);
    return checkTranslation(texts, stored.translations).complete;
  };
  const picked = pickLanguage(wanted, [sourceLanguage, ...languages], fallbackLanguage);
  if (await complete(picked)) return picked;
  return (await complete(fallbackLanguage)) ? fallbackLanguage : sourceLanguage;
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
