/** One piece of text a customer reads in a Flow version, found through the registry (docs/localization.md). */
export interface SourceText {
  /**
   * Stable key from the text's place, not its words: `SCREEN/title`, `SCREEN/<component>/<property>[/…]`
   * where `<component>` is the input's name or `Type#n` (the n-th of its type on the screen) and array
   * items are named by their `id` when they have one. Segments are escaped as JSON pointer segments.
   */
  readonly key: string;
  /** RFC 6901 pointer of the string in the source Flow JSON. */
  readonly pointer: string;
  readonly text: string;
  /** Hash of `text`, recorded with a translation so that a later change of the source marks it outdated. */
  readonly hash: string;
  /** The property's character limit from the registry (Meta's limit), when it has one. */
  readonly maxLength?: number;
  /** The screen the text sits on. */
  readonly screen: string;
  /** The registry's description of the property, as a hint for translators. */
  readonly description?: string;
}

/** A translation of one key into one language, with the hash of the source text it was made from. */
export interface TranslatedText {
  readonly key: string;
  readonly text: string;
  readonly sourceHash: string;
}
