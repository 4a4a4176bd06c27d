const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text (UTF-8 bytes) nests objects and arrays deeper than `maxDepth`, found in one pass
 * before parsing. Structural characters are ASCII and never occur inside a UTF-8 multi-byte sequence,
 * so bytes are scanned directly; brackets inside strings are skipped. Deep values cannot be cloned to
 * another thread or serialised again (V8 recurses), so they are refused before they exist.
 */
export function exceedsJsonDepth(bytes: Uint8Array | string, maxDepth: number): boolean {
  // Text is scanned by UTF-16 code unit: structural characters are ASCII there too, so no copy to bytes is needed.
  const text = typeof bytes === 'string';
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = text ? bytes.charCodeAt(index) : bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
