import { parsePointer } from './json-pointer.js';
import { toSourcePosition, type SourcePosition } from './source-position.js';

/** Options for `locatePointer`. */
export interface LocateOptions {
  /** Point at the member's key instead of its value (ignored for array items and the root). */
  readonly atKey?: boolean;
  /** A 0-based index into the decoded string value; the result then points at that character. */
  readonly offset?: number;
}

/** Skips whitespace from `pos`. */
function skipWhitespace(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10 || code === 13 || code === 9) i++;
    else return i;
  }
}

/** Returns the index just past the string starting at `pos` (a `"`), or -1 if unterminated. */
function skipString(text: string, pos: number): number {
  let i = pos + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return -1;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Returns the index just past the value starting at `pos`, or -1 if the text is malformed there. */
function skipValue(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === 34) return skipString(text, pos);
  if (first !== 123 && first !== 91) {
    let i = pos;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 44 || code === 125 || code === 93 || code === 32 || code === 10 || code === 13 || code === 9) break;
      i++;
    }
    return i > pos ? i : -1;
  }
  let depth = 0;
  let i = pos;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = skipString(text, i);
      if (i === -1) return -1;
      continue;
    }
    if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Decodes a JSON string literal's raw content (between the quotes) without throwing. */
function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    const decoded: unknown = JSON.parse(`"${raw}"`);
    return typeof decoded === 'string' ? decoded : raw;
  } catch {
    return raw;
  }
}

/** Maps a decoded-character index inside the string at `start` (its quote) to a raw text offset. */
function rawOffsetInString(text: string, start: number, index: number): number {
  let raw = start + 1;
  for (let decoded = 0; decoded < index; decoded++) {
    const code = text.charCodeAt(raw);
    if (code === 34 || Number.isNaN(code)) return raw;
    raw += code === 92 ? (text.charAt(raw + 1) === 'u' ? 6 : 2) : 1;
  }
  return raw;
}

/** Finds the offsets of the node at `segments`: its value and, for object members, its key. */
function findOffsets(text: string, segments: readonly string[]): { value: number; key?: number } | undefined {
  let pos = skipWhitespace(text, 0);
  let key: number | undefined;
  for (const segment of segments) {
    const open = text.charCodeAt(pos);
    key = undefined;
    if (open === 123) {
      // First match wins (JSON.parse keeps the last of duplicate keys; stopping early keeps locating cheap).
      let match: { key: number; value: number } | undefined;
      pos = skipWhitespace(text, pos + 1);
      while (text.charCodeAt(pos) === 34) {
        const keyEnd = skipString(text, pos);
        if (keyEnd === -1) break;
        const keyStart = pos;
        const name = decodeKey(text.slice(pos + 1, keyEnd - 1));
        pos = skipWhitespace(text, keyEnd);
        if (text.charCodeAt(pos) !== 58) break;
        pos = skipWhitespace(text, pos + 1);
        if (name === segment) {
          match = { key: keyStart, value: pos };
          break;
        }
        pos = skipValue(text, pos);
        if (pos === -1) break;
        pos = skipWhitespace(text, pos);
        if (text.charCodeAt(pos) !== 44) break;
        pos = skipWhitespace(text, pos + 1);
      }
      if (match === undefined) return undefined;
      key = match.key;
      pos = match.value;
    } else if (open === 91) {
      if (!/^(?:0|[1-9][0-9]*)$/.test(segment)) return undefined;
      let remaining = Number(segment);
      pos = skipWhitespace(text, pos + 1);
      if (text.charCodeAt(pos) === 93) return undefined;
      while (remaining > 0) {
        pos = skipValue(text, pos);
        if (pos === -1) return undefined;
        pos = skipWhitespace(text, pos);
        if (text.charCodeAt(pos) !== 44) return undefined;
        pos = skipWhitespace(text, pos + 1);
        remaining--;
      }
    } else {
      return undefined;
    }
  }
  return key === undefined ? { value: pos } : { value: pos, key };
}

/**
 * Finds the line and column of the node at an RFC 6901 pointer by scanning the text, without
 * building values: long strings are skipped with `indexOf`. Meant to run only when problems exist.
 * Returns undefined when the pointer does not lead to a node; never throws.
 */
export function locatePointer(text: string, pointer: string, options: LocateOptions = {}): SourcePosition | undefined {
  const segments = parsePointer(pointer);
  if (segments === undefined) return undefined;
  const found = findOffsets(text, segments);
  if (found === undefined || found.value >= text.length) return undefined;
  let offset = options.atKey === true && found.key !== undefined ? found.key : found.value;
  if (options.offset !== undefined && options.atKey !== true && text.charCodeAt(found.value) === 34) {
    offset = rawOffsetInString(text, found.value, options.offset);
  }
  return toSourcePosition(text, offset);
}
