const TAG = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$/;

/**
 * Reads a language tag as people and WhatsApp write it ("es", "pt_BR", "en-us", "zh-Hant-TW") into
 * the BCP 47 form Flowline stores ("pt-BR", "zh-Hant-TW"): language, optional script and region only.
 * Undefined when it is not such a tag.
 */
export function parseLanguageTag(text: string): string | undefined {
  const match = TAG.exec(text.trim());
  if (match === null) return undefined;
  const [, language = '', script, region] = match;
  let tag = language.toLowerCase();
  if (script !== undefined) tag += `-${script[0]?.toUpperCase() ?? ''}${script.slice(1).toLowerCase()}`;
  if (region !== undefined) tag += `-${region.toUpperCase()}`;
  return tag;
}

/**
 * The language to serve a customer: their own when the Flow has it, else one with the same primary
 * language ("es-MX" gets "es"), else the Flow's fallback. `available` holds the Flow's languages
 * (the source language included); tags are compared in their parsed form.
 */
export function pickLanguage(wanted: string | undefined, available: readonly string[], fallback: string): string {
  const tag = wanted === undefined ? undefined : parseLanguageTag(wanted);
  if (tag === undefined) return fallback;
  const tags = available.map((a) => parseLanguageTag(a) ?? a);
  if (tags.includes(tag)) return tag;
  const primary = tag.split('-')[0] ?? tag;
  return tags.find((a) => a === primary) ?? tags.find((a) => a.split('-')[0] === primary) ?? fallback;
}
