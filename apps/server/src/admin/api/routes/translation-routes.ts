import { importTranslationsBody, localizationBody, saveTranslationsBody, translationExportQuery, translationVersionQuery } from '@flowline/api-contract';
import {
  buildLocalizedFlow,
  checkTranslation,
  parseLanguageTag,
  parsePolicy,
  parseTranslationCsv,
  parseXliff,
  toTranslatedTexts,
  toTranslationCsv,
  toXliff,
  validateFlow,
} from '@flowline/core';
import { fail, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { assertTranslatable, findFlowLanguage, languageSummary, loadLocalizedVersion, toTranslated, type LocalizedVersion } from '../localized-version.js';

/** A language side by side with the source: every text, its translation, its limit and its status. */
async function languageView(deps: Parameters<ApiRoute['run']>[0]['deps'], workspaceId: string, localized: LocalizedVersion, language: string) {
  const stored = await deps.storage.translations.list(workspaceId, localized.flow.id, localized.version.number, language);
  const translations = new Map(stored.translations.map((t) => [t.key, t]));
  const check = checkTranslation(localized.texts, toTranslated(stored));
  const statusOf = new Map<string, string>();
  for (const problem of check.problems) if (!statusOf.has(problem.key)) statusOf.set(problem.key, problem.code);
  return {
    flowId: localized.flow.id,
    version: localized.version.number,
    language,
    sourceLanguage: localized.localization.sourceLanguage,
    translationsFrom: stored.versionNumber,
    texts: localized.texts.map((text) => ({
      key: text.key,
      screen: text.screen,
      source: text.text,
      translation: translations.get(text.key)?.text ?? null,
      maxLength: text.maxLength ?? null,
      description: text.description ?? null,
      status: statusOf.get(text.key) ?? 'TRANSLATED',
    })),
    check,
  };
}

/** Translations of a Flow per language (docs/localization.md): settings, editing, files for translators, builds. */
export const translationRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/translations', permission: 'flows:read', tag: 'translations',
    summary: 'The Flow\'s source and fallback languages, and each translated language with its completeness for a version (missing, outdated, too long: docs/localization.md)',
    query: translationVersionQuery,
    async handle({ auth, deps, params, query }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const { flow, version, texts, localization } = loaded.value;
      const languages = [];
      for (const language of localization.languages) languages.push(languageSummary(language, texts, await deps.storage.translations.list(auth.workspaceId, flow.id, version.number, language)));
      return ok({ flowId: flow.id, version: version.number, sourceLanguage: localization.sourceLanguage, fallbackLanguage: localization.fallbackLanguage, texts: texts.length, languages });
    },
  }),
  defineRoute({
    method: 'put', path: '/flows/{flowId}/translations', permission: 'flows:write', tag: 'translations',
    summary: 'Set the Flow\'s source language, its fallback (the source or a translated language) and its translated languages; translations of a removed language are kept for when it is added again',
    body: localizationBody,
    async handle({ auth, deps, params, body }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', undefined);
      if (!loaded.ok) return loaded.response;
      const tags = [body.sourceLanguage, body.fallbackLanguage, ...body.languages].map((raw) => [raw, parseLanguageTag(raw)] as const);
      const bad = tags.find(([, tag]) => tag === undefined);
      if (bad !== undefined) return fail(422, 'INVALID_LANGUAGE', `"${bad[0]}" is not a language tag such as "es" or "pt-BR"`);
      const [source = '', fallback = '', ...rest] = tags.map(([, tag]) => tag ?? '');
      const languages = [...new Set(rest)].filter((l) => l !== source);
      if (fallback !== source && !languages.includes(fallback)) return fail(422, 'INVALID_FALLBACK', `the fallback language ${fallback} must be the source language or one of the languages`);
      const now = deps.now();
      const before = loaded.value.localization;
      const saved = await deps.storage.transaction(async (tx) => {
        const settings = await tx.translations.saveLocalization(auth.workspaceId, loaded.value.flow.id, { sourceLanguage: source, fallbackLanguage: fallback, languages }, now);
        await tx.audit.append(auth.workspaceId, { actor: auth.actor, action: 'translations.languages', targetType: 'flow', targetId: loaded.value.flow.id, details: {}, before: { ...before }, after: { sourceLanguage: source, fallbackLanguage: fallback, languages }, at: now });
        return settings;
      });
      return ok({ flowId: saved.flowId, sourceLanguage: saved.sourceLanguage, fallbackLanguage: saved.fallbackLanguage, languages: saved.languages });
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/translations/{language}', permission: 'flows:read', tag: 'translations',
    summary: 'A language side by side with the source: each text\'s key, source, translation, limit and status, and the completeness check',
    query: translationVersionQuery,
    async handle({ auth, deps, params, query }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const language = findFlowLanguage(loaded.value, params['language']);
      if (!language.ok) return language.response;
      return ok(await languageView(deps, auth.workspaceId, loaded.value, language.language));
    },
  }),
  defineRoute({
    method: 'put', path: '/flows/{flowId}/translations/{language}', permission: 'flows:write', tag: 'translations',
    summary: 'Save translations of a version (by key; an empty text removes one), made from its current source texts. Refused once the version is in review, approved or published (409 VERSION_FROZEN)',
    query: translationVersionQuery,
    body: saveTranslationsBody,
    async handle({ auth, deps, params, query, body }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const language = findFlowLanguage(loaded.value, params['language']);
      if (!language.ok) return language.response;
      const frozen = await assertTranslatable(deps.storage, auth.workspaceId, loaded.value.version);
      if (frozen !== undefined) return frozen;
      const byKey = new Map(loaded.value.texts.map((t) => [t.key, t]));
      const unknown = body.translations.filter((t) => !byKey.has(t.key)).map((t) => t.key);
      if (unknown.length > 0) return fail(422, 'UNKNOWN_TEXT_KEYS', `${unknown.length} key(s) are not texts of version ${loaded.value.version.number}`, { keys: unknown.slice(0, 50) });
      const inputs = body.translations.map((t) => ({ key: t.key, text: t.text, sourceHash: byKey.get(t.key)?.hash ?? '' }));
      await deps.storage.translations.save(auth.workspaceId, loaded.value.flow.id, loaded.value.version.number, language.language, inputs, { at: deps.now(), by: auth.actor });
      return ok(await languageView(deps, auth.workspaceId, loaded.value, language.language));
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/translations/{language}/export', permission: 'flows:read', tag: 'translations',
    summary: 'A file for translators: CSV (key, source, target, status, max_length, note) or XLIFF 2.0, returned as text with its media type and a file name',
    query: translationExportQuery,
    async handle({ auth, deps, params, query }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const language = findFlowLanguage(loaded.value, params['language']);
      if (!language.ok) return language.response;
      const stored = await deps.storage.translations.list(auth.workspaceId, loaded.value.flow.id, loaded.value.version.number, language.language);
      const file = { sourceLanguage: loaded.value.localization.sourceLanguage, targetLanguage: language.language, texts: loaded.value.texts, translations: toTranslated(stored) };
      const base = `${loaded.value.flow.id}-v${loaded.value.version.number}-${language.language}`;
      return query.format === 'csv'
        ? ok({ format: 'csv', mediaType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, content: toTranslationCsv(file) })
        : ok({ format: 'xliff', mediaType: 'application/xliff+xml', fileName: `${base}.xlf`, content: toXliff(file) });
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/translations/{language}/import', permission: 'flows:write', tag: 'translations',
    summary: 'Import a translator\'s CSV or XLIFF 2.0 file into a version: units with a target are saved, each remembering the source text it was made from (an older source imports as outdated); units whose key is not a text of the version are skipped and listed. Bounded and safe: no DOCTYPE or entity expansion',
    query: translationVersionQuery,
    body: importTranslationsBody,
    async handle({ auth, deps, params, query, body }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const language = findFlowLanguage(loaded.value, params['language']);
      if (!language.ok) return language.response;
      const frozen = await assertTranslatable(deps.storage, auth.workspaceId, loaded.value.version);
      if (frozen !== undefined) return frozen;
      const parsed = body.format === 'csv' ? parseTranslationCsv(body.content) : parseXliff(body.content);
      if (!parsed.ok) return fail(422, `INVALID_FILE_${parsed.code}`, parsed.message, parsed.line === undefined ? undefined : { line: parsed.line });
      if (parsed.targetLanguage !== undefined && parseLanguageTag(parsed.targetLanguage) !== language.language) {
        return fail(422, 'LANGUAGE_MISMATCH', `the file translates into ${parsed.targetLanguage}, not ${language.language}`);
      }
      const keys = new Set(loaded.value.texts.map((t) => t.key));
      const translated = toTranslatedTexts(parsed.units);
      const skipped = translated.filter((t) => !keys.has(t.key)).map((t) => t.key);
      const inputs = translated.filter((t) => keys.has(t.key));
      await deps.storage.translations.save(auth.workspaceId, loaded.value.flow.id, loaded.value.version.number, language.language, inputs, { at: deps.now(), by: auth.actor });
      return ok({ imported: inputs.length, skipped: skipped.slice(0, 200), ...(await languageView(deps, auth.workspaceId, loaded.value, language.language)) });
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/translations/{language}/build', permission: 'flows:read', tag: 'translations',
    summary: 'The language\'s Flow JSON of a version (the source structure with the translations; the source language gives the source itself), validated like any Flow, with the completeness check',
    query: translationVersionQuery,
    async handle({ auth, deps, params, query }) {
      const loaded = await loadLocalizedVersion(deps.storage, auth.workspaceId, params['flowId'] ?? '', query.version);
      if (!loaded.ok) return loaded.response;
      const { flow, version, source, texts, localization } = loaded.value;
      const isSource = parseLanguageTag(params['language'] ?? '') === localization.sourceLanguage;
      const language = isSource ? { ok: true as const, language: localization.sourceLanguage } : findFlowLanguage(loaded.value, params['language']);
      if (!language.ok) return language.response;
      const stored = isSource ? { versionNumber: null, translations: [] } : await deps.storage.translations.list(auth.workspaceId, flow.id, version.number, language.language);
      const built = isSource ? { flow: source, untranslated: [] } : buildLocalizedFlow(source, toTranslated(stored));
      const policy = version.policy === undefined ? undefined : parsePolicy(version.policy);
      const validation = validateFlow(`${JSON.stringify(built.flow, null, 2)}\n`, policy?.ok === true ? { now: deps.now(), policy: policy.policy } : { now: deps.now() });
      const check = isSource ? { complete: true, total: texts.length, translated: texts.length, problems: [] } : checkTranslation(texts, toTranslated(stored));
      return ok({ flowId: flow.id, version: version.number, language: language.language, flowJson: built.flow, untranslated: built.untranslated, valid: validation.valid, errors: validation.errors, warnings: validation.warnings, check });
    },
  }),
];
