import { array, integer, object, oneOf, optional, string, type Infer } from '../schema.js';

/** The query of the translation routes that read a version: which one (default the latest). */
export const translationVersionQuery = object({ version: optional(integer({ minimum: 1, fromString: true, description: 'the Flow version (default: the latest)' })) });
/** What a translation route that reads a version reads from its query. */
export type TranslationVersionQuery = Infer<typeof translationVersionQuery>;

const languageTag = string({ minLength: 2, maxLength: 35, description: 'a BCP 47 language tag such as "es" or "pt-BR" ("pt_BR" is read too)' });

/** The most languages a Flow is translated into. */
const MAX_LANGUAGES = 50;

/** The body of `PUT /flows/{flowId}/translations`: the Flow's source, fallback and translated languages. */
export const localizationBody = object({ sourceLanguage: languageTag, fallbackLanguage: languageTag, languages: array(languageTag, { maxItems: MAX_LANGUAGES }) });
/** What `PUT /flows/{flowId}/translations` takes. */
export type LocalizationBody = Infer<typeof localizationBody>;

/** The body of `PUT /flows/{flowId}/translations/{language}`: translated texts by key. */
export const saveTranslationsBody = object({ translations: array(object({ key: string({ minLength: 1, maxLength: 2000 }), text: string({ maxLength: 8192 }) }), { maxItems: 20_000 }) });
/** What `PUT /flows/{flowId}/translations/{language}` takes. */
export type SaveTranslationsBody = Infer<typeof saveTranslationsBody>;

/** The query of `GET /flows/{flowId}/translations/{language}/export`: the version and the file format. */
export const translationExportQuery = object({ version: optional(integer({ minimum: 1, fromString: true })), format: oneOf(['csv', 'xliff'], 'the file format') });
/** What `GET /flows/{flowId}/translations/{language}/export` reads from its query. */
export type TranslationExportQuery = Infer<typeof translationExportQuery>;

/** The body of `POST /flows/{flowId}/translations/{language}/import`: a translator's file. */
export const importTranslationsBody = object({ format: oneOf(['csv', 'xliff']), content: string({ maxLength: 4_000_000, description: 'the file\'s text' }) });
/** What `POST /flows/{flowId}/translations/{language}/import` takes. */
export type ImportTranslationsBody = Infer<typeof importTranslationsBody>;
